import type { HostileReply, SimRouter } from '@wavu/routeros-sim';
import { HOSTILE_REPLIES } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, productionSecrets, signUpProvider, startApiProcess } from './processes';

const CALL_TIMEOUT_MS = 1000;
/** what the simulated routers offer in the flooding modes: an API buffering it would grow by this much per call */
const FLOOD_BYTES = 512 * 1024 * 1024;
/** peak RSS growth allowed over the warmed-up baseline while every hostile fault runs */
const RSS_BOUND = 160 * 1024 * 1024;
jest.setTimeout(300_000);

const rssOf = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};

/**
 * Issue 17: anything answering on a router's address can make the platform's RouterOS client
 * meet replies no RouterOS sends (unknown `.tag` or reply word, reserved length bytes, a 2^31-byte
 * word, a sentence that never ends, bytes after `!fatal`, a 1-byte-per-interval trickle). With the
 * API as its own process (as production runs it), every router entry point is pointed at
 * simulated routers in each hostile mode: test connection, a saved router's monitoring ("run
 * now"), usage sync, the outbox, a bulk push and the live sessions page. The process stays up,
 * /health/live answers within 1 s throughout (probed every 50 ms), RSS stays bounded, every call
 * fails with ROUTER_PROTOCOL_ERROR and the router shows it (status `error`, last error with the
 * code); the outbox keeps the operation waiting with backoff and tries it once per drain.
 */
describe('hostile routers never crash or bloat the API (API as its own process)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let api: ApiProcess;
  let pg: Client;
  let saved: SimRouter;
  let fake: SimRouter;
  let u: string;
  let admin: string;
  let owner: string;
  let routerId: string;
  const figures = { probes: 0, worstProbeMs: 0, baselineRss: 0, peakRss: 0, calls: 0 };

  const ok = (res: { status: number; body: any }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  };
  /**
   * "Run now" as the super admin; the process also runs its jobs on their schedule, and a run
   * asked for while the scheduled one is still going is 'skipped' (nothing counted), so ask
   * again until this request's own run happened.
   */
  const runJob = async (name: string) => {
    for (const deadline = Date.now() + 60_000; ;) {
      const outcome = ok(await call(u, 'POST', `/api/v1/admin/system-health/jobs/${name}/run`, { token: admin }), 200);
      if (outcome.status !== 'skipped') return outcome;
      if (Date.now() > deadline) throw new Error(`${name} stayed busy for a minute`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const getRouter = async () => ok(await call(u, 'GET', `/api/v1/routers/${routerId}`, { token: owner }), 200);

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ routers: 2 });
    [saved, fake] = sandbox.routers;
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    api = await startApiProcess({
      ...productionSecrets(),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'true',
      PESAPAL_ENABLED: 'false',
      DARAJA_PLATFORM_ENABLED: 'false',
      ROUTER_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
      // the outbox runs when this test says so ("run now"), not on its own timer
      ROUTER_OUTBOX_INTERVAL_MS: '600000',
      ROUTER_OUTBOX_BACKOFF_MS: '60000',
    });
    u = api.url;
    admin = ok(await call(u, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200).accessToken;
    const email = `owner-${Date.now()}@wavu.test`;
    const providerId = await signUpProvider(u, { businessName: 'Hostile Hotspot', contactName: 'Owner', contactEmail: email, phone: '0700000101', password: 'owner-password-123', type: 'isp' });
    ok(await call(u, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin }), 200);
    owner = ok(await call(u, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken;
    routerId = ok(
      await call(u, 'POST', '/api/v1/routers', { token: owner, body: { name: 'Hostile', host: '127.0.0.1', apiPort: saved.port, useTls: false, username: 'admin', password: '' } }),
      201,
    ).id;
    // healthy first: a plan (its profile goes through the outbox) and users the platform wants on
    // the router for the bulk push (desired state written as the vouchers module would, since a
    // sale needs the payment simulators this test does not run)
    ok(await call(u, 'POST', '/api/v1/plans', { token: owner, body: { name: 'Hour', price: 10, kind: 'time', uptimeLimitSeconds: 3600 } }), 201);
    for (let i = 0; i < 5; i++) {
      const name = `HOSTILE${i}`;
      await pg.query(`INSERT INTO router_users (provider_id, router_id, name, spec, disabled) VALUES ($1, $2, $3, $4, false)`, [
        providerId,
        routerId,
        name,
        JSON.stringify({ name, password: 'x', profile: 'default', comment: `wavu:${name}` }),
      ]);
    }
    await runJob('router-outbox');
    await runJob('router-monitor');
    expect((await getRouter()).status).toBe('online');
    figures.baselineRss = rssOf(api.pid);
  });

  afterAll(async () => {
    await api?.stop();
    await pg?.end();
    await sandbox?.stop();
    await db?.drop();
  });

  /** /health/live every 50 ms (1 s deadline) and the child's RSS, until stopped. */
  const startProber = () => {
    let running = true;
    let worst = 0;
    const failures: string[] = [];
    const loop = (async () => {
      while (running) {
        const started = Date.now();
        try {
          const res = await fetch(`${u}/health/live`, { signal: AbortSignal.timeout(1000) });
          await res.text();
          if (res.status !== 200) failures.push(`live ${res.status}`);
        } catch (error) {
          failures.push(`live ${(error as Error).name}`);
        }
        worst = Math.max(worst, Date.now() - started);
        figures.probes++;
        try {
          figures.peakRss = Math.max(figures.peakRss, rssOf(api.pid));
        } catch {
          failures.push('process gone');
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return async () => {
      running = false;
      await loop;
      return { worst, failures };
    };
  };

  it.each(HOSTILE_REPLIES.map((h) => [h]))('%s: every router entry point fails with ROUTER_PROTOCOL_ERROR, the API stays up and small', async (hostile: HostileReply) => {
    const faults = { hostile, hostileAtLogin: true, trickleIntervalMs: 200, floodBytes: FLOOD_BYTES };
    await Promise.all([saved.setFaults(faults), fake.setFaults(faults)]);
    const stop = startProber();
    try {
      // test connection against a fake router (any signed-up account can aim it anywhere)
      const test = ok(await call(u, 'POST', '/api/v1/routers/test-connection', { token: owner, body: { host: '127.0.0.1', apiPort: fake.port, useTls: false, username: 'admin', password: '' } }), 200);
      expect(test.ok).toBe(false);
      const failed = test.steps.find((s: { status: string }) => s.status === 'failed');
      expect(failed).toMatchObject({ step: 'handshake', detail: expect.stringMatching(/^ROUTER_PROTOCOL_ERROR: /) });

      // the live sessions page of the saved router
      const sessions = await call(u, 'GET', `/api/v1/routers/${routerId}/sessions`, { token: owner });
      expect(sessions.status).toBe(502);
      expect(sessions.body.code).toBe('ROUTER_PROTOCOL_ERROR');

      // monitoring, "run now": the router shows the error with its code
      expect((await runJob('router-monitor')).counts).toMatchObject({ error: 1 });
      const router = await getRouter();
      expect(router.status).toBe('error');
      expect(router.lastError).toMatch(/^ROUTER_PROTOCOL_ERROR: /);

      // usage sync
      expect((await runJob('router-usage-sync')).counts).toMatchObject({ failed: 1 });

      // outbox: a new profile operation; the router's head operation fails once, waits with
      // backoff (not dead-lettered), and the router is skipped for the rest of the drain
      ok(await call(u, 'POST', '/api/v1/plans', { token: owner, body: { name: `Plan ${hostile}`, price: 20, kind: 'time', uptimeLimitSeconds: 7200 } }), 201);
      ok(await call(u, 'POST', `/api/v1/routers/${routerId}/sync/retry`, { token: owner, body: {} }), 200);
      const drain = await runJob('router-outbox');
      expect(drain.counts).toMatchObject({ applied: 0, failed: 1, deadLettered: 0 });
      const sync = ok(await call(u, 'GET', `/api/v1/routers/${routerId}/sync`, { token: owner }), 200);
      expect(sync.failed).toBe(0);
      expect(sync.backlog.find((op: { attempts: number }) => op.attempts > 0)).toMatchObject({ lastErrorCode: 'PROTOCOL_ERROR', lastError: expect.stringMatching(/^ROUTER_PROTOCOL_ERROR: /) });

      // bulk push: runs in the background and ends failed with the code
      const bulk = ok(await call(u, 'POST', `/api/v1/routers/${routerId}/sync/push`, { token: owner }), 202);
      let state = bulk;
      const until = Date.now() + 20_000;
      while (state.status === 'queued' || state.status === 'running') {
        if (Date.now() > until) throw new Error(`bulk push stuck: ${JSON.stringify(state)}`);
        await new Promise((r) => setTimeout(r, 100));
        state = ok(await call(u, 'GET', `/api/v1/routers/bulk-syncs/${bulk.id}`, { token: owner }), 200);
      }
      expect(state).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ROUTER_PROTOCOL_ERROR: /) });
      figures.calls += 7;
    } finally {
      const { worst, failures } = await stop();
      figures.worstProbeMs = Math.max(figures.worstProbeMs, worst);
      await Promise.all([saved.clearFaults(), fake.clearFaults()]);
      expect(failures).toEqual([]);
      expect(worst).toBeLessThan(1000);
    }
    expect(figures.peakRss - figures.baselineRss).toBeLessThan(RSS_BOUND);
  });

  it('recovers once the router behaves: online again, the backlog applied, ready, no uncaught error logged', async () => {
    expect((await runJob('router-monitor')).counts).toMatchObject({ online: 1 });
    ok(await call(u, 'POST', `/api/v1/routers/${routerId}/sync/retry`, { token: owner, body: {} }), 200);
    expect((await runJob('router-outbox')).counts).toMatchObject({ failed: 0, deadLettered: 0 });
    const sync = ok(await call(u, 'GET', `/api/v1/routers/${routerId}/sync`, { token: owner }), 200);
    expect(sync).toMatchObject({ pending: 0, failed: 0 });
    expect((await call(u, 'GET', '/health/ready')).status).toBe(200);
    expect(api.logs()).not.toMatch(/uncaughtException|unhandledRejection|UNREGISTEREDTAG|UNKNOWNREPLY/);
    console.log(
      `hostile routers: ${HOSTILE_REPLIES.length} hostile modes × 6 entry points (${figures.calls} calls); ${figures.probes} /health/live probes, worst ${figures.worstProbeMs} ms; ` +
        `RSS baseline ${(figures.baselineRss / 2 ** 20).toFixed(0)} MiB, peak ${(figures.peakRss / 2 ** 20).toFixed(0)} MiB (+${((figures.peakRss - figures.baselineRss) / 2 ** 20).toFixed(0)} MiB) with ${FLOOD_BYTES / 2 ** 20} MiB offered per flooding call`,
    );
  });
});
