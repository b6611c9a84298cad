import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins to one router target (`address:port`, the checked address), counted across all
 * providers: the platform is the one machine every tenant's router API accepts connections
 * from, so it must not become a password-guessing tool against them (issue 17).
 */
@Entity('router_login_targets')
export class RouterLoginTarget {
  /** `203.0.113.10:8728`, `[2001:db8::1]:8729` */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  target: string;

  /** start of the current counting window */
  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;

  /** failed logins in the window */
  @Column({ type: 'int' })
  failures: number;

  /** set when the window reached the limit: until then only trusted routers may log in */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}

/** A saved router whose current credentials logged in at that target (never locked out there). */
@Entity('router_login_trust')
export class RouterLoginTrust {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  target: string;

  @Column({ type: 'timestamptz' })
  verifiedAt: Date;
}
