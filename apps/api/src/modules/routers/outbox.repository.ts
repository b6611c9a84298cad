import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { RouterProfile, RouterUser } from './entities/desired-state.entity';
import { OpStatus, ProvisioningOp } from './entities/provisioning-op.entity';
import type { HotspotProfileSpec, HotspotUserSpec } from './provisioning.types';

export interface OpCounts {
  pending: number;
  applying: number;
  dead: number;
  done: number;
}

/** What a batch of operations does to the desired state, after folding them in order. */
export interface DesiredStateChange {
  profileUpserts: Array<{ routerId: string; spec: HotspotProfileSpec }>;
  profileRemovals: Array<{ routerId: string; name: string }>;
  userUpserts: Array<{ routerId: string; spec: HotspotUserSpec }>;
  userRemovals: Array<{ routerId: string; name: string }>;
  userDisabled: Array<{ routerId: string; name: string; disabled: boolean }>;
}

function groupByRouter<T>(rows: Array<{ routerId: string; spec: T }>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const { routerId, spec } of rows) groups.set(routerId, [...(groups.get(routerId) ?? []), spec]);
  return groups;
}

/** The provisioning outbox and the desired state it maintains. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insertOps(manager: EntityManager, ops: Array<Pick<ProvisioningOp, 'providerId' | 'routerId' | 'type' | 'target' | 'payload'>>): Promise<void> {
    // chunks of 2,000 in order, in one transaction, each inserted in array order (WITH ORDINALITY),
    // keep the seq order equal to the array order; raw SQL: every voucher sale comes through here
    for (let i = 0; i < ops.length; i += 2000) {
      const chunk = ops.slice(i, i + 2000).map((o) => ({ provider_id: o.providerId, router_id: o.routerId, type: o.type, target: o.target, payload: o.payload }));
      await manager.query(
        `INSERT INTO router_provisioning_ops (provider_id, router_id, type, target, payload, status, attempts)
         SELECT x.provider_id, x.router_id, x.type, x.target, x.payload, 'pending', 0
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (provider_id uuid, router_id uuid, type varchar, target varchar, payload jsonb)) WITH ORDINALITY AS x(provider_id, router_id, type, target, payload, ord)
          ORDER BY x.ord`,
        [JSON.stringify(chunk)],
      );
    }
  }

  /** Applies a folded batch of desired-state changes with one statement per kind of change. */
  async applyDesiredState(manager: EntityManager, providerId: string, change: DesiredStateChange): Promise<void> {
    for (const [routerId, specs] of groupByRouter(change.profileUpserts)) {
      for (const spec of specs) await this.upsertProfile(manager, providerId, routerId, spec);
    }
    if (change.profileRemovals.length) {
      await manager.query(`DELETE FROM router_profiles p USING unnest($1::uuid[], $2::text[]) AS v(router_id, name) WHERE p.router_id = v.router_id AND p.name = v.name`, [
        change.profileRemovals.map((r) => r.routerId),
        change.profileRemovals.map((r) => r.name),
      ]);
    }
    for (const [routerId, specs] of groupByRouter(change.userUpserts)) await this.upsertUsers(manager, providerId, routerId, specs);
    if (change.userRemovals.length) {
      await manager.query(`DELETE FROM router_users u USING unnest($1::uuid[], $2::text[]) AS v(router_id, name) WHERE u.router_id = v.router_id AND u.name = v.name`, [
        change.userRemovals.map((r) => r.routerId),
        change.userRemovals.map((r) => r.name),
      ]);
    }
    if (change.userDisabled.length) {
      await manager.query(
        `UPDATE router_users u SET disabled = v.disabled, spec = jsonb_set(u.spec, '{disabled}', to_jsonb(v.disabled)), updated_at = now(),
                  confirmed_at = CASE WHEN u.disabled = v.disabled THEN u.confirmed_at END
           FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS v(router_id, name, disabled)
          WHERE u.router_id = v.router_id AND u.name = v.name`,
        [change.userDisabled.map((r) => r.routerId), change.userDisabled.map((r) => r.name), change.userDisabled.map((r) => r.disabled)],
      );
    }
  }

  /**
   * Claims the head operation (lowest seq not yet done/dead) of up to `limit` routers whose
   * head is due, with FOR UPDATE SKIP LOCKED so concurrent workers never take the same
   * router's head; marks them `applying` under a lease. Commits before any router call.
   */
  claimHeads(limit: number, leaseMs: number, skipRouterIds: string[] = []): Promise<ProvisioningOp[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        // each router's head (lowest seq still pending or applying) found with one sorted pass: the
        // former NOT EXISTS (an earlier open op) became a hash anti-join quadratic in a router's backlog
        // (12,000 queued operations: 10 s per claim, 76 M rows compared; this form: 44 ms)
        `SELECT o.id FROM router_provisioning_ops o
          WHERE o.id IN (SELECT DISTINCT ON (h.router_id) h.id FROM router_provisioning_ops h
                          WHERE h.status IN ('pending', 'applying') ORDER BY h.router_id, h.seq)
            AND (o.status = 'pending' OR (o.status = 'applying' AND o.locked_until < now()))
            AND o.next_attempt_at <= now()
            AND NOT (o.router_id = ANY($2::uuid[]))
          ORDER BY o.seq
          LIMIT $1
          FOR UPDATE OF o SKIP LOCKED`,
        [limit, skipRouterIds],
      );
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await manager.query(`UPDATE router_provisioning_ops SET status = 'applying', locked_until = now() + ($2 || ' milliseconds')::interval, updated_at = now() WHERE id = ANY($1)`, [
        ids,
        String(leaseMs),
      ]);
      return manager.getRepository(ProvisioningOp).find({ where: { id: In(ids) }, order: { seq: 'ASC' } });
    });
  }

  async markDone(id: string): Promise<void> {
    await this.dataSource.getRepository(ProvisioningOp).update(id, { status: 'done', appliedAt: new Date(), lockedUntil: null, lastError: null, lastErrorCode: null });
  }

  async markFailed(id: string, attempts: number, dead: boolean, nextAttemptAt: Date, code: string, message: string): Promise<void> {
    await this.dataSource
      .getRepository(ProvisioningOp)
      .update(id, { status: dead ? 'dead' : 'pending', attempts, nextAttemptAt, lockedUntil: null, lastError: message.slice(0, 1000), lastErrorCode: code.slice(0, 32) });
  }

  /** A router came back: its waiting operations are due now. */
  async wakeRouter(routerId: string): Promise<number> {
    const res = await this.dataSource.getRepository(ProvisioningOp).update({ routerId, status: 'pending' }, { nextAttemptAt: new Date() });
    return res.affected ?? 0;
  }

  /** "Retry now": dead-lettered operations get a fresh set of attempts; waiting ones are due now. */
  async retryRouter(routerId: string, opId?: string): Promise<number> {
    const where = opId ? { routerId, id: opId } : { routerId };
    const repo = this.dataSource.getRepository(ProvisioningOp);
    const pending = await repo.update({ ...where, status: 'pending' }, { nextAttemptAt: new Date() });
    const dead = await repo.update({ ...where, status: 'dead' }, { status: 'pending', attempts: 0, nextAttemptAt: new Date() });
    return (dead.affected ?? 0) + (pending.affected ?? 0);
  }

  async counts(routerIds: string[]): Promise<Map<string, OpCounts>> {
    const out = new Map<string, OpCounts>();
    if (routerIds.length === 0) return out;
    const rows: Array<{ router_id: string; status: OpStatus; n: number }> = await this.dataSource.query(
      `SELECT router_id, status, count(*)::int AS n FROM router_provisioning_ops WHERE router_id = ANY($1) AND status <> 'done' GROUP BY router_id, status`,
      [routerIds],
    );
    for (const id of routerIds) out.set(id, { pending: 0, applying: 0, dead: 0, done: 0 });
    for (const r of rows) out.get(r.router_id)![r.status] = r.n;
    return out;
  }

  /**
   * Every router that is not in sync (platform-wide, for system health): waiting or
   * dead-lettered operations, or users the router has not confirmed (a refused bulk push, a
   * router that lost them).
   */
  async backlog(limit: number): Promise<Array<{ routerId: string; pending: number; dead: number; unconfirmed: number; oldestPendingAt: Date | null; lastError: string | null }>> {
    const rows = await this.dataSource.query<{ router_id: string; pending: number; dead: number; unconfirmed: number; oldest: Date | null; last_error: string | null }[]>(
      `WITH ops AS (
         SELECT router_id, count(*) FILTER (WHERE status IN ('pending', 'applying'))::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead,
                min(created_at) FILTER (WHERE status IN ('pending', 'applying')) AS oldest, (array_agg(last_error ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
           FROM router_provisioning_ops WHERE status <> 'done' GROUP BY router_id),
       users AS (SELECT router_id, count(*)::int AS unconfirmed FROM router_users WHERE confirmed_at IS NULL GROUP BY router_id)
       SELECT coalesce(ops.router_id, users.router_id) AS router_id, coalesce(ops.pending, 0) AS pending, coalesce(ops.dead, 0) AS dead, coalesce(users.unconfirmed, 0) AS unconfirmed, ops.oldest, ops.last_error
         FROM ops FULL JOIN users ON users.router_id = ops.router_id
        ORDER BY coalesce(ops.dead, 0) DESC, coalesce(users.unconfirmed, 0) DESC, coalesce(ops.pending, 0) DESC, 1 LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ routerId: r.router_id, pending: r.pending, dead: r.dead, unconfirmed: r.unconfirmed, oldestPendingAt: r.oldest ? new Date(r.oldest) : null, lastError: r.last_error }));
  }

  /**
   * What reached routers since `since` (router sync success rate): operations applied vs
   * dead-lettered, plus each bulk push's users the router took vs refused (a push that failed
   * outright counts all its users as refused).
   */
  async outcomes(since: Date, providerId?: string): Promise<{ applied: number; deadLettered: number }> {
    const params: unknown[] = [since];
    if (providerId) params.push(providerId);
    const [row] = await this.dataSource.query<{ applied: number; dead: number }[]>(
      `SELECT (SELECT count(*) FILTER (WHERE status = 'done' AND applied_at >= $1) FROM router_provisioning_ops
                WHERE status IN ('done', 'dead') AND updated_at >= $1 ${providerId ? 'AND provider_id = $2' : ''})::int
              + (SELECT coalesce(sum(done), 0) FROM router_bulk_syncs WHERE finished_at >= $1 ${providerId ? 'AND provider_id = $2' : ''})::int AS applied,
              (SELECT count(*) FILTER (WHERE status = 'dead' AND updated_at >= $1) FROM router_provisioning_ops
                WHERE status IN ('done', 'dead') AND updated_at >= $1 ${providerId ? 'AND provider_id = $2' : ''})::int
              + (SELECT coalesce(sum(total - done), 0) FROM router_bulk_syncs WHERE finished_at >= $1 AND status = 'failed' ${providerId ? 'AND provider_id = $2' : ''})::int AS dead`,
      params,
    );
    return { applied: row.applied, deadLettered: row.dead };
  }

  listOps(routerId: string, statuses: OpStatus[], take: number): Promise<ProvisioningOp[]> {
    return this.dataSource.getRepository(ProvisioningOp).find({ where: { routerId, status: In(statuses) }, order: { seq: 'DESC' }, take });
  }

  findOp(routerId: string, id: string): Promise<ProvisioningOp | null> {
    return this.dataSource.getRepository(ProvisioningOp).findOneBy({ routerId, id });
  }

  // ---- desired state ----

  /**
   * Every voucher sale re-states its plan's profile. An unchanged profile is not written: an
   * ON CONFLICT update would lock the row until the sale commits, and every sale on the router
   * would wait for the one before it (docs/benchmarks.md "STK callbacks").
   */
  async upsertProfile(manager: EntityManager, providerId: string, routerId: string, spec: HotspotProfileSpec): Promise<void> {
    await manager.query(
      `INSERT INTO router_profiles (provider_id, router_id, name, spec)
       SELECT $1::uuid, $2::uuid, $3::text, $4::jsonb
        WHERE NOT EXISTS (SELECT 1 FROM router_profiles WHERE router_id = $2::uuid AND name = $3::text AND spec = $4::jsonb)
       ON CONFLICT (router_id, name) DO UPDATE SET spec = EXCLUDED.spec, updated_at = now()`,
      [providerId, routerId, spec.name, JSON.stringify(spec)],
    );
  }

  /**
   * Inserts or replaces desired users. A user whose spec or disabled flag changes loses its
   * confirmation (the router has not seen the new version yet); an identical re-push keeps it.
   */
  async upsertUsers(manager: EntityManager, providerId: string, routerId: string, specs: HotspotUserSpec[]): Promise<void> {
    for (let i = 0; i < specs.length; i += 1000) {
      const chunk = specs.slice(i, i + 1000).map((spec) => ({ name: spec.name, spec, disabled: spec.disabled ?? false }));
      await manager.query(
        `INSERT INTO router_users (provider_id, router_id, name, spec, disabled)
         SELECT $1, $2, x.name, x.spec, x.disabled FROM jsonb_to_recordset($3::jsonb) AS x(name text, spec jsonb, disabled boolean)
         ON CONFLICT (router_id, name) DO UPDATE SET spec = EXCLUDED.spec, disabled = EXCLUDED.disabled, updated_at = now(),
           confirmed_at = CASE WHEN router_users.spec = EXCLUDED.spec AND router_users.disabled = EXCLUDED.disabled THEN router_users.confirmed_at END`,
        [providerId, routerId, JSON.stringify(chunk)],
      );
    }
  }

  /**
   * The router confirmed these users (as specified when `asOf` was taken): users changed after
   * `asOf` stay unconfirmed, because the router answered for an older version. Compared at
   * millisecond precision: `asOf` comes back through a JavaScript Date.
   */
  async confirmUsers(routerId: string, names: string[], asOf: Date): Promise<number> {
    if (names.length === 0) return 0;
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE router_users SET confirmed_at = now() WHERE router_id = $1 AND name = ANY($2::text[]) AND date_trunc('milliseconds', updated_at) <= $3 RETURNING 1`,
      [routerId, names, asOf],
    );
    return rows.length;
  }

  /** The database's clock: the `asOf` of a read of the router (app and database clocks may differ). */
  async now(): Promise<Date> {
    const [row] = await this.dataSource.query<Array<{ now: Date }>>(`SELECT clock_timestamp() AS now`);
    return new Date(row.now);
  }

  /** Users of this router the router has confirmed. */
  async confirmedNames(routerId: string): Promise<string[]> {
    const rows: Array<{ name: string }> = await this.dataSource.query(`SELECT name FROM router_users WHERE router_id = $1 AND confirmed_at IS NOT NULL`, [routerId]);
    return rows.map((r) => r.name);
  }

  /** The router was found without these users (reset, replaced, removed by hand). */
  async unconfirmUsers(routerId: string, names: string[]): Promise<number> {
    if (names.length === 0) return 0;
    const rows: unknown[] = await this.dataSource.query(`UPDATE router_users SET confirmed_at = NULL WHERE router_id = $1 AND name = ANY($2::text[]) AND confirmed_at IS NOT NULL RETURNING 1`, [
      routerId,
      names,
    ]);
    return rows.length;
  }

  /** Per router of `routerIds`: how many of `names` the platform wants there, and how many the router confirmed. */
  async confirmation(routerIds: string[], names: string[]): Promise<Map<string, { wanted: number; confirmed: number }>> {
    const out = new Map<string, { wanted: number; confirmed: number }>(routerIds.map((id) => [id, { wanted: 0, confirmed: 0 }]));
    if (names.length === 0 || routerIds.length === 0) return out;
    const rows: Array<{ router_id: string; wanted: number; confirmed: number }> = await this.dataSource.query(
      `SELECT router_id, count(*)::int AS wanted, count(confirmed_at)::int AS confirmed FROM router_users WHERE router_id = ANY($1::uuid[]) AND name = ANY($2::text[]) GROUP BY router_id`,
      [routerIds, names],
    );
    for (const r of rows) out.set(r.router_id, { wanted: r.wanted, confirmed: r.confirmed });
    return out;
  }

  /** For one router: desired users, and how many of them the router confirmed. */
  async confirmationOf(routerId: string): Promise<{ wanted: number; confirmed: number }> {
    const [row] = await this.dataSource.query<
      Array<{
        wanted: number;
        confirmed: number;
      }>
    >(`SELECT count(*)::int AS wanted, count(confirmed_at)::int AS confirmed FROM router_users WHERE router_id = $1`, [routerId]);
    return row;
  }

  findDesiredUser(routerId: string, name: string): Promise<RouterUser | null> {
    return this.dataSource.getRepository(RouterUser).findOneBy({ routerId, name });
  }

  desiredUsers(routerId: string): Promise<RouterUser[]> {
    return this.dataSource.getRepository(RouterUser).find({ where: { routerId }, order: { name: 'ASC' } });
  }

  desiredProfiles(routerId: string): Promise<RouterProfile[]> {
    return this.dataSource.getRepository(RouterProfile).find({ where: { routerId }, order: { name: 'ASC' } });
  }
}
