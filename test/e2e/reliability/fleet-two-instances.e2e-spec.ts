import type { RouterOsSimulator, SimRouter } from '@wavu/routeros-sim';
import { startSimulatedRouters } from '@wavu/routeros-sim';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SecretBox } from '../../../apps/api/src/common/crypto/secret-box';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, productionSecrets, signUpProvider, startApiProcess } from './processes';

jest.setTimeout(300_000);

const ROUTERS = 24;

/**
 * Fleet work across instances (docs/monitoring.md): two API processes with jobs enabled share
 * each minute's monitoring cycle through leases in PostgreSQL. Every router is checked exactly
 * once per cycle between them, both take a share; after one is killed mid-cycle (SIGKILL), the
 * other takes over its slice once the lease (4 s here) has run out, and the cycle completes.
 */
describe('fleet monitoring across two API instances', () => {
  let db: TestDatabase;
  let sim: RouterOsSimulator;
  let pg: Client;
  const instances: ApiProcess[] = [];
  /** `/system/resource/print` commands each simulated router answered: one per monitoring check */
  const checks = new Map<string, number>();
  const secrets = productionSecrets();

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startSimulatedRouters(ROUTERS);
    for (const r of sim.list()) {
      const menus = (r as unknown as { menus: { resolve(path: string): unknown } }).menus;
      const resolve = menus.resolve.bind(menus);
      menus.resolve = (path: string) => {
        if (path === '/system/resource/print') checks.set(r.name, (checks.get(r.name) ?? 0) + 1);
        return resolve(path);
      };
    }
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    const env = {
      ...secrets,
      DATABASE_URL: db.url,
      JOBS_ENABLED: 'true',
      DARAJA_PLATFORM_ENABLED: 'false',
      PESAPAL_ENABLED: 'false',
      ROUTER_CALL_TIMEOUT_MS: '5000',
      ROUTER_FLEET_CONCURRENCY: '3',
      ROUTER_FLEET_LEASE_SECONDS: '4',
    };
    // a shared machine can be slow to start two processes
    instances.push(...(await Promise.all([startApiProcess(env, { timeoutMs: 180_000 }), startApiProcess(env, { timeoutMs: 180_000 })])));
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await pg?.end();
    await sim?.stop();
    await db?.drop();
  });

  const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> => {
    for (const deadline = Date.now() + ms; ;) {
      const got = await probe();
      if (got) return got;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /** The routers done in the cycle of `tick` (done since its minute), by instance pid. */
  const doneSince = async (tick: Date) =>
    (await pg.query(`SELECT router_id, split_part(done_by, ':', 2) AS pid FROM router_fleet_work WHERE kind = 'monitor' AND done_at >= $1`, [tick])).rows as { router_id: string; pid: string }[];
  const nextTick = (after: Date) => new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  const snapshot = () => new Map(sim.list().map((r) => [r.name, checks.get(r.name) ?? 0]));

  it('checks every router once per cycle between both instances, and all of it after one is killed mid-cycle', async () => {
    const [one, two] = instances.map((i) => i.url);
    const ok = (res: { status: number; body: any }, status: number) => {
      if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    };
    const admin = ok(await call(one, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200);
    const email = `fleet-${Date.now()}@wavu.test`;
    const providerId = await signUpProvider(two, { businessName: 'Fleet Hotspot', contactName: 'Owner', contactEmail: email, phone: '0700000101', password: 'owner-password-123', type: 'isp' });
    ok(await call(one, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin.accessToken }), 200);
    const owner = ok(await call(two, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken;
    // one router through the API; the rest as copies of its row (the free trial allows 10 routers)
    const [first, ...rest] = sim.list();
    const created = ok(
      await call(one, 'POST', '/api/v1/routers', { token: owner, body: { name: first.name, host: '127.0.0.1', apiPort: first.port, useTls: false, username: 'admin', password: '' } }),
      201,
    );
    // sealed for its own row with the instances' key, as RoutersService.create does (a copied ciphertext does not open)
    const box = new SecretBox([{ id: 'k1', key: Buffer.from(secrets.SECRET_BOX_KEYS.slice('k1:'.length), 'base64') }]);
    const ids = rest.map(() => randomUUID());
    await pg.query(
      `INSERT INTO routers (id, provider_id, name, host, connection_mode, api_port, use_tls, username, password_sealed, status)
       SELECT v.id, r.provider_id, v.name, r.host, r.connection_mode, v.port, r.use_tls, r.username, v.sealed, 'unknown'
         FROM routers r, unnest($2::uuid[], $3::text[], $4::int[], $5::text[]) AS v(id, name, port, sealed) WHERE r.id = $1`,
      [created.id, ids, rest.map((r) => r.name), rest.map((r) => r.port), ids.map((id) => box.seal('', `router:${id}:password`))],
    );
    const byPort = new Map<number, SimRouter>(sim.list().map((r) => [r.port, r]));
    const byName = new Map<string, SimRouter>(
      (await pg.query(`SELECT id, api_port FROM routers WHERE provider_id = $1`, [providerId])).rows.map((r: { id: string; api_port: number }) => [r.id, byPort.get(r.api_port)!]),
    );
    expect(byName.size).toBe(ROUTERS);
    // every check takes a few seconds (each command answers after 400 ms), so a cycle lasts long enough to share and to interrupt
    await Promise.all(sim.list().map((r) => r.setFaults({ latencyMs: 400 })));

    // cycle 1: both instances take a share, each router checked exactly once
    const tick1 = nextTick(new Date());
    const before1 = snapshot();
    await waitFor('cycle 1 complete', async () => (await doneSince(tick1)).length === ROUTERS, 120_000);
    const cycle1 = await doneSince(tick1);
    const after1 = snapshot();
    const checked1 = [...after1].map(([name, n]) => [name, n - before1.get(name)!] as const);
    expect(checked1.filter(([, n]) => n !== 1)).toEqual([]);
    const shares1 = new Map<string, number>();
    for (const r of cycle1) shares1.set(r.pid, (shares1.get(r.pid) ?? 0) + 1);
    expect([...shares1.keys()].sort()).toEqual(instances.map((i) => String(i.pid)).sort());
    await waitFor('cycle 1 run recorded', async () => (await pg.query(`SELECT 1 FROM job_runs WHERE name = 'router-monitor' AND tick = $1 AND status = 'succeeded'`, [tick1])).rowCount, 30_000);
    const [run1] = (await pg.query(`SELECT counts FROM job_runs WHERE name = 'router-monitor' AND tick = $1`, [tick1])).rows;

    // cycle 2: one instance is killed while it holds a slice; the other finishes the cycle
    const tick2 = nextTick(new Date());
    const before2 = snapshot();
    const victim = instances[1];
    const held = await waitFor(
      'the victim holding a slice',
      async () => {
        if (Date.now() < tick2.getTime()) return null;
        const rows = (await pg.query(`SELECT router_id FROM router_fleet_work WHERE kind = 'monitor' AND split_part(leased_by, ':', 2) = $1 AND lease_until > now()`, [String(victim.pid)])).rows;
        return rows.length ? rows.map((r) => r.router_id as string) : null;
      },
      90_000,
    );
    await victim.kill();
    const killedAt = Date.now();
    await waitFor('cycle 2 complete', async () => (await doneSince(tick2)).length === ROUTERS, 60_000);
    const cycle2 = await doneSince(tick2);
    const after2 = snapshot();
    // every router checked; only a router the victim was checking when it died may have been checked twice
    const checked2 = [...after2].map(([name, n]) => [name, n - before2.get(name)!] as const);
    expect(checked2.filter(([, n]) => n < 1)).toEqual([]);
    const heldNames = held.map((id) => byName.get(id)!.name);
    expect(checked2.filter(([name, n]) => n > 1 && !heldNames.includes(name))).toEqual([]);
    // the survivor did the victim's held slice, after its lease ran out
    const survivor = String(instances[0].pid);
    expect(cycle2.filter((r) => held.includes(r.router_id)).every((r) => r.pid === survivor)).toBe(true);
    console.log(
      `fleet two instances: cycle 1 shares ${JSON.stringify(Object.fromEntries(shares1))} (run counts ${JSON.stringify(run1?.counts)}); cycle 2: instance ${victim.pid} killed holding ${held.length} router(s), the survivor finished the cycle ${((Date.now() - killedAt) / 1000).toFixed(1)} s later, ${checked2.filter(([, n]) => n > 1).length} router(s) checked twice (in flight at the kill)`,
    );
  });
});
