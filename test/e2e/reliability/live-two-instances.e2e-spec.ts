import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { IncomingMessage } from 'node:http';
import { get as httpGet } from 'node:http';
import { Client } from 'pg';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, productionSecrets, signUpProvider, startApiProcess } from './processes';

jest.setTimeout(180_000);

interface Stream {
  events: Array<{ event: string; data: any }>;
  /** the server ended the response */
  ended(): boolean;
  close(): void;
}

/** A browser-less EventSource: reads the SSE frames of /api/v1/events/stream until closed. */
function openStream(port: number, ticket: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: Stream['events'] = [];
    let ended = false;
    const req = httpGet({ host: '127.0.0.1', port, path: `/api/v1/events/stream?ticket=${encodeURIComponent(ticket)}`, headers: { Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          events.push({ event, data: data ? JSON.parse(data) : null });
        }
      });
      res.on('end', () => (ended = true));
      const stream = { events, ended: () => ended, close: () => req.destroy() };
      const waitReady = () => (events.some((e) => e.event === 'ready') ? resolve(stream) : setTimeout(waitReady, 10));
      waitReady();
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ok = (res: { status: number; body: any }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
};

/**
 * Live updates across instances (docs/architecture.md "Live updates across instances"): two API
 * processes on one database. A browser-less SSE client holds a stream on instance B (its ticket
 * from B); the router status change it hears is caused through instance A, and only the owning
 * provider's stream hears it. A password change through A closes the user's stream held by B.
 */
describe('live updates across two API instances', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let pg: Client;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ routers: 1 });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    const env = { ...productionSecrets(), DATABASE_URL: db.url, JOBS_ENABLED: 'false', DARAJA_PLATFORM_ENABLED: 'false', PESAPAL_ENABLED: 'false', ROUTER_CALL_TIMEOUT_MS: '3000' };
    [a, b] = await Promise.all([startApiProcess(env, { timeoutMs: 150_000 }), startApiProcess(env, { timeoutMs: 150_000 })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pg?.end();
    await sandbox?.stop();
    await db?.drop();
  });

  it('a stream on instance B hears its own provider\u2019s router status change made through instance A, and nothing of another provider', async () => {
    // both instances hold their LISTEN connection
    for (const instance of [a, b]) expect(ok(await call(instance.url, 'GET', '/health/ready'), 200).checks).toEqual({ database: 'up', liveUpdates: 'up' });
    const admin = ok(await call(a.url, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200).accessToken;
    const owners: Record<'one' | 'two', { email: string; token: string; providerId: string }> = {} as never;
    for (const key of ['one', 'two'] as const) {
      const email = `owner-${key}-${Date.now()}@wavu.test`;
      const providerId = await signUpProvider(a.url, {
        businessName: `Live ${key}`,
        contactName: 'Owner',
        contactEmail: email,
        phone: key === 'one' ? '0700000201' : '0700000202',
        password: 'owner-password-123',
        type: 'isp',
      });
      ok(await call(a.url, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin }), 200);
      owners[key] = { email, providerId, token: ok(await call(a.url, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken };
    }
    // tickets from B's API, streams held by B
    const ticket = async (token: string) => ok(await call(b.url, 'POST', '/api/v1/events/ticket', { token }), 200).ticket as string;
    const [streamOne, streamTwo, streamAdmin] = await Promise.all([
      openStream(b.port, await ticket(owners.one.token)),
      openStream(b.port, await ticket(owners.two.token)),
      openStream(b.port, await ticket(admin)),
    ]);
    try {
      // through A: provider one adds the simulated router and tests it (unknown -> online)
      const sim = sandbox.routers[0];
      const router = ok(
        await call(a.url, 'POST', '/api/v1/routers', { token: owners.one.token, body: { name: 'Across', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' } }),
        201,
      );
      const statusOf = async () => (await pg.query(`SELECT status FROM routers WHERE id = $1`, [router.id])).rows[0].status as string;
      if ((await statusOf()) !== 'online') ok(await call(a.url, 'POST', `/api/v1/routers/${router.id}/test`, { token: owners.one.token }), 200);
      expect(await statusOf()).toBe('online');
      const heard = (s: Stream) => s.events.filter((e) => e.event === 'router.status' && e.data.routerId === router.id);
      await waitFor(() => heard(streamOne).length > 0 && heard(streamAdmin).length > 0, 'stream on B to hear the router change made through A');
      expect(heard(streamOne)[0].data).toMatchObject({ routerId: router.id, name: 'Across', status: 'online', previousStatus: 'unknown', providerId: owners.one.providerId });

      // a marker from provider two (through A again): once provider two's stream hears it, provider one's event would have arrived too
      const other = ok(
        await call(a.url, 'POST', '/api/v1/routers', { token: owners.two.token, body: { name: 'Marker', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' } }),
        201,
      );
      if ((await pg.query(`SELECT status FROM routers WHERE id = $1`, [other.id])).rows[0].status !== 'online')
        ok(await call(a.url, 'POST', `/api/v1/routers/${other.id}/test`, { token: owners.two.token }), 200);
      await waitFor(() => streamTwo.events.some((e) => e.event === 'router.status' && e.data.routerId === other.id), 'provider two to hear its own router');
      // tenant isolation: provider two's stream heard nothing of provider one, and vice versa
      expect(streamTwo.events.filter((e) => e.event !== 'ready' && e.event !== 'ping').every((e) => e.data.providerId === owners.two.providerId)).toBe(true);
      expect(heard(streamTwo)).toEqual([]);
      await waitFor(() => streamAdmin.events.some((e) => e.event === 'router.status' && e.data.routerId === other.id), 'the super admin to hear both');
      expect(streamOne.events.some((e) => e.data?.routerId === other.id)).toBe(false);
      // once per instance: the change was published once, so B delivered it once
      expect(heard(streamOne)).toHaveLength(1);
      expect(heard(streamAdmin)).toHaveLength(1);

      // a password change through A ends provider one's stream held by B at once (not with its ticket)
      ok(await call(a.url, 'POST', '/api/v1/auth/change-password', { token: owners.one.token, body: { currentPassword: 'owner-password-123', newPassword: 'owner-password-456' } }), 200);
      await waitFor(() => streamOne.ended(), 'the stream on B to end after the password change on A', 10_000);
      expect(streamTwo.ended()).toBe(false);
    } finally {
      streamOne.close();
      streamTwo.close();
      streamAdmin.close();
    }
  });

  it('instance B keeps listening after its LISTEN connection is killed', async () => {
    const listeners = async () =>
      (await pg.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'wavu-api-live-updates'`)).rows.map((r) => r.pid as number);
    const before = await listeners();
    expect(before).toHaveLength(2);
    await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [before]);
    // each instance logs the loss and reconnects by itself
    await waitFor(() => [a, b].every((i) => i.logs().includes('Live updates: LISTEN connection lost')), 'both instances to log the loss');
    let after: number[] = [];
    for (const until = Date.now() + 20_000; ;) {
      after = await listeners();
      if (after.length === 2 && after.every((pid) => !before.includes(pid))) break;
      if (Date.now() > until) throw new Error(`not reconnected: ${JSON.stringify(after)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitFor(() => [a, b].every((i) => i.logs().includes('Live updates: listening again')), 'both instances to log the reconnection');
    for (const instance of [a, b]) expect(ok(await call(instance.url, 'GET', '/health/ready'), 200).checks.liveUpdates).toBe('up');
  });
});
