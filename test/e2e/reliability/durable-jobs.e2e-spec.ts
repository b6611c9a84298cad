import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { Client } from 'pg';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, productionSecrets, signUpProvider, startApiProcess } from './processes';

jest.setTimeout(600_000);

/** Users in the bulk sync pushed to the slow router; `DURABLE_JOBS_USERS=5000` for a larger run. */
const N = Number(process.env.DURABLE_JOBS_USERS ?? 1500);
/** Vouchers in the batch whose generation survives a kill (the most one batch takes: 4 chunks of 2,500). */
const BATCH = 10_000;

const ok = (res: { status: number; body: any }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
};

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * docs/architecture.md "Background work": bulk syncs and batch generation are jobs on the
 * durable queue. Real API processes on one database: the instance running a job is SIGKILLed and
 * another finishes the job once (after the job's expiry, 3 s here); an instance that starts
 * while another runs a sync leaves that sync alone (the old restart bug failed every running
 * sync of every instance).
 */
describe('durable background work across instances', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let pg: Client;
  const live: ApiProcess[] = [];
  let env: Record<string, string>;
  let owner: string;
  let adminToken: string;
  let providerId: string;
  let routerId: string;
  const adds = new Map<string, number>();

  const start = async () => {
    const api = await startApiProcess(env, { timeoutMs: 240_000 }); // ts-node start on a busy machine
    live.push(api);
    return api;
  };
  const kill = async (api: ApiProcess) => {
    await api.kill();
    live.splice(live.indexOf(api), 1);
  };
  /** The instance whose log says it started the job with this key (its attempt `n`). */
  const runnerOf = (key: string, attempt: number) => live.find((i) => new RegExp(`attempt ${attempt} started \\(key ${key}\\)`).test(i.logs()));

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ routers: 1 });
    // count the add commands that create a user on the simulated router (a DUPLICATE refusal is not counted)
    const users = sandbox.routers[0].state.hotspot.users;
    const add = users.add.bind(users);
    users.add = (fields, id) => {
      const created = add(fields, id);
      if (fields.name && id === undefined) adds.set(fields.name, (adds.get(fields.name) ?? 0) + 1);
      return created;
    };
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    env = {
      ...productionSecrets(),
      DATABASE_URL: db.url,
      JOBS_ENABLED: 'false', // the cron triggers are not under test; the queue runs regardless
      DARAJA_PLATFORM_ENABLED: 'false',
      PESAPAL_ENABLED: 'false',
      ROUTER_CALL_TIMEOUT_MS: '20000',
      JOBS_QUEUE_EXPIRE_SECONDS: '3',
      JOBS_QUEUE_MAINTENANCE_SECONDS: '1',
      JOBS_QUEUE_POLL_MS: '200',
    };
    const [a] = await Promise.all([start(), start()]);
    const admin = ok(await call(a.url, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200);
    adminToken = admin.accessToken;
    const email = `owner-${Date.now()}@wavu.test`;
    providerId = await signUpProvider(a.url, { businessName: 'Durable Hotspot', contactName: 'Owner', contactEmail: email, phone: '0700000200', password: 'owner-password-123', type: 'isp' });
    ok(await call(a.url, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin.accessToken }), 200);
    owner = ok(await call(a.url, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken;
    const sim = sandbox.routers[0];
    routerId = ok(await call(a.url, 'POST', '/api/v1/routers', { token: owner, body: { name: 'Slow', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' } }), 201).id;
  });
  afterAll(async () => {
    await Promise.all(live.map((i) => i.stop()));
    await pg?.end();
    await sandbox?.stop();
    await db?.drop();
  });

  /** Wants `names` on the router (desired state, as provisioning writes it) and asks instance `api` to push them all. */
  const startPush = async (api: ApiProcess, prefix: string) => {
    const names = Array.from({ length: N }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
    await pg.query(
      `INSERT INTO router_users (provider_id, router_id, name, spec)
       SELECT $1, $2, n, jsonb_build_object('name', n, 'password', 'pw-' || n, 'profile', 'default', 'comment', 'wavu:' || n) FROM unnest($3::text[]) AS n`,
      [providerId, routerId, names],
    );
    const sync = ok(await call(api.url, 'POST', `/api/v1/routers/${routerId}/sync/push`, { token: owner }), 202);
    expect(sync.status).toBe('queued');
    return { id: sync.id as string, names };
  };
  const progress = async (api: ApiProcess, syncId: string) => ok(await call(api.url, 'GET', `/api/v1/routers/bulk-syncs/${syncId}`, { token: owner }), 200);
  const events = async (syncId: string) =>
    (await pg.query(`SELECT type, count(*)::int AS n FROM router_events WHERE router_id = $1 AND metadata->>'syncId' = $2 GROUP BY type ORDER BY type`, [routerId, syncId])).rows;

  it(`a bulk sync of ${N} users to a slow router survives the instance running it being killed, and finishes once`, async () => {
    const sim = sandbox.routers[0];
    sim.faults.set({ latencyMs: 40 });
    const { id, names } = await startPush(live[0], 'durable');
    const runner = await until('an instance to start the sync', async () => runnerOf(id, 1));
    const survivor = live.find((i) => i !== runner)!;
    await until('the sync to be part-way', async () => {
      const p = await progress(survivor, id);
      return p.status === 'running' && p.done >= 100 && p.done < N * 0.7 && p;
    });
    const killedAt = Date.now();
    await kill(runner);
    const onRouterAtKill = names.filter((n) => sim.state.hotspot.findUser(n)).length;
    expect(onRouterAtKill).toBeGreaterThan(0);
    expect(onRouterAtKill).toBeLessThan(N);

    // the survivor takes the job over once the dead instance's heartbeat has expired
    await until('the survivor to retry the sync', async () => runnerOf(id, 2) === survivor, 60_000);
    const takeoverMs = Date.now() - killedAt;
    const done = await until('the sync to finish', async () => {
      const p = await progress(survivor, id);
      return p.status !== 'running' && p.status !== 'queued' && p;
    });
    expect(done).toMatchObject({ status: 'succeeded', total: N, done: N, failed: 0, error: null });
    const onRouter = sim.state.hotspot.listUsers(false).filter((u) => u.name.startsWith('durable-'));
    expect(onRouter).toHaveLength(N);
    expect(new Set(onRouter.map((u) => u.name)).size).toBe(N);
    expect(names.filter((n) => adds.get(n) !== 1)).toEqual([]); // each user created once; the retry converged the rest
    expect(await events(id)).toEqual([{ type: 'bulk_sync', n: 1 }]);
    expect(runnerOf(id, 3)).toBeUndefined();
    console.log(`durable bulk sync: ${N} users, killed with ${onRouterAtKill} on the router, taken over after ${(takeoverMs / 1000).toFixed(1)} s, finished once`);
  });

  it('an instance that starts while another runs a bulk sync leaves that sync alone', async () => {
    const sim = sandbox.routers[0];
    // slow enough that the sync outlasts the new instance's start
    sim.faults.set({ latencyMs: 400 });
    const [b] = live;
    const { id, names } = await startPush(b, 'restart');
    await until('the sync to run', async () => runnerOf(id, 1) && (await progress(b, id)).status === 'running');
    const c = await start();
    const atStart = await progress(c, id);
    expect(atStart).toMatchObject({ status: 'running', error: null });
    sim.faults.set({ latencyMs: 0 });
    const done = await until('the sync to finish', async () => {
      const p = await progress(c, id);
      return p.status !== 'running' && p.status !== 'queued' && p;
    });
    // the push is of every user the router should have: the first test's and these
    expect(done).toMatchObject({ status: 'succeeded', total: 2 * N, done: 2 * N, failed: 0, error: null });
    expect(names.filter((n) => !sim.state.hotspot.findUser(n))).toEqual([]);
    expect(await events(id)).toEqual([{ type: 'bulk_sync', n: 1 }]);
    expect(runnerOf(id, 2)).toBeUndefined(); // one attempt: nobody failed or retried it
  });

  it(`a batch of ${BATCH} vouchers survives the instance generating it being killed, with every voucher made once`, async () => {
    const api = live[0];
    const plan = ok(await call(api.url, 'POST', '/api/v1/plans', { token: owner, body: { name: '1 hour', price: 20, kind: 'unlimited', validitySeconds: 3600 } }), 201);
    const batch = ok(await call(api.url, 'POST', '/api/v1/voucher-batches', { token: owner, body: { planId: plan.id, quantity: BATCH, pushToRouter: false } }), 202);
    const runner = await until('an instance to start the generation', async () => runnerOf(batch.id, 1));
    // hold the batch row once a chunk is written, so the next chunk's transaction waits on it: the kill lands mid-generation
    await until('a chunk to be written', async () => (await pg.query(`SELECT generated FROM voucher_batches WHERE id = $1`, [batch.id])).rows[0].generated > 0, 60_000, 10);
    await pg.query('BEGIN');
    const { generated } = (await pg.query(`SELECT generated FROM voucher_batches WHERE id = $1 FOR UPDATE`, [batch.id])).rows[0];
    expect(generated).toBeGreaterThan(0);
    expect(generated).toBeLessThan(BATCH);
    await kill(runner);
    await pg.query('COMMIT');

    const survivor = live[0];
    await until('another instance to resume the generation', async () => runnerOf(batch.id, 2), 60_000);
    const ready = await until('the batch to be ready', async () => {
      const b = ok(await call(survivor.url, 'GET', `/api/v1/voucher-batches/${batch.id}`, { token: owner }), 200);
      return b.status !== 'generating' && b;
    });
    expect(ready).toMatchObject({ status: 'ready', quantity: BATCH, generated: BATCH });
    const [rows] = (
      await pg.query(
        `SELECT count(*)::int AS n, count(DISTINCT code)::int AS codes, count(DISTINCT batch_seq)::int AS seqs, min(batch_seq) AS first, max(batch_seq) AS last FROM vouchers WHERE batch_id = $1`,
        [batch.id],
      )
    ).rows;
    expect(rows).toEqual({ n: BATCH, codes: BATCH, seqs: BATCH, first: 1, last: BATCH });
    // system health: both queues, nothing left waiting or running, and no job failed for good (each kill cost an attempt, not the job)
    const health = ok(await call(survivor.url, 'GET', '/api/v1/admin/system-health', { token: adminToken }), 200);
    expect(health.queues).toEqual([
      { queue: 'router-bulk-sync', queued: 0, active: 0, failedLast24h: 0, oldestQueuedAt: null },
      { queue: 'voucher-batch-generate', queued: 0, active: 0, failedLast24h: 0, oldestQueuedAt: null },
    ]);
    console.log(`durable batch: ${BATCH} vouchers, killed after ${generated} were written, resumed by another instance, each made once`);
  });
});
