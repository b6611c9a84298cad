import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { Client } from 'pg';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, productionSecrets, signUpProvider, startApiProcess } from './processes';

jest.setTimeout(180_000);

/** User adds enqueued in the outbox; `TWO_INSTANCE_OPS=5000` for a larger run. */
const N = Number(process.env.TWO_INSTANCE_OPS ?? 500);

/**
 * docs/product.md §13 "Two instances": two API processes (jobs enabled in both) on one database and one
 * simulated router. Every scheduled job runs once per tick (job_runs never holds (name, tick)
 * twice, the cron fires in both processes in the same second), and every outbox entry is
 * applied once: each voucher user is added to the router by exactly one `/ip/hotspot/user/add`
 * (no DUPLICATE trap, no converge) while both workers poll every 100 ms.
 */
describe('two API instances on one database', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  const instances: ApiProcess[] = [];
  let pg: Client;
  const adds = new Map<string, number>();
  let addCommands = 0;
  let duplicates = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ routers: 1 });
    // count the add commands the simulated router receives (and the ones it refuses as duplicates)
    const users = sandbox.routers[0].state.hotspot.users;
    const add = users.add.bind(users);
    users.add = (fields, id) => {
      if (fields.name && id === undefined) adds.set(fields.name, (adds.get(fields.name) ?? 0) + 1);
      return add(fields, id);
    };
    const menus = (sandbox.routers[0] as unknown as { menus: { resolve(path: string): unknown } }).menus;
    const resolve = menus.resolve.bind(menus);
    menus.resolve = (path: string) => {
      if (path === '/ip/hotspot/user/add') addCommands++;
      return resolve(path);
    };
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    const env = {
      ...productionSecrets(),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'debug', // the job runner logs a skipped tick at debug: the signal that both instances tried it
      JOBS_ENABLED: 'true',
      DARAJA_PLATFORM_ENABLED: 'false',
      PESAPAL_ENABLED: 'false',
      ROUTER_CALL_TIMEOUT_MS: '3000',
      ROUTER_OUTBOX_INTERVAL_MS: '100',
      ROUTER_OUTBOX_BACKOFF_MS: '200',
    };
    instances.push(...(await Promise.all([startApiProcess(env), startApiProcess(env)])));
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await pg?.end();
    await sandbox?.stop();
    await db?.drop();
  });

  it(`applies each of ${N} outbox entries once and runs each job once per tick`, async () => {
    const started = Date.now();
    const [one, two] = instances.map((i) => i.url);
    const ok = (res: { status: number; body: any }, status: number) => {
      if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    };
    const admin = ok(await call(one, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200);
    const email = `owner-${Date.now()}@wavu.test`;
    const providerId = await signUpProvider(two, { businessName: 'Twin Hotspot', contactName: 'Owner', contactEmail: email, phone: '0700000100', password: 'owner-password-123', type: 'isp' });
    ok(await call(one, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin.accessToken }), 200);
    const owner = ok(await call(two, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken;
    const sim = sandbox.routers[0];
    const router = ok(
      await call(one, 'POST', '/api/v1/routers', { token: owner, body: { name: 'Shared', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' } }),
      201,
    );
    // wait for the router's first ops (none) and let both workers poll, then enqueue N user adds at once,
    // as RoutersService.enqueue writes them (the desired-state rows are not what is under test)
    const names = Array.from({ length: N }, (_, i) => `twin-${String(i).padStart(5, '0')}`);
    // in 5 waves, so either instance's worker may win each drain (the job's advisory lock lets one drain at a time)
    for (let wave = 0; wave < 5; wave++) {
      await pg.query(
        `INSERT INTO router_provisioning_ops (provider_id, router_id, type, target, payload)
         SELECT $1, $2, 'upsert_user', n, jsonb_build_object('user', jsonb_build_object('name', n, 'password', 'pw-' || n, 'profile', 'default', 'comment', 'wavu:twin'))
         FROM unnest($3::text[]) AS n`,
        [providerId, router.id, names.filter((_, i) => i % 5 === wave)],
      );
      await new Promise((r) => setTimeout(r, 150 + wave * 37));
    }
    const codes = async () => names;
    const until = Date.now() + 120_000;
    for (;;) {
      const [{ open }] = (await pg.query(`SELECT count(*) FILTER (WHERE status NOT IN ('done', 'dead'))::int AS open FROM router_provisioning_ops WHERE router_id = $1`, [router.id])).rows;
      if (open === 0) break;
      if (Date.now() > until) throw new Error(`outbox not drained: ${open} open`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainedMs = Date.now() - started;
    const ops = (
      await pg.query(`SELECT status, count(*)::int AS n, max(attempts)::int AS attempts FROM router_provisioning_ops WHERE router_id = $1 AND type = 'upsert_user' GROUP BY status`, [router.id])
    ).rows;
    expect(ops).toEqual([{ status: 'done', n: N, attempts: 0 }]); // attempts counts failed tries: none
    const voucherCodes = await codes();
    const present = voucherCodes.filter((c) => sim.state.hotspot.users.find('name', c));
    expect(present.length).toBe(N);
    const multiAdded = [...adds].filter(([, n]) => n !== 1);
    expect(multiAdded).toEqual([]);
    expect(voucherCodes.every((c) => adds.get(c) === 1)).toBe(true);
    duplicates = addCommands - adds.size;
    expect(duplicates).toBe(0); // no add refused as a duplicate: nobody converged a double application
    const workers = (await pg.query(`SELECT instance_id, count(*)::int AS n FROM job_runs WHERE name = 'router-outbox' GROUP BY instance_id`)).rows;

    // jobs: wait for a minute tick that both processes saw (cron '* * * * *' fires in both)
    const bothUp = new Date(started);
    let ticks: { name: string; tick: Date; n: number }[] = [];
    for (const deadline = Date.now() + 75_000; Date.now() < deadline;) {
      ticks = (
        await pg.query(`SELECT name, tick, count(*)::int AS n FROM job_runs WHERE tick IS NOT NULL AND tick >= date_trunc('minute', $1::timestamptz) GROUP BY name, tick ORDER BY tick, name`, [bothUp])
      ).rows;
      if (ticks.some((t) => t.name === 'router-monitor') && ticks.some((t) => t.name === 'payments-stk-reconcile')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // the slower instance's attempt at the same tick: it logs that it skipped it (claimed or locked)
    const watched = ticks.filter((t) => t.name === 'router-monitor' || t.name === 'payments-stk-reconcile');
    const skipped = (t: { name: string; tick: Date }) => instances.some((i) => i.logs().includes(`Job ${t.name} tick ${new Date(t.tick).toISOString()} skipped`));
    for (const deadline = Date.now() + 30_000; !watched.every(skipped);) {
      if (Date.now() > deadline)
        throw new Error(
          `no second attempt logged for ${watched
            .filter((t) => !skipped(t))
            .map((t) => t.name)
            .join(',')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    ticks = (await pg.query(`SELECT name, tick, count(*)::int AS n FROM job_runs WHERE tick IS NOT NULL GROUP BY name, tick ORDER BY tick, name`)).rows;
    expect(ticks.map((t) => t.name)).toEqual(expect.arrayContaining(['router-monitor', 'payments-stk-reconcile']));
    expect(ticks.filter((t) => t.n !== 1)).toEqual([]);
    const owners = (await pg.query(`SELECT name, tick, instance_id FROM job_runs WHERE tick IS NOT NULL ORDER BY tick, name`)).rows;
    console.log(
      `two instances: ${N} upsert_user entries applied once each (${addCommands} add commands, ${duplicates} duplicates, ${N} users on the router) in ${(drainedMs / 1000).toFixed(1)} s; outbox drains per instance ${JSON.stringify(workers.map((w) => w.n))}; ${ticks.length} (job, tick) pairs each run once: ${owners.map((o) => `${o.name}@${new Date(o.tick).toISOString().slice(11, 16)} by ${o.instance_id.split(':')[1]}`).join(', ')}`,
    );
  });
});
