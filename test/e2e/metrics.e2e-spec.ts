import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { JobRunner } from '../../apps/api/src/modules/jobs/job-runner.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

/** One sample of the Prometheus text format: `name{a="x",b="y"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unreadable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined when absent. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} series`);
  return found[0]?.value;
}

/**
 * The metrics an operator alerts on (docs/operations.md "Metrics and alerts"), scraped from
 * /metrics after real work: a paid STK purchase through the Daraja simulator, a router that cannot
 * be reached, job runs (one succeeds, one fails), and an outbox entry set aside as dead.
 * Every figure is compared with the database, not with what the code was told.
 */
describe('metrics (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Awaited<ReturnType<typeof createSuperAdmin>>;
  let a: ProviderFixture;
  let routerId: string;
  let purchases: string[];

  const rows = async (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const scrape = async () => parse((await t.http().get('/metrics').expect(200)).text);
  const waitFor = async (check: () => Promise<boolean>, what: string, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '2000', ROUTER_CALL_TIMEOUT_MS: '300' });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    // nothing listens on port 1: the router cannot be reached
    routerId = (await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Dead', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'pw' }).expect(201)).body.id;
    const planId = (await t.http().post('/api/v1/plans').set(a.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body.id;
    const payments = t.app.get(PaymentsService);
    purchases = [];
    for (const suffix of ['0000', '0001']) {
      // 0000 pays, 0001 fails (insufficient funds): both callbacks are handled
      const started = await payments.startPurchase({ providerId: a.providerId, routerId, planId, phone: `25472000${suffix}`, clientIp: '10.0.0.9' });
      purchases.push(started.purchaseId);
    }
    await sim.idle();
    await waitFor(async () => (await rows(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status <> 'pending'`, [purchases]))[0].n === 2, 'both callbacks');
    await t.http().post(`/api/v1/routers/${routerId}/test`).set(a.owner.auth).expect(200);
    await t.http().post('/api/v1/admin/system-health/jobs/voucher-expiry/run').set(admin.auth).expect(200);
    const failed = await t.app.get(JobRunner).runNow('metrics-e2e-failing', () => Promise.reject(new Error('boom')));
    expect(failed.status).toBe('failed');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('counts webhook outcomes and times STK pushes and the wait for their callbacks', async () => {
    const samples = await scrape();
    const logs: { kind: string; outcome: string; n: number }[] = await rows(`SELECT kind, outcome, count(*)::int AS n FROM webhook_logs GROUP BY kind, outcome`);
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) expect([log.kind, log.outcome, value(samples, 'wavu_webhooks_total', { gateway: 'daraja', kind: log.kind, outcome: log.outcome })]).toEqual([log.kind, log.outcome, log.n]);
    expect(logs.find((l) => l.kind === 'stk' && l.outcome === 'processed')?.n).toBe(2);

    const pushes = (await rows(`SELECT count(*)::int AS n FROM stk_requests WHERE payment_id = ANY($1)`, [purchases]))[0].n;
    expect(pushes).toBe(2);
    expect(value(samples, 'wavu_daraja_request_duration_seconds_count', { operation: 'stk_push', result: 'ok' })).toBe(pushes);
    const pushSeconds = value(samples, 'wavu_daraja_request_duration_seconds_sum', { operation: 'stk_push', result: 'ok' })!;
    expect(pushSeconds).toBeGreaterThan(0);
    expect(pushSeconds).toBeLessThan(2 * 2); // under the 2 s timeout each

    // push -> callback: bounded by the time between the first push row and the last handled callback
    const span = (
      await rows(
        `SELECT extract(epoch FROM max(w.processed_at) - min(s.created_at))::float8 AS s FROM stk_requests s JOIN webhook_logs w ON w.external_id = s.checkout_request_id WHERE s.payment_id = ANY($1)`,
        [purchases],
      )
    )[0].s;
    expect(value(samples, 'wavu_stk_push_to_callback_seconds_count', { outcome: 'processed' })).toBe(2);
    const waited = value(samples, 'wavu_stk_push_to_callback_seconds_sum', { outcome: 'processed' })!;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(2 * span + 0.01);
  });

  it('shows routers by status, with the unreachable one counted where the database has it', async () => {
    const samples = await scrape();
    const [{ status }] = await rows(`SELECT status FROM routers WHERE id = $1`, [routerId]);
    expect(['offline', 'error']).toContain(status);
    const byStatus: { status: string; n: number }[] = await rows(`SELECT status, count(*)::int AS n FROM routers GROUP BY status`);
    for (const s of ['unknown', 'online', 'offline', 'error']) expect([s, value(samples, 'wavu_routers', { status: s })]).toEqual([s, byStatus.find((r) => r.status === s)?.n ?? 0]);
    expect(value(samples, 'wavu_routers', { status })).toBeGreaterThanOrEqual(1);
  });

  it('times job runs and counts their failures', async () => {
    const samples = await scrape();
    expect(value(samples, 'wavu_job_runs_total', { job: 'voucher-expiry', status: 'succeeded' })).toBe(1);
    expect(value(samples, 'wavu_job_runs_total', { job: 'metrics-e2e-failing', status: 'failed' })).toBe(1);
    expect(value(samples, 'wavu_job_run_duration_seconds_count', { job: 'voucher-expiry', status: 'succeeded' })).toBe(1);
    const [run] = await rows(`SELECT duration_ms FROM job_runs WHERE name = 'voucher-expiry'`);
    // the histogram's sum is the run's recorded duration (the same two clock readings)
    expect(value(samples, 'wavu_job_run_duration_seconds_sum', { job: 'voucher-expiry', status: 'succeeded' })).toBeCloseTo(run.duration_ms / 1000, 3);
  });

  it('reads outbox backlog and dead letters from the database, cached for a few seconds', async () => {
    await t.dataSource.query(
      `UPDATE router_provisioning_ops SET status = 'dead', attempts = 1, last_error_code = 'TRAP', last_error = 'failure: rejected by the router'
        WHERE id = (SELECT id FROM router_provisioning_ops WHERE router_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1)`,
      [routerId],
    );
    const counts = async () =>
      (
        await rows(
          `SELECT count(*) FILTER (WHERE status IN ('pending', 'applying'))::int AS backlog, count(*) FILTER (WHERE status = 'dead')::int AS dead,
                  COALESCE(extract(epoch FROM now() - min(created_at) FILTER (WHERE status IN ('pending', 'applying'))), 0)::float8 AS oldest
             FROM router_provisioning_ops`,
        )
      )[0] as { backlog: number; dead: number; oldest: number };
    const expected = await counts();
    expect(expected.dead).toBe(1);
    // the snapshot may predate the update by up to its cache time: poll for it
    let samples = await scrape();
    await waitFor(async () => value((samples = await scrape()), 'wavu_outbox_dead_letters', { outbox: 'router_provisioning' }) === 1, 'the dead letter to show');
    expect(value(samples, 'wavu_outbox_backlog', { outbox: 'router_provisioning' })).toBe(expected.backlog);
    expect(value(samples, 'wavu_outbox_backlog', { outbox: 'router_provisioning' })).toBeGreaterThan(0); // the paid voucher waits for the dead router
    const oldest = value(samples, 'wavu_outbox_oldest_pending_seconds')!;
    expect(oldest).toBeGreaterThan(0);
    expect(oldest).toBeLessThanOrEqual((await counts()).oldest + 0.01);
    const messages = (await rows(`SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS backlog, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM outbound_messages`))[0];
    expect(value(samples, 'wavu_outbox_backlog', { outbox: 'outbound_messages' })).toBe(messages.backlog);
    expect(value(samples, 'wavu_outbox_dead_letters', { outbox: 'outbound_messages' })).toBe(messages.dead);

    // a second dead letter shows within the snapshot's cache time (5 s), without anything else happening
    await t.dataSource.query(
      `UPDATE router_provisioning_ops SET status = 'dead' WHERE id = (SELECT id FROM router_provisioning_ops WHERE router_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1)`,
      [routerId],
    );
    const dead = (await counts()).dead;
    const started = Date.now();
    await waitFor(async () => value(await scrape(), 'wavu_outbox_dead_letters', { outbox: 'router_provisioning' }) === dead, 'the second dead letter', 15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(value(await scrape(), 'wavu_live_updates_listening')).toBe(1);
    expect(value(await scrape(), 'wavu_metrics_snapshot_ok')).toBe(1);
  });

  it('reports the pg-boss queue depth when that queue exists', async () => {
    const exists = (await rows(`SELECT to_regclass('pgboss.job') IS NOT NULL AS e`))[0].e as boolean;
    if (!exists) {
      expect((await scrape()).filter((s) => s.name === 'wavu_queue_jobs')).toEqual([]);
      // the columns the gauge reads, as pg-boss lays them out
      await t.dataSource.query(`CREATE SCHEMA pgboss; CREATE TABLE pgboss.job (name text NOT NULL, state text NOT NULL)`);
      await t.dataSource.query(`INSERT INTO pgboss.job (name, state) VALUES ('bulk-sync', 'created'), ('bulk-sync', 'created'), ('bulk-sync', 'active'), ('batch-generate', 'completed')`);
    }
    const depth: { name: string; state: string; n: number }[] = await rows(
      `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE state::text IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
    );
    let samples: Sample[] = [];
    await waitFor(async () => (samples = (await scrape()).filter((s) => s.name === 'wavu_queue_jobs')).length === depth.length, 'the queue gauge');
    for (const d of depth) expect(value(samples, 'wavu_queue_jobs', { queue: d.name, state: d.state })).toBe(d.n);
    if (!exists) expect(value(samples, 'wavu_queue_jobs', { queue: 'bulk-sync', state: 'created' })).toBe(2);
  });
});
