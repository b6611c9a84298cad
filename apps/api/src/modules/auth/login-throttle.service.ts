import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { clientKey } from '../../common/http/client-ip';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';

/** Failed logins from one IP (all accounts) may reach this multiple of the per-(account, IP) limit (shared NATs). */
const IP_FAILURE_FACTOR = 4;
/** The first block after the limit; each further failure doubles it, up to LOGIN_LOCK_SECONDS. */
const FIRST_DELAY_SECONDS = 60;
/** Rows quiet for this long (no failure, no block) are forgotten. */
const FORGET_AFTER_MS = 86_400_000;
const CLEANUP_MS = 10 * 60_000;

type Scope = 'account_ip' | 'ip';

interface Row {
  scope: Scope;
  key: string;
  failures: number;
  last_failure_at: Date | null;
  blocked_until: Date | null;
}

/** A reserved login attempt: settle it with succeeded() or failed(). */
export interface LoginAttempt {
  email: string;
  ipKey: string;
}

export type Reservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * Login throttling in PostgreSQL (`login_throttles`), shared by every API instance:
 *
 * - an attempt is **reserved before the password is verified**, under row locks: it counts as a
 *   failure until it succeeds, so parallel guesses cannot all pass a check before any failure is
 *   recorded — at most LOGIN_MAX_FAILURES are ever verified;
 * - the budget is per (account, client IP) — LOGIN_MAX_FAILURES — and per client IP over all
 *   accounts — IP_FAILURE_FACTOR × that; past it, attempts wait 1 min, then 2, 4 … up to
 *   LOGIN_LOCK_SECONDS (a failure after a wait doubles the next one); a counter quiet for
 *   LOGIN_LOCK_SECONDS after its wait starts from zero;
 * - failures against one account from many IPs lock nobody out (the owner still logs in from
 *   their own IP): they are counted per account and raise an alert (`auth.account_under_attack`)
 *   when they reach IP_FAILURE_FACTOR × LOGIN_MAX_FAILURES;
 * - a success clears the (account, IP) counter and gives the IP back its reserved attempt.
 *
 * Client IPs are keyed by clientKey() (IPv6 by /64).
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.cleanup().catch((err: Error) => this.logger.warn(`cleanup failed: ${err.message}`)), CLEANUP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reserves one attempt of `email` from `ip`, or says how long to wait. */
  async reserve(email: string, ip: string | null, now = new Date()): Promise<Reservation> {
    const attempt = { email: email.toLowerCase(), ipKey: clientKey(ip) };
    const { loginMaxFailures } = this.config.auth;
    const targets: Array<[Scope, string, number]> = [
      ['account_ip', `${attempt.email}|${attempt.ipKey}`, loginMaxFailures],
      ['ip', attempt.ipKey, loginMaxFailures * IP_FAILURE_FACTOR],
    ];
    return inTransaction(this.dataSource, async (manager) => {
      const rows = await this.lockRows(manager, targets);
      const blockedUntil = rows
        .map((row) => (this.quiet(row, now) ? null : row.blocked_until))
        .filter((until): until is Date => until !== null && until > now)
        .map((until) => until.getTime());
      if (blockedUntil.length) return { ok: false as const, retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...blockedUntil) - now.getTime()) / 1000)) };
      for (const [i, [, , limit]] of targets.entries()) {
        const row = rows[i];
        const failures = (this.quiet(row, now) ? 0 : row.failures) + 1;
        const blocked = failures >= limit ? new Date(now.getTime() + this.delaySeconds(failures - limit) * 1000) : null;
        await manager.query('UPDATE login_throttles SET failures = $3, last_failure_at = $4, blocked_until = $5 WHERE scope = $1 AND key = $2', [row.scope, row.key, failures, now, blocked]);
      }
      return { ok: true as const, attempt };
    });
  }

  /** The reserved attempt logged in: the (account, IP) counter is cleared, the IP gets its attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const limit = this.config.auth.loginMaxFailures * IP_FAILURE_FACTOR;
    await this.dataSource.query(`DELETE FROM login_throttles WHERE scope = 'account_ip' AND key = $1`, [`${attempt.email}|${attempt.ipKey}`]);
    await this.dataSource.query(
      `UPDATE login_throttles SET failures = GREATEST(failures - 1, 0), blocked_until = CASE WHEN failures - 1 >= $2 THEN blocked_until END WHERE scope = 'ip' AND key = $1`,
      [attempt.ipKey, limit],
    );
  }

  /**
   * The reserved attempt failed (it stays counted). For an existing account the failure is also
   * counted per account, across IPs; returns the count when this failure raises the "under
   * attack" alert (at most once per LOGIN_LOCK_SECONDS), else null.
   */
  async failed(attempt: LoginAttempt, accountExists: boolean, now = new Date()): Promise<number | null> {
    if (!accountExists) return null;
    const { loginMaxFailures, loginLockSeconds } = this.config.auth;
    const threshold = loginMaxFailures * IP_FAILURE_FACTOR;
    const rows: Array<{ failures: number; alert: boolean }> = await this.dataSource.query(
      `INSERT INTO login_throttles AS t (scope, key, failures, last_failure_at) VALUES ('account', $1, 1, $2)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
         last_failure_at = $2,
         alerted_at = CASE
           WHEN (CASE WHEN t.last_failure_at <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END) >= $4
             AND (t.alerted_at IS NULL OR t.alerted_at <= $2::timestamptz - make_interval(secs => $3)) THEN $2
           ELSE t.alerted_at END
       RETURNING failures, alerted_at = $2 AS alert`,
      [attempt.email, now, loginLockSeconds, threshold],
    );
    return rows[0]?.alert ? rows[0].failures : null;
  }

  /** Forgets rows quiet for a day. */
  async cleanup(now = new Date()): Promise<number> {
    const result: [unknown, number] = await this.dataSource.query(
      `DELETE FROM login_throttles WHERE COALESCE(GREATEST(last_failure_at, blocked_until), '-infinity') < $1 AND (alerted_at IS NULL OR alerted_at < $1)`,
      [new Date(now.getTime() - FORGET_AFTER_MS)],
    );
    return result[1];
  }

  /** The rows of the targets, created when missing and locked, in the targets' order (one order for every caller: no deadlocks). */
  private async lockRows(manager: EntityManager, targets: Array<[Scope, string, number]>): Promise<Row[]> {
    const rows: Row[] = [];
    for (const [scope, key] of targets) {
      await manager.query(`INSERT INTO login_throttles (scope, key, failures) VALUES ($1, $2, 0) ON CONFLICT (scope, key) DO NOTHING`, [scope, key]);
      const [row]: Row[] = await manager.query('SELECT scope, key, failures, last_failure_at, blocked_until FROM login_throttles WHERE scope = $1 AND key = $2 FOR UPDATE', [scope, key]);
      rows.push(row);
    }
    return rows;
  }

  /** Quiet: no failure and no block for LOGIN_LOCK_SECONDS — the count starts again from zero. */
  private quiet(row: Row, now: Date): boolean {
    const last = Math.max(row.last_failure_at?.getTime() ?? 0, row.blocked_until?.getTime() ?? 0);
    return now.getTime() - last >= this.config.auth.loginLockSeconds * 1000;
  }

  /** The wait after the `over`-th failure past the limit (0-based): 1 min, 2, 4 … capped at LOGIN_LOCK_SECONDS. */
  private delaySeconds(over: number): number {
    const { loginLockSeconds } = this.config.auth;
    return Math.min(loginLockSeconds, FIRST_DELAY_SECONDS * 2 ** Math.min(over, 20));
  }
}
