import type { ControlServer } from '@wavu/routeros-sim';
import { startControlServer } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { Clock } from '../../apps/api/src/common/clock';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterHistoryService } from '../../apps/api/src/modules/routers/router-history.service';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const profile = { name: 'wavu-1h-history', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 };
const T0 = new Date('2026-12-01T10:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** docs/monitoring.md: the minute monitoring run records history; the chart reads it; the hourly job rolls up and purges. */
describe('router history (e2e, a simulated router with traffic)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let control: ControlServer;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let routerId: string;
  let sessionId: string;
  const clock = () => t.app.get(Clock);

  /** Client upload/download through the simulator's control HTTP (the hotspot bridge receives the upload, ether1 sends it on). */
  const traffic = async (bytesIn: number, bytesOut: number) => {
    const res = await fetch(`${control.url}/routers/${sandbox.routers[0].name}/hotspot/traffic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, bytesIn, bytesOut }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '1000' }), startSandbox({ routers: 1, routerPassword: 'sim-pass-h' })]);
    control = await startControlServer(sandbox.routeros);
    const admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    const res = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: 'History shop', host: '127.0.0.1', apiPort: sandbox.routers[0].port, useTls: false, username: 'admin', password: 'sim-pass-h' })
      .expect(201);
    routerId = res.body.id;
    await inTransaction(t.dataSource, (m) =>
      t.app.get(RoutersService).enqueue(m, a.providerId, [
        { routerId, type: 'upsert_profile', target: profile.name, profile },
        { routerId, type: 'upsert_user', target: 'hist-1', user: { name: 'hist-1', password: 'hist-1', profile: profile.name, limitUptimeSeconds: 3600, comment: 'wavu:hist-1' } },
      ]),
    );
    await t.app.get(OutboxWorker).drainOnce();
    [sessionId] = sandbox.loginDevices(sandbox.routers[0], [{ user: 'hist-1', password: 'hist-1', ip: '10.5.50.41', mac: 'AA:BB:CC:00:04:01' }]);
  });
  afterAll(async () => {
    clock().reset();
    await control?.close();
    await t?.close();
    await sandbox?.stop();
  });

  it('records CPU, memory, sessions and per-interface rates each minute and serves them at minute resolution', async () => {
    const monitor = t.app.get(RouterMonitorService);
    clock().set(T0);
    expect(await monitor.checkAll()).toMatchObject({ online: 1 });
    // 750,000 B up and 7,500,000 B down in one minute: 100 kbit/s and 1 Mbit/s
    await traffic(750_000, 7_500_000);
    clock().advance(MINUTE);
    await monitor.checkAll();
    await traffic(1_500_000, 15_000_000);
    clock().advance(MINUTE);
    await monitor.checkAll();

    const res = await t.http().get(`/api/v1/routers/${routerId}/history?range=6h`).set(a.owner.auth).expect(200);
    expect(res.body).toMatchObject({ range: '6h', resolution: 'minute', stepSeconds: 60 });
    const epoch = (d: Date) => d.getTime() / 1000;
    expect(res.body.health.at).toEqual([epoch(T0), epoch(T0) + 60, epoch(T0) + 120]);
    expect(res.body.health.activeSessions).toEqual([1, 1, 1]);
    for (const cpu of res.body.health.cpuLoad) expect(cpu).toEqual(expect.any(Number));
    for (const mem of res.body.health.memoryUsedPercent) {
      expect(mem).toBeGreaterThan(0);
      expect(mem).toBeLessThanOrEqual(100);
    }
    expect(res.body.health.cpuLoadMax).toBeNull();
    // the first reading is only a base: rates from the second minute on
    const byName = Object.fromEntries(res.body.interfaces.map((i: { name: string }) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(['bridge-hotspot', 'ether1']);
    expect(byName['bridge-hotspot']).toMatchObject({ at: [epoch(T0) + 60, epoch(T0) + 120], rxBps: [100_000, 200_000], txBps: [1_000_000, 2_000_000], rxBpsMax: null, txBpsMax: null });
    expect(byName.ether1).toMatchObject({ rxBps: [1_000_000, 2_000_000], txBps: [100_000, 200_000] });
    // bits over the range: (100,000 + 200,000) × 60 s
    expect(byName['bridge-hotspot'].totalRxBits).toBe(18_000_000);
  });

  it('refreshes the live figures on demand without adding to the history', async () => {
    await traffic(0, 3_750_000);
    clock().advance(30_000);
    const res = await t.http().post(`/api/v1/routers/${routerId}/refresh`).set(a.owner.auth).expect(200);
    expect(res.body).toMatchObject({ status: 'online', error: null, activeSessions: 1, uptimeSeconds: expect.any(Number) });
    // 3,750,000 B in the 30 s since the last minute's reading: 1 Mbit/s
    expect(res.body.interfaces).toEqual([
      { name: 'bridge-hotspot', rxBps: 0, txBps: 1_000_000 },
      { name: 'ether1', rxBps: 1_000_000, txBps: 0 },
    ]);
    const history = await t.http().get(`/api/v1/routers/${routerId}/history?range=6h`).set(a.owner.auth).expect(200);
    expect(history.body.health.at).toHaveLength(3);
  });

  it("answers another provider's router as not found and refuses an unknown range", async () => {
    await t.http().get(`/api/v1/routers/${routerId}/history?range=6h`).set(b.owner.auth).expect(404);
    await t.http().post(`/api/v1/routers/${routerId}/refresh`).set(b.owner.auth).expect(404);
    const bad = await t.http().get(`/api/v1/routers/${routerId}/history?range=1y`).set(a.owner.auth).expect(400);
    expect(JSON.stringify(bad.body)).toContain('range must be one of');
  });

  it('rolls minutes up into hours (average and maximum) and applies retention, with a fixed clock', async () => {
    const ds = t.dataSource;
    const hour = new Date('2026-11-20T08:00:00Z');
    await ds.query(`DELETE FROM router_samples WHERE router_id = $1`, [routerId]);
    await ds.query(`DELETE FROM router_interface_samples WHERE router_id = $1`, [routerId]);
    // an hour of minutes: CPU 0..59, memory 40 or 60, sessions 1..60; ether1 busy only in the first 30 minutes
    await ds.query(
      `INSERT INTO router_samples (router_id, at, cpu_load, memory_used_percent, active_sessions)
       SELECT $1, $2::timestamptz + make_interval(mins => g), g, CASE WHEN g % 2 = 0 THEN 40 ELSE 60 END, g + 1 FROM generate_series(0, 59) g`,
      [routerId, hour],
    );
    await ds.query(
      `INSERT INTO router_interface_samples (router_id, at, interface, rx_bps, tx_bps)
       SELECT $1, $2::timestamptz + make_interval(mins => g), 'ether1', 1000 * (g + 1), 500 FROM generate_series(0, 29) g`,
      [routerId, hour],
    );
    // an old hourly row (beyond 90 days) and one just inside
    await ds.query(`INSERT INTO router_samples_hourly (router_id, at, cpu_load_avg, cpu_load_max) VALUES ($1, $2, 1, 1), ($1, $3, 2, 2)`, [
      routerId,
      new Date(hour.getTime() - 91 * 24 * HOUR),
      new Date(hour.getTime() - 89 * 24 * HOUR),
    ]);

    // the job runs at 10:07: it rolls 07:00, 08:00 and 09:00 up; the minutes are still kept (younger than 48 h)
    const first = await t.app.get(RouterHistoryService).rollupAndPurge(new Date(hour.getTime() + 2 * HOUR + 7 * MINUTE));
    expect(first).toMatchObject({ minuteRowsDeleted: 0, hourlyRowsDeleted: 1 });
    const [health] = await ds.query(`SELECT * FROM router_samples_hourly WHERE router_id = $1 AND at = $2`, [routerId, hour]);
    expect(health).toMatchObject({ cpu_load_avg: 29.5, cpu_load_max: 59, memory_used_percent_avg: 50, memory_used_percent_max: 60, active_sessions_avg: 30.5, active_sessions_max: 60 });
    const [ether1] = await ds.query(`SELECT * FROM router_interface_samples_hourly WHERE router_id = $1 AND at = $2`, [routerId, hour]);
    // 30 busy minutes of 60 sampled: the average counts the quiet half as zero (sum 465,000 / 60)
    expect(ether1).toMatchObject({ interface: 'ether1', rx_bps_avg: '7750', rx_bps_max: '30000', tx_bps_avg: '250', tx_bps_max: '500' });
    const kept = await ds.query(`SELECT at FROM router_samples_hourly WHERE router_id = $1 AND at < $2 ORDER BY at`, [routerId, hour]);
    expect(kept.map((r: { at: Date }) => r.at.toISOString())).toEqual([new Date(hour.getTime() - 89 * 24 * HOUR).toISOString()]);

    // the hour reads back through the API at hour resolution
    clock().set(new Date(hour.getTime() + 3 * HOUR));
    const chart = await t.http().get(`/api/v1/routers/${routerId}/history?range=7d`).set(a.owner.auth).expect(200);
    expect(chart.body).toMatchObject({ range: '7d', resolution: 'hour', stepSeconds: 3600 });
    const h = hour.getTime() / 1000;
    expect(chart.body.health).toEqual({ at: [h], cpuLoad: [29.5], cpuLoadMax: [59], memoryUsedPercent: [50], memoryUsedPercentMax: [60], activeSessions: [30.5], activeSessionsMax: [60] });
    expect(chart.body.interfaces).toEqual([expect.objectContaining({ name: 'ether1', at: [h], rxBps: [7750], txBps: [250], rxBpsMax: [30000], txBpsMax: [500] })]);

    // two days later the minutes are gone, the hour stays; running again changes nothing more
    const later = await t.app.get(RouterHistoryService).rollupAndPurge(new Date(hour.getTime() + 49 * HOUR));
    expect(later.minuteRowsDeleted).toBe(90);
    expect(await ds.query(`SELECT count(*)::int AS n FROM router_samples WHERE router_id = $1 AND at < $2`, [routerId, new Date(hour.getTime() + HOUR)])).toEqual([{ n: 0 }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM router_samples_hourly WHERE router_id = $1 AND at = $2`, [routerId, hour])).toEqual([{ n: 1 }]);
    expect(await t.app.get(RouterHistoryService).rollupAndPurge(new Date(hour.getTime() + 49 * HOUR))).toMatchObject({ minuteRowsDeleted: 0, hourlyRowsDeleted: 0 });
  });
});
