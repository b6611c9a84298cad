import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FleetWorkKind } from './entities/router-fleet-work.entity';

/** A router one instance claimed for one kind of work, and how many times in a row it failed before. */
export interface FleetClaim {
  routerId: string;
  failures: number;
}

/** One cycle's shape: what counts as due (due at or before `cutoff`) and where its next turn is counted from. */
export interface FleetCycle {
  kind: FleetWorkKind;
  /** the database's time when the cycle began: a router is worked in this cycle when its turn is due by then */
  cutoff: Date;
  /** the minute the cycle belongs to (its cron tick): the next turn is this plus the interval, or the back-off */
  start: Date;
  /** providers whose routers get this work (active ones; reconcile also suspended ones) */
  providerIds: string[];
}

/**
 * Routers' turns for the periodic fleet work, shared by every API instance through leases (the
 * same `FOR UPDATE SKIP LOCKED` pattern as the provisioning outbox): each instance claims a slice
 * of due routers, works it and records the outcome; a slice whose holder died is claimable again
 * once its lease has run out (docs/monitoring.md "Fleet work across instances").
 */
@Injectable()
export class FleetWorkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Starts a cycle: every router gets a row for the kind (a new router is due at once), and
   * `force` (run now, tests) makes every router due now, backed-off ones included.
   */
  async beginCycle(kind: FleetWorkKind, force: boolean): Promise<{ cutoff: Date; start: Date }> {
    await this.dataSource.query(`INSERT INTO router_fleet_work (router_id, kind, next_at) SELECT id, $1, '-infinity' FROM routers ON CONFLICT (router_id, kind) DO NOTHING`, [kind]);
    // to the millisecond: the cutoff below reaches JavaScript as a Date (milliseconds), and a turn set
    // at now() a few microseconds before it would otherwise lie after the truncated cutoff
    if (force) await this.dataSource.query(`UPDATE router_fleet_work SET next_at = date_trunc('milliseconds', now()) WHERE kind = $1 AND next_at > now()`, [kind]);
    const [row] = await this.dataSource.query<{ cutoff: Date; start: Date }[]>(`SELECT now() AS cutoff, date_trunc('minute', now()) AS start`);
    return row;
  }

  /** The providers that own routers (the caller filters them by status). */
  async providersWithRouters(): Promise<string[]> {
    const rows = await this.dataSource.query<{ provider_id: string }[]>(`SELECT DISTINCT provider_id FROM routers`);
    return rows.map((r) => r.provider_id);
  }

  /**
   * Claims up to `limit` due routers no live lease holds, under a lease of `leaseSeconds` for
   * `holder`. Fair between providers: routers are taken round-robin by provider (each provider's
   * first due router, then each one's second, …), and routers that answered last time before
   * the ones that failed, so one provider's dead fleet never holds up another's live routers.
   */
  async claim(cycle: FleetCycle, holder: string, limit: number, leaseSeconds: number): Promise<FleetClaim[]> {
    if (!cycle.providerIds.length) return [];
    // the window function cannot sit under FOR UPDATE: rank the candidates first (a few times the
    // slice, so a concurrent claimer that locked some still leaves enough), then lock and re-check
    // an UPDATE answers [rows, affected count] through TypeORM
    const [rows] = await this.dataSource.query<[{ router_id: string; failures: number }[], number]>(
      `WITH ranked AS (
         SELECT w.router_id, w.failures > 0 AS failing,
                row_number() OVER (PARTITION BY r.provider_id, w.failures > 0 ORDER BY w.next_at, w.router_id) AS turn
           FROM router_fleet_work w JOIN routers r ON r.id = w.router_id
          WHERE w.kind = $1 AND w.next_at <= $2 AND (w.lease_until IS NULL OR w.lease_until < now()) AND r.provider_id = ANY($3::uuid[])
          ORDER BY failing, turn
          LIMIT $4::int * 4
       ), picked AS (
         SELECT w.router_id
           FROM router_fleet_work w JOIN ranked c ON c.router_id = w.router_id
          WHERE w.kind = $1 AND w.next_at <= $2 AND (w.lease_until IS NULL OR w.lease_until < now())
          ORDER BY c.failing, c.turn
          LIMIT $4::int
            FOR UPDATE OF w SKIP LOCKED
       )
       UPDATE router_fleet_work w SET lease_until = now() + make_interval(secs => $5::float8), leased_by = $6
         FROM picked WHERE w.kind = $1 AND w.router_id = picked.router_id
       RETURNING w.router_id, w.failures`,
      [cycle.kind, cycle.cutoff, cycle.providerIds, limit, leaseSeconds, holder],
    );
    return rows.map((r) => ({ routerId: r.router_id, failures: r.failures }));
  }

  /**
   * Records a claimed router's outcome and releases it: next turn one interval after the cycle's
   * minute, or after a failure the interval doubled per failure in a row, capped at
   * `capSeconds` (never below the interval); `instance` is recorded as who did it. False when the lease was lost meanwhile (another
   * instance took the router over): the row is then that instance's to record.
   */
  async complete(cycle: FleetCycle, routerId: string, instance: string, holder: string, ok: boolean, intervalSeconds: number, capSeconds: number): Promise<boolean> {
    const [rows] = await this.dataSource.query<[{ router_id: string }[], number]>(
      `UPDATE router_fleet_work
          SET lease_until = NULL, leased_by = NULL, done_at = now(), done_by = $8,
              failures = CASE WHEN $4::boolean THEN 0 ELSE least(failures + 1, 1000) END,
              next_at = $5::timestamptz + make_interval(secs => CASE WHEN $4::boolean THEN $6::float8
                          ELSE least($6::float8 * power(2, least(failures, 20)), greatest($7::float8, $6::float8)) END)
        WHERE router_id = $1 AND kind = $2 AND leased_by = $3
        RETURNING router_id`,
      [routerId, cycle.kind, holder, ok, cycle.start, intervalSeconds, capSeconds, instance],
    );
    return rows.length === 1;
  }

  /** Routers of the cycle not done yet: due and free, or held by a lease (another instance's, or one that will run out). */
  async remaining(cycle: FleetCycle): Promise<number> {
    if (!cycle.providerIds.length) return 0;
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM router_fleet_work w JOIN routers r ON r.id = w.router_id
        WHERE w.kind = $1 AND w.next_at <= $2 AND r.provider_id = ANY($3::uuid[])`,
      [cycle.kind, cycle.cutoff, cycle.providerIds],
    );
    return row.n;
  }

  /** Who did how much of the cycle (routers done since the cycle's minute, by instance). */
  async doneBy(kind: FleetWorkKind, since: Date): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ done_by: string; n: number }[]>(
      `SELECT done_by, count(*)::int AS n FROM router_fleet_work WHERE kind = $1 AND done_at >= $2 AND done_by IS NOT NULL GROUP BY done_by`,
      [kind, since],
    );
    return new Map(rows.map((r) => [r.done_by, r.n]));
  }
}
