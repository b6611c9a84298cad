/**
 * Router history (issue 22, docs/monitoring.md): the router page's chart query over HTTP
 * (GET /api/v1/routers/{id}/history: auth, validation, both range scans, JSON) when the history
 * tables hold what a year of monitoring leaves behind for BENCH_HISTORY_ROUTERS routers (default
 * 1,000; 100 under CI=true): per router 48 h of minute samples and 90 days of hourly rollups, each
 * with two interfaces that carried traffic (ether1 and bridge-hotspot), written in time order as
 * the minute run writes them. One extra hour of minutes and of hourly rows past retention is
 * generated and the hourly job (rollup + retention) runs once over it, so the chart reads the
 * tables after retention has been applied. BENCH_REQUESTS chart requests (default 400) for random
 * routers and random ranges (6h, 24h, 48h at minute resolution; 7d, 30d, 90d at hour resolution).
 *
 * Target: chart query p95 ≤ 50 ms.
 */
import type { AddressInfo } from 'node:net';
import { RouterHistoryService } from '../apps/api/src/modules/routers/router-history.service';
import { reportBench } from './report';
import { ms, percentile, startVoucherBench } from './vouchers-support';

const routers = Number(process.env.BENCH_HISTORY_ROUTERS ?? (process.env.CI === 'true' ? 100 : 1_000));
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const RANGES = ['6h', '24h', '48h', '7d', '30d', '90d'] as const;
const TARGET_MS = 50;

async function main(): Promise<void> {
  const b = await startVoucherBench({ label: 'history' });
  try {
    const started = Date.now();
    await b.ds.query(
      `INSERT INTO routers (id, provider_id, name, host, connection_mode, api_port, use_tls, username, password_sealed, status)
       SELECT gen_random_uuid(), provider_id, 'bench-' || g, host, connection_mode, api_port, use_tls, username, password_sealed, 'online'
         FROM routers r, generate_series(2, $2::int) g WHERE r.id = $1`,
      [b.routerId, routers],
    );
    const ids = (await b.ds.query<Array<{ id: string }>>(`SELECT id FROM routers WHERE provider_id = $1 ORDER BY id`, [b.providerId])).map((r) => r.id);
    // "now" for the whole bench: the app's clock and the data agree
    const [{ now }] = await b.ds.query<Array<{ now: Date }>>(`SELECT date_trunc('minute', now()) AS now`);
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);

    // minutes: 49 h back (the oldest hour is past retention), 6 h per statement, time-major like the minute run
    for (let h = 49; h > 0; h -= 6) {
      const params = [ids, now, h * 60 - 1, Math.max(0, (h - 6) * 60)];
      await b.ds.query(
        `INSERT INTO router_samples (router_id, at, cpu_load, memory_used_percent, active_sessions)
         SELECT r, $2::timestamptz - make_interval(mins => m), (20 + (m + i) % 60)::smallint, (40 + (m * 7 + i) % 30)::smallint, (m + i) % 40
           FROM generate_series($3::int, $4::int, -1) m, unnest($1::uuid[]) WITH ORDINALITY u(r, i)`,
        params,
      );
      await b.ds.query(
        `INSERT INTO router_interface_samples (router_id, at, interface, rx_bps, tx_bps)
         SELECT r, $2::timestamptz - make_interval(mins => m), n, 1000000 + ((m * 7919 + i * 31) % 5000000), 200000 + ((m * 104729 + i) % 1000000)
           FROM generate_series($3::int, $4::int, -1) m, unnest($1::uuid[]) WITH ORDINALITY u(r, i), unnest(ARRAY['ether1', 'bridge-hotspot']) n`,
        params,
      );
    }
    // hours: 91 days back (the oldest day is past retention), 10 days per statement
    for (let d = 91; d > 0; d -= 10) {
      const params = [ids, hour, d * 24, Math.max(1, (d - 10) * 24 + 1)];
      await b.ds.query(
        `INSERT INTO router_samples_hourly (router_id, at, cpu_load_avg, cpu_load_max, memory_used_percent_avg, memory_used_percent_max, active_sessions_avg, active_sessions_max)
         SELECT r, $2::timestamptz - make_interval(hours => h), 20 + (h + i) % 40, 60 + (h + i) % 40, 50, 55 + (h % 10), 10 + (h + i) % 20, 20 + (h + i) % 20
           FROM generate_series($3::int, $4::int, -1) h, unnest($1::uuid[]) WITH ORDINALITY u(r, i)`,
        params,
      );
      await b.ds.query(
        `INSERT INTO router_interface_samples_hourly (router_id, at, interface, rx_bps_avg, rx_bps_max, tx_bps_avg, tx_bps_max)
         SELECT r, $2::timestamptz - make_interval(hours => h), n, 2000000 + (h * 31 + i) % 1000000, 8000000, 400000, 1500000
           FROM generate_series($3::int, $4::int, -1) h, unnest($1::uuid[]) WITH ORDINALITY u(r, i), unnest(ARRAY['ether1', 'bridge-hotspot']) n`,
        params,
      );
    }
    console.log(`filled ${routers} routers' history in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // the hourly job once: rolls the last hours up and applies retention (2 days of minutes, 90 days of hours)
    const jobStarted = Date.now();
    const job = await b.app.get(RouterHistoryService).rollupAndPurge(new Date(hour.getTime() + 7 * 60_000));
    const jobMs = Date.now() - jobStarted;
    console.log(`rollup + retention: ${ms(jobMs)}, ${job.minuteRowsDeleted} minute rows and ${job.hourlyRowsDeleted} hourly rows deleted`);
    await b.ds.query(`VACUUM ANALYZE router_samples, router_interface_samples, router_samples_hourly, router_interface_samples_hourly`);
    const sizes = await b.ds.query<Array<{ t: string; n: string; size: string }>>(
      `SELECT c.relname AS t, c.reltuples::bigint AS n, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
         FROM pg_class c WHERE c.relname IN ('router_samples', 'router_interface_samples', 'router_samples_hourly', 'router_interface_samples_hourly') ORDER BY 1`,
    );
    for (const s of sizes) console.log(`${s.t}: ${Number(s.n).toLocaleString('en')} rows, ${s.size}`);

    await b.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(b.app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b.ownerLogin) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}` };
    const chart = async (i: number) => {
      const id = ids[(i * 7919) % ids.length];
      const range = RANGES[(i * 31) % RANGES.length];
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/routers/${id}/history?range=${range}`, { headers });
      const body = (await res.json()) as { health: { at: number[] }; interfaces: unknown[] };
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200 || body.health.at.length === 0 || body.interfaces.length !== 2) throw new Error(`${id} ${range}: ${res.status}`);
      return { range, elapsed, points: body.health.at.length };
    };
    for (let i = 0; i < 20; i++) await chart(i + 10_000); // warm-up
    const all: number[] = [];
    const byRange = new Map<string, { times: number[]; points: number }>();
    for (let i = 0; i < requests; i++) {
      const r = await chart(i);
      all.push(r.elapsed);
      const entry = byRange.get(r.range) ?? { times: [], points: r.points };
      entry.times.push(r.elapsed);
      byRange.set(r.range, entry);
    }
    // the floor on this machine: the same auth and JSON path for one router row (GET /routers/{id}), same run
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/routers/${ids[(i * 7919) % ids.length]}`, { headers });
      await res.json();
      floor.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const floorP95 = percentile(floor, 95);
    console.log(`baseline GET /routers/{id} (100): p50 ${ms(percentile(floor, 50))}, p95 ${ms(floorP95)}`);
    // the same queries without HTTP (tenant check, both range scans, folding): what the database and the service cost
    const service = b.app.get(RouterHistoryService);
    const inProcess: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t0 = process.hrtime.bigint();
      await service.chart(b.providerId, ids[(i * 7919) % ids.length], RANGES[(i * 31) % RANGES.length]);
      inProcess.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`chart query in process, no HTTP (${requests}): p50 ${ms(percentile(inProcess, 50))}, p95 ${ms(percentile(inProcess, 95))}`);
    const p50 = percentile(all, 50);
    const p95 = percentile(all, 95);
    console.log(`chart query (${requests}, random routers and ranges): p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(Math.max(...all))}; p95 / target ${(p95 / TARGET_MS).toFixed(2)}`);
    for (const range of RANGES) {
      const e = byRange.get(range);
      if (e) console.log(`  ${range.padEnd(4)} (${e.points} points a series, ${e.times.length} requests): p50 ${ms(percentile(e.times, 50))}, p95 ${ms(percentile(e.times, 95))}`);
    }
    reportBench({
      figure: `router history chart query p95, ${routers.toLocaleString('en')} routers (p50 ${ms(p50)})`,
      value: ms(p95),
      target: `≤ ${TARGET_MS} ms`,
      baseline: `GET /routers/{id} p95 ${ms(floorP95)}`,
      ratio: `${(p95 / TARGET_MS).toFixed(2)} of target`,
      met: p95 <= TARGET_MS,
    });
    reportBench({ figure: `router history rollup + retention job, ${routers.toLocaleString('en')} routers`, value: ms(jobMs), target: 'report only', met: true });
    if (p95 > TARGET_MS) process.exitCode = 1;
  } finally {
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
