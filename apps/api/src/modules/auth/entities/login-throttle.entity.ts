import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Login attempts counted by LoginThrottleService, shared by every API instance: per (account,
 * client IP) and per client IP they block with growing delays; per account they only count, to
 * raise the "account under attack" alert.
 */
@Entity('login_throttles')
export class LoginThrottle {
  /** `account_ip`, `ip` or `account` */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  scope: string;

  /** `owner@example.test|203.0.113.7`, `2001:db8:1:2::/64`, `owner@example.test` */
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key: string;

  /** attempts counted since the row was last quiet (reserved attempts count until they succeed) */
  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastFailureAt: Date | null;

  /** no attempt is verified before this */
  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;

  /** account scope: when the "under attack" alert was last raised */
  @Column({ type: 'timestamptz', nullable: true })
  alertedAt: Date | null;
}
