import { readFileSync } from 'fs';
import { join } from 'path';
import { RouterOSAPI } from 'node-routeros';
import type { SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import type { RouterOsClient } from '../src';
import { isEmptyReplyPatchApplied, RouterOsError } from '../src';
import { clientFor, PASSWORD, startRouter } from './helpers';

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RouterOsError);
  return (err as RouterOsError).code;
}

describe('node-routeros !empty patch (unpatched behaviour check)', () => {
  it('is applied in node_modules: a !empty reply is skipped and !done resolves no rows', () => {
    // fails when node_modules/node-routeros is unpatched (Channel throws UNKNOWNREPLY)
    expect(isEmptyReplyPatchApplied()).toBe(true);
  });

  it('is recorded as a patch-package patch of node-routeros 1.6.9', () => {
    const patch = readFileSync(join(__dirname, '../../../patches/node-routeros+1.6.9.patch'), 'utf8');
    expect(patch).toContain('node_modules/node-routeros/dist/Channel.js');
    expect(patch).toMatch(/\+\s+if \(reply === '!empty'\)/);
  });

  it('plain node-routeros survives !empty from a 7.18 router and keeps the connection usable', async () => {
    const sim = new RouterOsSimulator();
    const router = await startRouter(sim, { version: '7.18' });
    const api = new RouterOSAPI({ host: '127.0.0.1', port: router.port, user: 'admin', password: PASSWORD, timeout: 5 });
    api.on('error', () => undefined);
    try {
      await api.connect();
      await expect(api.write('/ip/hotspot/user/print', ['?name=nobody'])).resolves.toEqual([]);
      await expect(api.write('/system/identity/print')).resolves.toEqual([{ name: router.name }]);
    } finally {
      await api.close();
      await sim.stop();
    }
  });
});

describe('RouterOS client behaviour against the simulator', () => {
  const sim = new RouterOsSimulator();
  const routers: Record<string, SimRouter> = {};
  const clients: Record<string, RouterOsClient> = {};

  beforeAll(async () => {
    for (const version of ['6.49', '7.17', '7.18'] as const) {
      routers[version] = await startRouter(sim, { version, identity: `r-${version}` });
      clients[version] = clientFor(routers[version]);
    }
  });

  afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.close()));
    await sim.stop();
  });

  it.each(['6.49', '7.17', '7.18'])('an empty print yields [] on %s and the connection stays usable', async (v) => {
    await expect(clients[v].hotspot.listUsers({ where: { name: 'nobody' } })).resolves.toEqual([]);
    await expect(clients[v].hotspot.listActive()).resolves.toEqual([]);
    await expect(clients[v].system.identity()).resolves.toBe(`r-${v}`);
  });

  it('keeps numeric-looking codes and passwords as strings through a round trip', async () => {
    const c = clients['7.18'];
    const id = await c.hotspot.addUser({ name: '0712345678', password: '0042', limitBytesTotal: 1073741824 });
    const user = await c.hotspot.findUserByName('0712345678');
    expect(user).toMatchObject({ id, name: '0712345678', password: '0042', limitBytesTotal: 1073741824 });
    expect(routers['7.18'].state.hotspot.findUser('0712345678')).toMatchObject({ name: '0712345678', password: '0042' });
    await c.hotspot.updateUserById(id, { password: '000123' });
    expect((await c.hotspot.findUserByName('0712345678'))?.password).toBe('000123');
  });

  it('removing by a name that does not exist removes nothing', async () => {
    const c = clients['7.17'];
    await c.hotspot.addUser({ name: 'keep-1', password: 'a' });
    await c.hotspot.addUser({ name: 'keep-2', password: 'b' });
    const before = routers['7.17'].state.hotspot.listUsers().map((u) => u.name);
    await expect(c.hotspot.removeUserByName('ghost')).resolves.toBe(0);
    expect(routers['7.17'].state.hotspot.listUsers().map((u) => u.name)).toEqual(before);
    await expect(c.hotspot.removeUserByName('keep-1')).resolves.toBe(1);
    expect(routers['7.17'].state.hotspot.findUser('keep-1')).toBeUndefined();
    expect(routers['7.17'].state.hotspot.findUser('keep-2')).toBeDefined();
  });

  it('refuses to mutate by anything but a .id', async () => {
    await expect(clients['7.18'].hotspot.updateUserById('keep-2', { comment: 'x' })).rejects.toThrow(TypeError);
  });

  it('maps traps to typed errors', async () => {
    const c = clients['6.49'];
    await c.hotspot.addUser({ name: 'dup', password: 'x' });
    expect(await codeOf(c.hotspot.addUser({ name: 'dup', password: 'y' }))).toBe('DUPLICATE');
    expect(await codeOf(c.hotspot.updateUserById('*FFFF', { comment: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(c.hotspot.addUser({ name: 'p', password: 'x', profile: 'no-such-plan' }))).toBe('NOT_FOUND');
    expect(await codeOf(c.menu.print('/ip/hotspot/nothing'))).toBe('UNKNOWN_COMMAND');
    expect(await codeOf(c.menu.command('/ip/hotspot/user', 'frobnicate'))).toBe('UNKNOWN_COMMAND');
    expect(await codeOf(c.hotspot.addUser({ name: 'bad', password: 'x', limitUptime: 'soon' }))).toBe('TRAP');
    await expect(c.system.identity()).resolves.toBe('r-6.49');
  });

  it('AUTH for a wrong password, PERMISSION for a user without write', async () => {
    const r = routers['7.18'];
    const wrong = clientFor(r, { password: 'nope' });
    r.state.addApiUser('reader', 'readpw', ['read', 'api']);
    const reader = clientFor(r, { user: 'reader', password: 'readpw' });
    try {
      expect(await codeOf(wrong.system.identity())).toBe('AUTH');
      await expect(reader.hotspot.listUsers()).resolves.toEqual(expect.any(Array));
      expect(await codeOf(reader.hotspot.addUser({ name: 'nope', password: 'x' }))).toBe('PERMISSION');
    } finally {
      await wrong.close();
      await reader.close();
    }
  });

  it('logs in with the legacy MD5 challenge', async () => {
    const legacy = await startRouter(sim, { version: '6.49', login: 'legacy', identity: 'legacy' });
    const c = clientFor(legacy);
    const bad = clientFor(legacy, { password: 'wrong' });
    try {
      await expect(c.system.identity()).resolves.toBe('legacy');
      expect(await codeOf(bad.system.identity())).toBe('AUTH');
    } finally {
      await c.close();
      await bad.close();
    }
  });

  it('upserts profiles, reads sessions and kicks a user by resolved ids', async () => {
    const r = routers['7.18'];
    const c = clients['7.18'];
    const created = await c.hotspot.upsertProfile({ name: '1H-5M', rateLimit: '2M/5M', sharedUsers: 2, sessionTimeout: 3600 });
    expect(created.created).toBe(true);
    const updated = await c.hotspot.upsertProfile({ name: '1H-5M', rateLimit: '3M/6M' });
    expect(updated).toEqual({ id: created.id, created: false });
    expect((await c.hotspot.listProfiles({ where: { name: '1H-5M' } }))[0]).toMatchObject({ rateLimit: '3M/6M', sharedUsers: 2, sessionTimeout: '1h' });

    await c.hotspot.addUser({ name: 'kick-me', password: 'pw', profile: '1H-5M' });
    r.state.hotspot.connectDevice('AA:BB:CC:00:00:01', '10.5.50.21');
    await c.hotspot.loginDevice({ user: 'kick-me', password: 'pw', ip: '10.5.50.21' });
    r.clock.advance(90_000);
    const [session] = await c.hotspot.listActive({ user: 'kick-me' });
    expect(session).toMatchObject({ user: 'kick-me', address: '10.5.50.21', uptimeSeconds: 90 });
    await expect(c.hotspot.kickUser('kick-me')).resolves.toEqual({ sessions: 1, cookies: 1 });
    await expect(c.hotspot.listActive({ user: 'kick-me' })).resolves.toEqual([]);
    expect(r.state.hotspot.cookies.filter((k) => k.user === 'kick-me')).toEqual([]);
    expect((await c.hotspot.findUserByName('kick-me'))?.uptimeSeconds).toBe(90);
  });

  it('reads resource, routerboard, interfaces and log', async () => {
    const c = clients['6.49'];
    routers['6.49'].clock.advance(3_661_000);
    const res = await c.system.resource();
    expect(res.version).toMatch(/^6\.49/);
    expect(res.uptimeSeconds).toBeGreaterThanOrEqual(3661);
    expect((await c.system.routerboard()).routerboard).toBe(true);
    const ifaces = await c.system.interfaces();
    expect(ifaces.map((i) => i.name)).toContain('ether1');
    const log = await c.system.log({ limit: 5 });
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThanOrEqual(5);
  });

  it('pipelines bulk adds on one connection and reports each outcome', async () => {
    const r = await startRouter(sim, { version: '7.18', identity: 'bulk', faults: { latencyMs: 20 } });
    const c = clientFor(r, { commandTimeoutMs: 2000 });
    try {
      const users = Array.from({ length: 100 }, (_, i) => ({ name: `v${String(i).padStart(4, '0')}`, password: 'p' }));
      users.push({ name: 'v0003', password: 'dup' });
      const started = Date.now();
      const results = await c.hotspot.addUsersBulk(users, { window: 16 });
      const elapsed = Date.now() - started;
      expect(results.filter((x) => x.ok)).toHaveLength(100);
      const failed = results.filter((x) => !x.ok);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ name: 'v0003', ok: false });
      expect(!failed[0].ok && failed[0].error.code).toBe('DUPLICATE');
      // 101 commands × 20 ms one at a time would take > 2 s
      expect(elapsed).toBeLessThan(1000);
      expect(r.state.hotspot.listUsers(false)).toHaveLength(100);
    } finally {
      await c.close();
    }
  });
});
