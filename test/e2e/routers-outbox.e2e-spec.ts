import type { NestExpressApplication } from '@nestjs/platform-express';
import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import type { ProvisioningOpInput } from '../../apps/api/src/modules/routers/provisioning.types';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const CALL_TIMEOUT_MS = 300;
const profile = { name: 'wavu-day', rateLimit: '1M/3M', sharedUsers: 2, sessionTimeoutSeconds: 0 };
const user = (name: string) => ({ name, password: name, profile: profile.name, limitUptimeSeconds: 86400, comment: `wavu:${name}` });

describe('router outbox durability and router faults (e2e)', () => {
  let t: TestApp;
  let app: NestExpressApplication;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let p: ProviderFixture;
  let routerId: string;

  const http = () => request(app.getHttpServer());
  const ds = () => app.get(DataSource);
  const enqueue = (ops: ProvisioningOpInput[]) => inTransaction(ds(), (m) => app.get(RoutersService).enqueue(m, p.providerId, ops));
  const drain = () => app.get(OutboxWorker).drainOnce();
  const opRows = () => ds().query(`SELECT type, target, status, attempts, last_error_code FROM router_provisioning_ops WHERE router_id = $1 ORDER BY seq`, [routerId]);

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([
      startTestApp({ ROUTER_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS), ROUTER_OUTBOX_BACKOFF_MS: '60000', ROUTER_OUTBOX_MAX_ATTEMPTS: '3' }),
      startSandbox({ routers: 1 }),
    ]);
    app = t.app;
    sim = sandbox.routers[0];
    const admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    const res = await http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Faulty', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' }).expect(201);
    routerId = res.body.id;
  });
  afterAll(async () => {
    if (app !== t.app) await app.close();
    else await t.app.close();
    await t?.db.drop();
    await sandbox?.stop();
  });
  afterEach(() => sim.clearFaults());

  it('queues changes while the router refuses connections and applies them, in order, once it is back — across an API restart', async () => {
    await sim.setFaults({ refuseConnections: true });
    await enqueue([
      { routerId, type: 'upsert_profile', target: profile.name, profile },
      { routerId, type: 'upsert_user', target: 'q-1', user: user('q-1') },
      { routerId, type: 'upsert_user', target: 'q-2', user: user('q-2') },
      { routerId, type: 'disable_user', target: 'q-2' },
    ]);
    expect(await drain()).toMatchObject({ applied: 0, failed: 1 });
    // only the head was tried: per-router order is kept
    expect(await opRows()).toEqual([
      { type: 'upsert_profile', target: profile.name, status: 'pending', attempts: 1, last_error_code: 'CONNECTION' },
      { type: 'upsert_user', target: 'q-1', status: 'pending', attempts: 0, last_error_code: null },
      { type: 'upsert_user', target: 'q-2', status: 'pending', attempts: 0, last_error_code: null },
      { type: 'disable_user', target: 'q-2', status: 'pending', attempts: 0, last_error_code: null },
    ]);
    // backing off: nothing is due
    expect(await drain()).toMatchObject({ applied: 0, failed: 0 });
    const status = await http().get(`/api/v1/routers/${routerId}`).set(p.owner.auth).expect(200);
    expect(status.body).toMatchObject({ status: 'offline', sync: { pending: 4, failed: 0 } });
    expect(status.body.lastError).toMatch(/ECONNREFUSED|refused|unreachable/i);

    // the API process goes away; the router comes back; a new process starts on the same database
    await app.close();
    await sim.clearFaults();
    app = await createApp(t.config, { abortOnError: false });
    await app.init();
    expect(await ds().query(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE status = 'pending'`)).toEqual([{ n: 4 }]);

    // monitoring sees it online again, which makes its backlog due
    expect(await app.get(RouterMonitorService).checkAll()).toMatchObject({ online: 1 });
    expect(await drain()).toMatchObject({ applied: 4, failed: 0 });
    expect((await opRows()).map((o: { status: string }) => o.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(sim.state.hotspot.findUser('q-1')).toMatchObject({ profile: profile.name, disabled: 'false' });
    expect(sim.state.hotspot.findUser('q-2')).toMatchObject({ disabled: 'true' });
    const events = await http().get(`/api/v1/routers/${routerId}/events`).set(p.owner.auth).expect(200);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'status_changed').map((e: { metadata: { to: string } }) => e.metadata.to)).toEqual(['online', 'offline']);
  });

  it('never sets aside the backlog of a router that stays unreachable past the attempt limit', async () => {
    await sim.setFaults({ refuseConnections: true });
    await enqueue([{ routerId, type: 'upsert_user', target: 'long-offline', user: user('long-offline') }]);
    for (let i = 0; i < 5; i++) {
      expect(await drain()).toMatchObject({ applied: 0, deadLettered: 0 });
      await ds().query(`UPDATE router_provisioning_ops SET next_attempt_at = now() WHERE status = 'pending'`);
    }
    const [op] = await ds().query(`SELECT status, attempts, last_error_code FROM router_provisioning_ops WHERE target = 'long-offline'`);
    expect(op).toMatchObject({ status: 'pending', attempts: 5, last_error_code: 'CONNECTION' });
    await sim.clearFaults();
    // seen online again by monitoring (once the client's reconnect backoff has passed): the
    // waiting operation is due at once
    let online = 0;
    for (let i = 0; i < 50 && online === 0; i++) {
      online = (await app.get(RouterMonitorService).checkAll()).online;
      if (!online) await new Promise((r) => setTimeout(r, 200));
    }
    expect(online).toBe(1);
    expect(await drain()).toMatchObject({ applied: 1 });
    expect(sim.state.hotspot.findUser('long-offline')).toBeDefined();
  });

  it('dead-letters an operation after the configured attempts, shows it, and "retry now" applies it', async () => {
    await enqueue([{ routerId, type: 'upsert_user', target: 'dl-1', user: { ...user('dl-1'), profile: 'no-such-profile' } }]);
    await ds().query(`UPDATE router_provisioning_ops SET next_attempt_at = now() WHERE status = 'pending'`);
    for (let i = 0; i < 3; i++) {
      await drain();
      await ds().query(`UPDATE router_provisioning_ops SET next_attempt_at = now() WHERE status = 'pending'`);
    }
    const sync = await http().get(`/api/v1/routers/${routerId}/sync`).set(p.owner.auth).expect(200);
    expect(sync.body).toMatchObject({ pending: 0, failed: 1 });
    expect(sync.body.failures[0]).toMatchObject({ target: 'dl-1', status: 'dead', attempts: 3, lastErrorCode: 'NOT_FOUND' });
    expect(sync.body.failures[0].lastError).toMatch(/profile/);

    sim.state.hotspot.userProfiles.add({ name: 'no-such-profile', 'shared-users': '1' });
    const retry = await http().post(`/api/v1/routers/${routerId}/sync/retry`).set(p.owner.auth).send({ opId: sync.body.failures[0].id }).expect(200);
    expect(retry.body).toEqual({ retried: 1 });
    expect(await drain()).toMatchObject({ applied: 1 });
    expect(sim.state.hotspot.findUser('dl-1')).toBeDefined();
  });

  const faults = [
    { label: 'a hang (no answer)', set: { neverAnswer: true } },
    { label: '!fatal', set: { fatal: true } },
  ];
  const calls: Array<{ label: string; run: () => Promise<{ status: number; body: { code?: string } }> }> = [
    { label: 'GET sessions', run: () => http().get(`/api/v1/routers/${routerId}/sessions`).set(p.owner.auth) },
    { label: 'GET interfaces', run: () => http().get(`/api/v1/routers/${routerId}/interfaces`).set(p.owner.auth) },
    { label: 'GET log', run: () => http().get(`/api/v1/routers/${routerId}/log`).set(p.owner.auth) },
    { label: 'POST kick', run: () => http().post(`/api/v1/routers/${routerId}/sessions/kick`).set(p.owner.auth).send({ sessionId: '*1' }) },
    { label: 'POST reconcile', run: () => http().post(`/api/v1/routers/${routerId}/reconcile`).set(p.owner.auth) },
  ];

  it.each(faults)('$label on any gateway call neither hangs nor crashes the API, and the error is recorded', async ({ set }) => {
    const bound = CALL_TIMEOUT_MS * 8;
    for (const call of calls) {
      await sim.setFaults(set);
      await ds().query(`UPDATE routers SET last_error = NULL WHERE id = $1`, [routerId]);
      const started = Date.now();
      const res = await call.run();
      expect({ call: call.label, status: res.status, code: res.body.code }).toEqual({ call: call.label, status: 502, code: expect.stringMatching(/^ROUTER_(UNREACHABLE|CALL_FAILED)$/) });
      expect(Date.now() - started).toBeLessThan(bound);
      const [row] = await ds().query(`SELECT last_error FROM routers WHERE id = $1`, [routerId]);
      expect({ call: call.label, recorded: typeof row.last_error === 'string' && row.last_error.length > 0 }).toEqual({ call: call.label, recorded: true });
      await sim.clearFaults();
    }

    // the outbox worker: the op's error is recorded and it stays queued
    await sim.setFaults(set);
    await enqueue([{ routerId, type: 'upsert_user', target: 'f-1', user: user('f-1') }]);
    let started = Date.now();
    expect(await drain()).toMatchObject({ applied: 0, failed: 1 });
    expect(Date.now() - started).toBeLessThan(bound);
    const [op] = await ds().query(`SELECT status, attempts, last_error, last_error_code FROM router_provisioning_ops WHERE target = 'f-1' AND status <> 'done'`);
    expect(op).toMatchObject({ status: 'pending', attempts: 1, last_error_code: expect.stringMatching(/^(TIMEOUT|CONNECTION)$/) });

    // monitoring and the on-demand test
    started = Date.now();
    expect(await app.get(RouterMonitorService).checkAll()).toMatchObject({ online: 0 });
    expect(Date.now() - started).toBeLessThan(bound);
    const test = await http().post(`/api/v1/routers/${routerId}/test`).set(p.owner.auth).expect(200);
    expect(test.body.ok).toBe(false);
    const router = await http().get(`/api/v1/routers/${routerId}`).set(p.owner.auth).expect(200);
    expect(router.body.status).not.toBe('online');
    expect(router.body.lastError).toBeTruthy();

    // the router recovers: everything works again in this same process
    await sim.clearFaults();
    await http().get('/health/live').expect(200);
    await app.get(RouterMonitorService).checkAll();
    expect(await drain()).toMatchObject({ applied: 1 });
    await http().get(`/api/v1/routers/${routerId}/sessions`).set(p.owner.auth).expect(200);
  });

  it('reports usage (counters include the running session) to listeners', async () => {
    const reports: Array<{ routerId: string; users: Array<{ name: string; uptimeSeconds: number; bytesOut: number; active: boolean; limitReached: boolean }> }> = [];
    app.get(RoutersService).onUsage(async (r) => {
      reports.push(r);
    });
    await enqueue([{ routerId, type: 'upsert_user', target: 'u-1', user: { ...user('u-1'), limitUptimeSeconds: 60 } }]);
    await drain();
    sandbox.loginDevices(sim, [{ user: 'u-1', password: 'u-1', ip: '10.5.50.77', mac: 'AA:BB:CC:00:07:07', rateOut: 100 }]);
    sim.clock.advance(20_000);
    expect(await app.get(RouterMonitorService).syncUsageAll()).toMatchObject({ routers: 1, failed: 0 });
    const u1 = reports[0].users.find((u) => u.name === 'u-1');
    expect(reports[0].routerId).toBe(routerId);
    expect(u1).toMatchObject({ uptimeSeconds: 20, bytesOut: 2000, active: true, limitReached: false });
    sim.clock.advance(60_000);
    await app.get(RouterMonitorService).syncUsageAll();
    expect(reports[1].users.find((u) => u.name === 'u-1')).toMatchObject({ uptimeSeconds: 60, active: false, limitReached: true });
  });
});
