import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../../common/auth/principal';
// type-only: a value import would load the providers module (and its Nest wiring) with the entities
import type { Provider } from '../../providers';

@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Index('idx_users_provider', ['providerId'])
/** The super admin's user list, newest first (keyset pagination on created_at, id). */
@Index('idx_users_created', ['createdAt', 'id'])
// case-insensitive "contains" search on e-mail and name: pg_trgm GIN indexes that TypeORM cannot
// describe, so they live in migration AdminUsers only
@Index('idx_users_email_trgm', { synchronize: false })
@Index('idx_users_name_trgm', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /**
   * argon2id. Null for a staff member invited by e-mail who has not set a password yet
   * (docs/email.md, "Staff invitations"): such an account cannot sign in (a null hash is checked
   * against a dummy one, so the answer and its timing are those of a wrong password).
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** A Kenyan mobile as `+2547…`/`+2541…` (the SMS gateway's form), for SMS alerts; optional (docs/alerts.md). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @ManyToOne('Provider', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'provider_id' })
  provider?: Provider | null;

  /** false once deactivated (a super admin, or an owner removing a staff member): no sign-in, no session. */
  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** When it was last deactivated (null while active). */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** Why (the super admin's reason; null for a staff removal). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  deactivationReason: string | null;

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
