import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../../common/auth/principal';
// type-only: a value import would load the providers module (and its Nest wiring) with the entities
import type { Provider } from '../../providers';

@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Index('idx_users_provider', ['providerId'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @ManyToOne('Provider', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'provider_id' })
  provider?: Provider | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /**
   * Carried in every access token (`ver`): a password change raises it, so every access token
   * issued before stops at its next request (the JWT strategy reads this row anyway).
   */
  @Column({ type: 'integer', default: 0 })
  sessionVersion: number;

  /** Set for a user created with a temporary password (staff): only me, change-password and logout until it is replaced. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
