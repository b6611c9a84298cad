import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Login failures per router target and the routers trusted there (router_login_targets, router_login_trust). */
@Injectable()
export class RouterLoginRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one failed login in a fixed window (a new window starts when the last one is older
   * than `windowSeconds`); at `maxFailures` the target is locked for `lockSeconds`. One atomic
   * statement, so instances sharing the database count together. Returns the lock end, if any.
   */
  async recordFailure(target: string, maxFailures: number, windowSeconds: number, lockSeconds: number, now = new Date()): Promise<Date | null> {
    const rows: Array<{ locked_until: Date | null }> = await this.dataSource.query(
      `INSERT INTO router_login_targets AS t (target, window_started_at, failures, locked_until)
       VALUES ($1, $2, 1, CASE WHEN 1 >= $3 THEN $2::timestamptz + make_interval(secs => $5) END)
       ON CONFLICT (target) DO UPDATE SET
         window_started_at = CASE WHEN t.window_started_at <= $2::timestamptz - make_interval(secs => $4) THEN $2 ELSE t.window_started_at END,
         failures = CASE WHEN t.window_started_at <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN t.window_started_at <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END) >= $3
             THEN GREATEST(COALESCE(t.locked_until, $2), $2::timestamptz + make_interval(secs => $5))
           ELSE t.locked_until END
       RETURNING locked_until`,
      [target, now, maxFailures, windowSeconds, lockSeconds],
    );
    return rows[0]?.locked_until ?? null;
  }

  /** The lock end when the target is locked now, else null. */
  async lockedUntil(target: string, now = new Date()): Promise<Date | null> {
    const rows: Array<{ locked_until: Date }> = await this.dataSource.query('SELECT locked_until FROM router_login_targets WHERE target = $1 AND locked_until > $2', [target, now]);
    return rows[0]?.locked_until ?? null;
  }

  async isTrusted(routerId: string, target: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM router_login_trust WHERE router_id = $1 AND target = $2', [routerId, target]);
    return rows.length > 0;
  }

  async trust(routerId: string, target: string, now = new Date()): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO router_login_trust (router_id, target, verified_at) VALUES ($1, $2, $3)
       ON CONFLICT (router_id, target) DO UPDATE SET verified_at = EXCLUDED.verified_at`,
      [routerId, target, now],
    );
  }

  /** The router's credentials changed (or it was deleted): it must log in again to be trusted. */
  async forgetRouter(routerId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query('DELETE FROM router_login_trust WHERE router_id = $1', [routerId]);
  }
}
