import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export const PASSWORD_TOKEN_PURPOSES = ['reset', 'invitation'] as const;
/** `reset`: a password-reset link (30 minutes); `invitation`: a staff invitation's set-password link (72 hours). */
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number];

/**
 * The token of an e-mailed link that sets a password (docs/email.md): a password reset or a staff
 * invitation. Single use; a new link of the same purpose voids the user's older unused ones, and
 * setting the password through any link voids every other. Only the SHA-256 of the token is
 * stored; the e-mail carries the token.
 */
@Entity('password_reset_tokens')
@Index('uq_password_reset_tokens_hash', ['tokenHash'], { unique: true })
@Index('idx_password_reset_tokens_user', ['userId'])
export class PasswordResetToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 16, default: 'reset' })
  purpose: PasswordTokenPurpose;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** set when the token set a password */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** set when a newer link of the same purpose (or a password set through another link) voided it */
  @Column({ type: 'timestamptz', nullable: true })
  voidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
