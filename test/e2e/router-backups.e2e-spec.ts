import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../apps/api/src/common/clock';
import { randomToken, sha256 } from '../../apps/api/src/common/crypto/tokens';
import { RouterBackupsRepository } from '../../apps/api/src/modules/router-backups/router-backups.repository';
import { RouterBackupsService } from '../../apps/api/src/modules/router-backups/router-backups.service';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const ROUTER_PASSWORD = 'pw-backups-router';

/**
 * Router backups, history and restore (docs/backups.md) end to end, over real sockets: the API
 * listens on a real port (the simulated routers fetch restore files from PUBLIC_URL with a real
 * HTTP GET), the RouterOS simulators export, save, read, import, load and reboot, and the
 * database's data is dumped to check what is stored at rest.
 */
describe('router backups (e2e)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let admin: Session;
  let p: ProviderFixture;

  const api = (method: 'get' | 'post' | 'put', path: string, who: ProviderFixture = p) => (t.http() as any)[method](`/api/v1${path}`).set(who.owner.auth);
  const backups = () => t.app.get(RouterBackupsService);
  const addRouter = async (sim: SimRouter, name: string, who: ProviderFixture = p) =>
    (await api('post', '/routers', who).send({ name, host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: ROUTER_PASSWORD }).expect(201)).body.id as string;
  const events = async (routerId: string) =>
    (await api('get', `/routers/${routerId}/events?limit=100`).expect(200)).body.items as Array<{ type: string; message: string; metadata: Record<string, unknown> }>;
  const storedRows = (routerId: string) =>
    t.dataSource.query<Array<{ id: string; kind: string; trigger: string; size_bytes: number }>>(`SELECT id, kind, trigger, size_bytes FROM router_backups WHERE router_id = $1`, [routerId]);
  const wavuFiles = (sim: SimRouter) => sim.state.files.list().filter((f) => /^wavu-/.test(String(f.name)));
  const nairobiHour = (at: Date) => Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Africa/Nairobi' }).format(at));
  /**
   * Every row of every table as PostgreSQL's own text (row_to_json: bytea as `\\x` hex, as pg_dump
   * writes it). Not pg_dump itself: the tests' embedded server (17) is newer than Debian's pg_dump (15),
   * which refuses to dump it.
   */
  const dataDump = async () => {
    const tables = await t.dataSource.query<Array<{ name: string }>>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((x) => x.name)).toContain('public.router_backups');
    const parts: string[] = [];
    for (const { name } of tables) for (const row of await t.dataSource.query<Array<{ r: string }>>(`SELECT row_to_json(x)::text AS r FROM ${name} x`)) parts.push(row.r);
    return parts.join('\n');
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ routers: 4, routerPassword: ROUTER_PASSWORD });
    const port = await freePort();
    t = await startTestApp({ PUBLIC_URL: `http://127.0.0.1:${port}`, ROUTER_CALL_TIMEOUT_MS: '1500', ROUTER_OUTBOX_BACKOFF_MS: '0' });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('a scheduled run stores an export and a binary backup, encrypted at rest; the download gives them back', async () => {
    const sim = sandbox.routers[0];
    sim.state.identity = 'Roof-Zx81-Identity';
    sim.state.hotspot.addUser({ name: 'office-staff', password: 'Pw-Distinct-7731', profile: 'default' });
    const routerId = await addRouter(sim, 'Roof');
    // one moment for the whole test, so the run never straddles the turn of an hour
    const at = new Date();
    await api('put', `/routers/${routerId}/backups/schedule`)
      .send({ hour: nairobiHour(at), keep: 3 })
      .expect(200);

    expect(await backups().runSchedule(at)).toMatchObject({ routers: 1, stored: 2, failed: 0 });
    const list = (await api('get', `/routers/${routerId}/backups`).expect(200)).body;
    expect(list.schedule).toEqual({ enabled: true, hour: nairobiHour(at), keep: 3, timeZone: 'Africa/Nairobi' });
    expect(list.items.map((b: { kind: string }) => b.kind).sort()).toEqual(['binary', 'export']);
    for (const b of list.items) expect(b).toMatchObject({ trigger: 'schedule', takenBy: null, routerosVersion: expect.stringMatching(/^7\./) });
    // the router keeps no copy
    expect(wavuFiles(sim)).toEqual([]);
    // the same hour again: already done today
    expect(await backups().runSchedule(new Date(at.getTime() + 1000))).toMatchObject({ routers: 0, stored: 0 });

    const exported = list.items.find((b: { kind: string }) => b.kind === 'export');
    const binary = list.items.find((b: { kind: string }) => b.kind === 'binary');
    const text = (await api('get', `/routers/${routerId}/backups/${exported.id}/download`).expect(200)).text as string;
    expect(text).toContain('set name=Roof-Zx81-Identity');
    expect(text).toContain('Pw-Distinct-7731');
    expect(Buffer.byteLength(text)).toBe(exported.sizeBytes);
    const bin = await api('get', `/routers/${routerId}/backups/${binary.id}/download`)
      .buffer(true)
      .parse((res: NodeJS.ReadableStream, done: (e: Error | null, b: Buffer) => void) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(bin.headers['content-type']).toBe('application/octet-stream');
    expect((bin.body as Buffer).length).toBe(binary.sizeBytes);

    const dump = await dataDump();
    expect(dump).toContain(exported.id); // the dump does hold the backup rows…
    // …but none of what is in them, neither as text nor as the hex a bytea column is dumped as
    for (const secret of ['Roof-Zx81-Identity', 'Pw-Distinct-7731', 'office-staff']) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
    const audit = await t.dataSource.query(`SELECT action FROM audit_logs WHERE provider_id = $1 AND action = 'router.backup_downloaded'`, [p.providerId]);
    expect(audit).toHaveLength(2);
  });

  it('a change made on the router raises a diff and an event; a voucher sold through Wavu does not', async () => {
    const sim = sandbox.routers[1];
    const routerId = await addRouter(sim, 'Kiosk');
    const take = async () => (await api('post', `/routers/${routerId}/backups`).send({ kind: 'export' }).expect(201)).body[0] as { id: string; takenBy: string };
    const changedEvents = async () => (await events(routerId)).filter((e) => e.type === 'config_changed');
    const first = await take();
    expect(first.takenBy).toBe(p.email);
    const firstDiff = (await api('get', `/routers/${routerId}/backups/${first.id}/diff`).expect(200)).body;
    expect(firstDiff.againstId).toBeNull();

    // a voucher sold through Wavu: its plan's profile and its user reach the router through the outbox
    const planId = (await api('post', '/plans').send({ name: '1 hour', price: 20, kind: 'unlimited', validitySeconds: 3600 }).expect(201)).body.id;
    const batchId = (await api('post', '/voucher-batches').send({ planId, quantity: 1, routerId }).expect(202)).body.id;
    await t.app.get(VoucherBatchesService).settled(batchId);
    const [voucher] = await t.dataSource.query(`SELECT id, code FROM vouchers WHERE batch_id = $1`, [batchId]);
    await api('post', '/cash-sales')
      .send({ voucherIds: [voucher.id] })
      .expect(200);
    await t.app.get(OutboxWorker).drainOnce();
    expect(sim.state.hotspot.findUser(voucher.code)).toBeDefined();
    const second = await take();
    expect(await changedEvents()).toEqual([]);
    const wavuDiff = (await api('get', `/routers/${routerId}/backups/${second.id}/diff`).expect(200)).body;
    expect(wavuDiff.againstId).toBe(first.id);
    // shown in the diff (its password masked), just not raised as an outside change
    expect(wavuDiff.diff).toMatch(new RegExp(`^\\+add name=${voucher.code} password=\\*{8} .*comment=wavu:${voucher.id}$`, 'm'));

    // someone changes the router directly
    sim.state.identity = 'Kiosk-Renamed-On-Router';
    sim.state.hotspot.walledGarden.add({ 'dst-host': 'ads.example.com', action: 'allow', disabled: 'false', dynamic: 'false' });
    const third = await take();
    const [changed] = await changedEvents();
    expect(changed.message).toMatch(/^Configuration changed on the router outside Wavu: [1-9]\d* lines? differ/);
    expect(changed.metadata).toMatchObject({ backupId: third.id, againstId: second.id, link: `/routers/${routerId}/backups/${third.id}/diff` });
    const diff = (await api('get', `/routers/${routerId}/backups/${third.id}/diff`).expect(200)).body;
    expect(diff.diff).toContain('+set name=Kiosk-Renamed-On-Router');
    expect(diff.diff).toMatch(/^\+add .*dst-host=ads\.example\.com/m);
    expect(diff.diff).not.toMatch(/^[-+]#/m); // header comments ignored
    expect(diff.changedLines).toBeGreaterThanOrEqual(3);
    // secrets in the diff are masked: compare the first export (no voucher) with the third
    const masked = (await api('get', `/routers/${routerId}/backups/${third.id}/diff?against=${first.id}`).expect(200)).body.diff as string;
    expect(masked).toMatch(/password=\*{8}/);
    expect(masked).not.toContain(`password=${voucher.code}`);
  });

  it('an export restored onto a fresh router reproduces the hotspot configuration', async () => {
    const source = sandbox.routers[2];
    source.state.hotspot.addUser({ name: 'front-desk', password: 'Desk-Pass-1', profile: 'default', comment: 'staff' });
    const sourceId = await addRouter(source, 'Source');
    const [exported] = (await api('post', `/routers/${sourceId}/backups`).send({ kind: 'both' }).expect(201)).body as Array<{ id: string; kind: string }>;
    const binary = (await api('get', `/routers/${sourceId}/backups`).expect(200)).body.items.find((b: { kind: string }) => b.kind === 'binary');

    const fresh = await sandbox.routeros.addRouter({ blank: true, user: 'admin', password: ROUTER_PASSWORD, identity: 'Blank' });
    const freshId = await addRouter(fresh, 'Fresh unit');
    // refused before anything happens: a wrong confirmation, a binary backup of another router
    await api('post', `/routers/${freshId}/restores`)
      .send({ backupId: exported.id, confirmName: 'Fresh' })
      .expect(400, /RESTORE_CONFIRMATION_MISMATCH/);
    await api('post', `/routers/${freshId}/restores`)
      .send({ backupId: binary.id, confirmName: 'Fresh unit' })
      .expect(400, /RESTORE_TARGET_NOT_ALLOWED/);
    expect(await t.dataSource.query(`SELECT id FROM router_restores WHERE router_id = $1`, [freshId])).toEqual([]);

    const restore = (await api('post', `/routers/${freshId}/restores`).send({ backupId: exported.id, confirmName: 'Fresh unit' }).expect(200)).body;
    expect(restore).toMatchObject({ status: 'succeeded', kind: 'export', sourceRouterId: sourceId, error: null, line: null, requestedBy: p.email, beforeBackupId: expect.any(String) });
    const view = (sim: SimRouter) => ({
      servers: sim.state.hotspot.servers.all().map((r) => [r.name, r.interface, r['address-pool'], r.profile]),
      serverProfiles: sim.state.hotspot.serverProfiles.all().map((r) => [r.name, r['dns-name'], r['login-by']]),
      userProfiles: sim.state.hotspot.userProfiles.all().map((r) => [r.name, r['rate-limit'], r['shared-users']]),
      users: sim.state.hotspot.users.all().map((r) => [r.name, r.password, r.profile, r.comment]),
      walledGarden: sim.state.hotspot.walledGarden.all().map((r) => [r['dst-host'], r.action]),
    });
    expect(view(fresh)).toEqual(view(source));
    expect(view(fresh).users).toContainEqual(['front-desk', 'Desk-Pass-1', 'default', 'staff']);
    expect(wavuFiles(fresh)).toEqual([]);
    const restoreEvents = (await events(freshId)).filter((e) => e.type === 'restore');
    expect(restoreEvents.map((e) => e.message)).toEqual(['Export restored onto the router']);
    const actions = (
      await t.dataSource.query(`SELECT action FROM audit_logs WHERE provider_id = $1 AND action LIKE 'router.%restore%' OR action = 'router.backup_file_served' ORDER BY created_at`, [p.providerId])
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['router.restore_started', 'router.backup_file_served', 'router.restore_finished']);
  });

  it('a binary restore reboots the router; the restore follows it back and monitoring sees the restart', async () => {
    const sim = sandbox.routers[3];
    await sim.setFaults({ rebootSeconds: 1 });
    const routerId = await addRouter(sim, 'Tower');
    await t.app.get(RouterMonitorService).checkAll();
    sim.clock.advance(3_600_000); // an hour of uptime
    await t.app.get(RouterMonitorService).checkAll();
    const binary = (await api('post', `/routers/${routerId}/backups`).send({ kind: 'binary' }).expect(201)).body[0];
    sim.state.hotspot.addUser({ name: 'added-after-backup', password: 'x', profile: 'default' });

    const res = await api('post', `/routers/${routerId}/restores`).send({ backupId: binary.id, confirmName: 'Tower' }).expect(202);
    expect(res.body).toMatchObject({ status: 'rebooting', kind: 'binary' });
    let status = res.body.status as string;
    for (const until = Date.now() + 20_000; status === 'rebooting';) {
      if (Date.now() > until) throw new Error('the restore did not see the router come back');
      await new Promise((r) => setTimeout(r, 200));
      status = (await api('get', `/routers/${routerId}/restores/${res.body.id}`).expect(200)).body.status;
    }
    expect(status).toBe('succeeded');
    expect(sim.state.hotspot.findUser('added-after-backup')).toBeUndefined();
    await t.app.get(RouterMonitorService).checkAll();
    const types = (await events(routerId)).map((e) => e.type);
    expect(types).toContain('restarted');
    expect((await events(routerId)).filter((e) => e.type === 'restore').map((e) => e.message)).toEqual([
      expect.stringMatching(/^Router back after the reboot/),
      'Binary backup loaded; the router is rebooting',
    ]);
    expect(wavuFiles(sim).filter((f) => String(f.name).startsWith('wavu-backup'))).toEqual([]);
  });

  it('a binary restore whose router does not come back in 5 minutes fails', async () => {
    const sim = await sandbox.routeros.addRouter({ name: 'slow-boot', user: 'admin', password: ROUTER_PASSWORD, identity: 'Slow boot' });
    const routerId = await addRouter(sim, 'Slow boot');
    sim.clock.advance(600_000);
    const binary = (await api('post', `/routers/${routerId}/backups`).send({ kind: 'binary' }).expect(201)).body[0];
    await sim.setFaults({ rebootSeconds: 120 });
    const res = await api('post', `/routers/${routerId}/restores`).send({ backupId: binary.id, confirmName: 'Slow boot' }).expect(202);
    const clock = t.app.get(Clock);
    clock.advance(5 * 60_000 + 1_000);
    try {
      const status = (await api('get', `/routers/${routerId}/restores/${res.body.id}`).expect(200)).body;
      expect(status).toMatchObject({ status: 'failed', error: 'the router did not come back within 5 minutes of loading the backup', finishedAt: expect.any(String) });
    } finally {
      clock.reset();
    }
    expect((await events(routerId)).filter((e) => e.type === 'restore').map((e) => e.message)[0]).toBe('Restore failed: the router did not come back within 5 minutes of loading the backup');
  });

  it('backups of a hung router fail with a code and store nothing', async () => {
    const sim = await sandbox.routeros.addRouter({ user: 'admin', password: ROUTER_PASSWORD, identity: 'Hung' });
    const routerId = await addRouter(sim, 'Hung');
    await sim.setFaults({ neverAnswer: true });
    const res = await api('post', `/routers/${routerId}/backups`).send({ kind: 'both' }).expect(504);
    expect(res.body.code).toBe('BACKUP_ROUTER_TIMEOUT');
    const at = new Date();
    await api('put', `/routers/${routerId}/backups/schedule`)
      .send({ hour: nairobiHour(at) })
      .expect(200);
    expect((await backups().runSchedule(at)).failed).toBeGreaterThanOrEqual(1);
    expect(await storedRows(routerId)).toEqual([]);
    const failed = (await events(routerId)).filter((e) => e.type === 'backup_failed');
    expect(failed.length).toBe(2);
    for (const e of failed) expect(e.metadata.code).toBe('BACKUP_ROUTER_TIMEOUT');
    await sim.clearFaults();
  });

  it('a router file link serves its backup once, never after 10 minutes, and nothing for an unknown token', async () => {
    const routerId = (await t.dataSource.query(`SELECT id FROM routers WHERE provider_id = $1 AND name = 'Roof'`, [p.providerId]))[0].id;
    const [backup] = await t.dataSource.query(`SELECT id FROM router_backups WHERE router_id = $1 AND kind = 'export'`, [routerId]);
    const repo = t.app.get(RouterBackupsRepository);
    const clock = t.app.get(Clock);
    const link = async () => {
      const token = randomToken(32);
      await repo.insertToken({ tokenHash: sha256(token), providerId: p.providerId, routerId, backupId: backup.id, restoreId: randomUUID(), expiresAt: new Date(clock.now().getTime() + 10 * 60_000) });
      return `/api/v1/router-files/${token}`;
    };
    const once = await link();
    const served = await t.http().get(once).expect(200);
    expect(served.headers['cache-control']).toBe('no-store');
    expect(Buffer.from(served.body as Buffer).toString('utf8')).toContain('set name=Roof-Zx81-Identity');
    await t
      .http()
      .get(once)
      .expect(404, /ROUTER_FILE_NOT_FOUND/);
    const late = await link();
    clock.advance(10 * 60_000 + 1);
    try {
      await t
        .http()
        .get(late)
        .expect(404, /ROUTER_FILE_NOT_FOUND/);
    } finally {
      clock.reset();
    }
    await t
      .http()
      .get(`/api/v1/router-files/${'A'.repeat(43)}`)
      .expect(404, /ROUTER_FILE_NOT_FOUND/);
    await t.http().get('/api/v1/router-files/short').expect(400);
    const served1 = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'router.backup_file_served' AND metadata->>'backupId' = $1`, [backup.id]);
    expect(served1).toHaveLength(1);
  });

  it('an import that stops part way answers its error and line; a restore under way blocks another until it is stale', async () => {
    const routerId = (await t.dataSource.query(`SELECT id FROM routers WHERE provider_id = $1 AND name = 'Roof'`, [p.providerId]))[0].id;
    const [backup] = await t.dataSource.query(`SELECT id FROM router_backups WHERE router_id = $1 AND kind = 'export' AND trigger = 'schedule'`, [routerId]);
    const [running] = await t.dataSource.query(
      `INSERT INTO router_restores (provider_id, router_id, backup_id, source_router_id, kind, status) VALUES ($1, $2, $3, $2, 'export', 'running') RETURNING id`,
      [p.providerId, routerId, backup.id],
    );
    await api('post', `/routers/${routerId}/restores`)
      .send({ backupId: backup.id, confirmName: 'Roof' })
      .expect(409, /RESTORE_IN_PROGRESS/);
    // left "running" by an API restart 16 minutes ago: no longer in the way
    await t.dataSource.query(`UPDATE router_restores SET created_at = now() - interval '16 minutes' WHERE id = $1`, [running.id]);
    // the router already has everything in its own export: the import stops at the first duplicate
    const res = await api('post', `/routers/${routerId}/restores`).send({ backupId: backup.id, confirmName: 'Roof' }).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', kind: 'export', line: expect.any(Number) });
    expect(res.body.error).toMatch(/already/);
    expect(res.body.line).toBeGreaterThan(0);
    const [event] = (await events(routerId)).filter((e) => e.type === 'restore');
    expect(event.message).toBe(`Export restore stopped at line ${res.body.line}: ${res.body.error}; the lines before it stay applied`);
  });

  it('a router on an older setup kit is told to re-run it', async () => {
    const sim = await sandbox.routeros.addRouter({ user: 'admin', password: ROUTER_PASSWORD, identity: 'Old kit' });
    sim.state.addApiUser('wavu-old', 'old-kit-pw', ['read', 'write', 'api']);
    const routerId = (await api('post', '/routers').send({ name: 'Old kit', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'wavu-old', password: 'old-kit-pw' }).expect(201)).body.id;
    const res = await api('post', `/routers/${routerId}/backups`).send({ kind: 'export' }).expect(409);
    expect(res.body).toMatchObject({ code: 'BACKUP_SETUP_KIT_OUTDATED' });
    expect(res.body.message).toMatch(/re-run the setup kit/);
    expect(await storedRows(routerId)).toEqual([]);
  });
});
