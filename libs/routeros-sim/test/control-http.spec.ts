import { request } from 'http';
import type { RouterOsSimulator } from '../src';
import { startSimulatedRouters } from '../src';

function call(url: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('many routers and the HTTP control endpoint', () => {
  let sim: RouterOsSimulator;
  let base: string;

  beforeAll(async () => {
    sim = await startSimulatedRouters(3, { version: '7.17', password: 'pw' });
    base = (await sim.startControlServer()).url;
  });
  afterAll(() => sim.stop());

  it('runs N routers on distinct ports', async () => {
    const { json } = await call(`${base}/routers`, 'GET');
    const list = json as Array<{ name: string; port: number }>;
    expect(list.map((r) => r.name)).toEqual(['router-1', 'router-2', 'router-3']);
    expect(new Set(list.map((r) => r.port)).size).toBe(3);
  });

  it('changes faults at run time, logs devices in, advances the clock and lists state', async () => {
    expect((await call(`${base}/routers/router-2/faults`, 'PATCH', { latencyMs: 20 })).json).toMatchObject({ latencyMs: 20 });
    expect(sim.get('router-2').faults.get().latencyMs).toBe(20);
    await call(`${base}/routers/router-2/faults`, 'DELETE');
    expect(sim.get('router-2').faults.get().latencyMs).toBe(0);

    expect((await call(`${base}/routers/router-2/hotspot/users`, 'POST', { name: '0042', password: '0042' })).status).toBe(200);
    const login = await call(`${base}/routers/router-2/hotspot/login`, 'POST', { user: '0042', password: '0042', ip: '10.5.50.9', rateIn: 10 });
    expect(login.json).toEqual({ ok: true, sessionId: '*0A053209' });
    await call(`${base}/routers/router-2/clock/advance`, 'POST', { seconds: 30 });
    const active = (await call(`${base}/routers/router-2/hotspot/active`, 'GET')).json as Array<Record<string, string>>;
    expect(active[0]).toMatchObject({ user: '0042', uptime: '30s', 'bytes-in': '300' });
    expect((await call(`${base}/routers/router-2/hotspot/logout`, 'POST', { user: '0042' })).json).toEqual({ ended: 1 });
    const users = (await call(`${base}/routers/router-2/hotspot/users`, 'GET')).json as Array<Record<string, string>>;
    expect(users.find((u) => u.name === '0042')).toMatchObject({ uptime: '30s' });
    expect((await call(`${base}/routers/nope/faults`, 'GET')).status).toBe(404);
  });

  it('sets the hostile-reply faults per router and refuses an unknown one', async () => {
    const set = await call(`${base}/routers/router-3/faults`, 'PATCH', { hostile: 'unknown-tag', hostileAtLogin: true, trickleIntervalMs: 10 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ hostile: 'unknown-tag', hostileAtLogin: true, trickleIntervalMs: 10 });
    expect(sim.get('router-1').faults.get().hostile).toBeNull();
    const bad = await call(`${base}/routers/router-3/faults`, 'PATCH', { hostile: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: expect.stringContaining('hostile must be one of unknown-tag') });
    expect(sim.get('router-3').faults.get().hostile).toBe('unknown-tag');
    await call(`${base}/routers/router-3/faults`, 'DELETE');
    expect(sim.get('router-3').faults.get()).toMatchObject({ hostile: null, hostileAtLogin: false });
  });
});
