import type { ProviderFixture } from '../../../../../test/factories';
import { createProvider, createSuperAdmin, seedRouters } from '../../../../../test/factories';
import type { TestApp } from '../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../test/setup/test-app';
import type { FleetClaim, FleetCycle } from './fleet-work.repository';
import { FleetWorkRepository } from './fleet-work.repository';
import { RouterGatewayError } from './gateway/router-gateway';
import type { RouterTarget } from './gateway/router-gateway';
import { RouterMonitorService } from './router-monitor.service';
import { RouterTargets } from './router-targets';

/**
 * Fleet work shared through leases (docs/monitoring.md "Fleet work across instances"): claiming,
 * fairness between providers, take-over of an expired lease, and the back-off of failing routers.
 */
describe('fleet work leases against PostgreSQL', () => {
  let t: TestApp;
  let big: ProviderFixture;
  let small: ProviderFixture;
  let bigIds: string[];
  let smallIds: string[];
  let repo: FleetWorkRepository;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createSuperAdmin(t);
    big = await createProvider(t, admin);
    small = await createProvider(t, admin);
    bigIds = await seedRouters(
      t.dataSource,
      big.providerId,
      Array.from({ length: 300 }, (_, i) => ({ name: `Dead ${i}`, status: 'offline' as const })),
    );
    smallIds = await seedRouters(
      t.dataSource,
      small.providerId,
      Array.from({ length: 6 }, (_, i) => ({ name: `Live ${i}`, status: 'online' as const })),
    );
    repo = t.app.get(FleetWorkRepository);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.dataSource.query(`DELETE FROM router_fleet_work`));

  const cycleOf = async (kind: FleetCycle['kind'] = 'usage'): Promise<FleetCycle> => ({ kind, ...(await repo.beginCycle(kind, false)), providerIds: [big.providerId, small.providerId] });

  it('hands each due router to exactly one of several concurrent claimers, and none twice in a cycle', async () => {
    const cycle = await cycleOf();
    const worked = new Map<string, string[]>();
    const claimer = async (holder: string) => {
      for (;;) {
        const slice = await repo.claim(cycle, holder, 7, 60);
        if (!slice.length) return;
        for (const c of slice) {
          worked.set(c.routerId, [...(worked.get(c.routerId) ?? []), holder]);
          expect(await repo.complete(cycle, c.routerId, holder, holder, true, 300, 900)).toBe(true);
        }
      }
    };
    await Promise.all(['a', 'b', 'c'].map(claimer));
    expect(worked.size).toBe(306);
    expect([...worked.values()].filter((h) => h.length !== 1)).toEqual([]);
    const shares = new Set([...worked.values()].map((h) => h[0]));
    expect(shares.size).toBeGreaterThan(1);
    expect(await repo.remaining(cycle)).toBe(0);
    // the same cycle (and a new one in the same minute) finds nothing due: each router's next turn is the next tick
    expect(await repo.claim(await cycleOf(), 'd', 50, 60)).toEqual([]);
    expect([...(await repo.doneBy('usage', cycle.start)).values()].reduce((a, b) => a + b, 0)).toBe(306);
  });

  it('interleaves providers, and puts failing routers after the ones that answered', async () => {
    const first = await repo.claim(await cycleOf(), 'a', 12, 60);
    // round-robin by provider: the small provider's 6 routers are all in the first slice of 12, beside 300 of the other's
    expect(first.filter((c) => smallIds.includes(c.routerId))).toHaveLength(6);
    await t.dataSource.query(`DELETE FROM router_fleet_work`);
    await repo.beginCycle('usage', false);
    await t.dataSource.query(`UPDATE router_fleet_work SET failures = 3 WHERE router_id = ANY($1::uuid[])`, [bigIds.slice(0, 290)]);
    const next = await repo.claim(await cycleOf(), 'a', 16, 60);
    const ids = next.map((c) => c.routerId);
    // 6 live of the small provider and 10 of the big one's that answered last time, no failing one
    expect(ids.filter((id) => smallIds.includes(id))).toHaveLength(6);
    expect(ids.filter((id) => bigIds.slice(290).includes(id))).toHaveLength(10);
  });

  it("lets another instance take over a slice whose holder's lease ran out, and refuses the late holder's record", async () => {
    const cycle = await cycleOf();
    const dead = await repo.claim(cycle, 'crashed', 10, 8);
    let rest: FleetClaim[];
    while ((rest = await repo.claim(cycle, 'alive', 50, 60)).length) for (const c of rest) await repo.complete(cycle, c.routerId, 'alive', 'alive', true, 300, 900);
    expect(await repo.remaining(cycle)).toBe(10); // held by the crashed instance's live lease
    let taken: FleetClaim[] = [];
    for (const deadline = Date.now() + 20_000; !taken.length && Date.now() < deadline;) {
      taken = await repo.claim(cycle, 'alive', 50, 60);
      if (!taken.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(taken.map((c) => c.routerId).sort()).toEqual(dead.map((c) => c.routerId).sort());
    expect(await repo.complete(cycle, dead[0].routerId, 'crashed', 'crashed', true, 300, 900)).toBe(false);
    for (const c of taken) expect(await repo.complete(cycle, c.routerId, 'alive', 'alive', true, 300, 900)).toBe(true);
    expect(await repo.remaining(cycle)).toBe(0);
  });

  it('backs a failing router off 1, 2, 4, 8, 15, 15 minutes, and back to every minute once it answers', async () => {
    const gaps: number[] = [];
    const id = smallIds[0];
    const once = async (ok: boolean) => {
      await t.dataSource.query(`UPDATE router_fleet_work SET next_at = '-infinity' WHERE kind = 'monitor' AND router_id = $1`, [id]);
      const cycle = await cycleOf('monitor');
      const claims = await repo.claim({ ...cycle, providerIds: [small.providerId] }, 'a', 50, 60);
      expect(claims.map((c) => c.routerId)).toContain(id);
      for (const c of claims) await repo.complete(cycle, c.routerId, 'a', 'a', c.routerId === id ? ok : true, 60, 900);
      const [row] = await t.dataSource.query(`SELECT extract(epoch FROM next_at - $2::timestamptz)::int AS gap, failures FROM router_fleet_work WHERE kind = 'monitor' AND router_id = $1`, [
        id,
        cycle.start,
      ]);
      gaps.push(row.gap / 60);
      return row.failures as number;
    };
    for (let i = 0; i < 6; i++) await once(false);
    expect(gaps).toEqual([1, 2, 4, 8, 15, 15]);
    expect(await once(true)).toBe(0);
    expect(gaps.at(-1)).toBe(1);
  });

  it('checks a failing router less often, and its status stays offline meanwhile', async () => {
    const monitor = t.app.get(RouterMonitorService);
    const targets = t.app.get(RouterTargets);
    const failing = smallIds[0];
    jest.spyOn(targets, 'target').mockImplementation((router) => ({ host: router.id }) as unknown as RouterTarget);
    const checked: string[] = [];
    jest.spyOn(targets.gateway, 'health').mockImplementation(async (target) => {
      checked.push(target.host);
      if (target.host === failing) throw new RouterGatewayError('TIMEOUT', 'no answer in 10000 ms');
      return { uptimeSeconds: 100, identity: 'Live', boardName: 'hAP', version: '7.16', cpuLoad: 3, freeMemory: 50, totalMemory: 100, activeSessions: 0 };
    });
    // the steps below count on staying within one minute of the clock (a new minute makes every router due)
    for (const deadline = Date.now() + 15_000; new Date().getSeconds() > 45 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 250));
    try {
      // the big provider suspended: its 300 routers are not monitored
      await t.dataSource.query(`UPDATE providers SET status = 'suspended' WHERE id = $1`, [big.providerId]);
      const first = await monitor.monitorCycle();
      expect(first.counts).toEqual({ online: 5, offline: 1, error: 0 });
      expect(first.cycle).toMatchObject({ here: 6, done: 6, instances: 1 });
      expect(checked.sort()).toEqual([...smallIds].sort());
      // a minute later (every turn moved a minute back): the failing router's back-off has grown to 2 minutes after its second failure
      const minuteLater = () => t.dataSource.query(`UPDATE router_fleet_work SET next_at = next_at - interval '1 minute' WHERE kind = 'monitor'`);
      checked.length = 0;
      await minuteLater();
      await monitor.monitorCycle();
      expect(checked).toContain(failing);
      checked.length = 0;
      await minuteLater();
      await monitor.monitorCycle();
      expect(checked).not.toContain(failing);
      expect(checked).toHaveLength(5);
      const [row] = await t.dataSource.query(`SELECT status FROM routers WHERE id = $1`, [failing]);
      expect(row.status).toBe('offline');
      const [work] = await t.dataSource.query(`SELECT failures FROM router_fleet_work WHERE kind = 'monitor' AND router_id = $1`, [failing]);
      expect(work.failures).toBe(2);
    } finally {
      jest.restoreAllMocks();
      await t.dataSource.query(`UPDATE providers SET status = 'active' WHERE id = $1`, [big.providerId]);
    }
  });

  // last: it removes the big provider's routers
  it('a forced cycle makes every router due, however soon after the previous cycle it starts', async () => {
    // the forced turn and the cutoff are read a fraction of a millisecond apart; with a small fleet
    // (a quick forcing UPDATE) they mostly fall within the same millisecond
    await t.dataSource.query(`DELETE FROM routers WHERE provider_id = $1`, [big.providerId]);
    for (let i = 0; i < 50; i++) {
      const cycle: FleetCycle = { kind: 'monitor', ...(await repo.beginCycle('monitor', true)), providerIds: [small.providerId] };
      expect(await repo.remaining(cycle)).toBe(6);
      await t.dataSource.query(`UPDATE router_fleet_work SET next_at = now() + interval '1 minute' WHERE kind = 'monitor'`);
    }
  });
});
