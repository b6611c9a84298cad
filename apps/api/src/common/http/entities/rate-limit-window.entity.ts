import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One fixed window of a shared rate limit (SharedRateLimiter): hits of `key` in `bucket` since `windowStart`. */
@Entity('rate_limit_windows')
export class RateLimitWindow {
  /** the rule's name, e.g. `auth-login` */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  bucket: string;

  /** `ip:203.0.113.7`, `ip:2001:db8:1:2::/64`, `device:<routerId>:<MAC>` */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @PrimaryColumn({ type: 'timestamptz' })
  windowStart: Date;

  /** the window's end: the cleanup deletes windows past it */
  @Index('idx_rate_limit_windows_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'int' })
  count: number;
}
