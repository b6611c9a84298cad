/**
 * Fleet monitoring (issue 23, docs/monitoring.md "Fleet work across instances"): one monitoring
 * cycle over BENCH_FLEET_ROUTERS simulated routers (default 1,000; 200 under CI=true; the issue's
 * figure is 5,000): 10 % hung (accept the TCP connection, never answer: each costs the full
 * ROUTER_CALL_TIMEOUT_MS, 10 s by default), 10 % refusing (connection refused), the rest live
 * RouterOS simulators (`npm run sim:routeros` in a child process, so the API's process is the
 * instance's own), on a real database. Measured:
 * - cycle 1 with ONE instance (every router due);
 * - cycles 2 and 3 one simulated minute after the previous one's start (every turn moved back by the
 *   part of that minute that has not passed yet): the failing routers' back-off (1, then 2 minutes) leaves
 *   them out of cycle 3;
 * - cycle 1 again with TWO instances (two Nest apps in this process on the same database).
 * BENCH_FLEET_CONCURRENCY sets ROUTER_FLEET_CONCURRENCY (default: the config's, 256).
 *
 * Target: every live router checked within a minute with one instance (cycle 1, live routers done ≤ 60 s).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../apps/api/src/config/load-config';
import { createApp } from '../apps/api/src/create-app';
import { RouterMonitorService } from '../apps/api/src/modules/routers/router-monitor.service';
import { RouterTargets } from '../apps/api/src/modules/routers/router-targets';
import { reportBench } from './report';
import { startCpuMeter, startVoucherBench } from './vouchers-support';

const total = Number(process.env.BENCH_FLEET_ROUTERS ?? (process.env.CI === 'true' ? 200 : 1_000));
const hung = Math.round(total * 0.1);
const refusing = Math.round(total * 0.1);
const live = total - hung - refusing;
const TARGET_S = 60;
// each instance's database pool: production's default (DATABASE_POOL_SIZE 20) unless BENCH_FLEET_POOL says otherwise
const env: Record<string, string> = {
  DATABASE_POOL_SIZE: process.env.BENCH_FLEET_POOL ?? '20',
  ...(process.env.BENCH_FLEET_CONCURRENCY ? { ROUTER_FLEET_CONCURRENCY: process.env.BENCH_FLEET_CONCURRENCY } : {}),
};

/** `live` simulated routers in one child process (the simulator's CLI, free ports), and how to stop it. */
async function startSimProcess(count: number): Promise<{ ports: number[]; pid: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'libs/routeros-sim/src/cli.ts', '--port', '0', '--count', String(count), '--password', 'admin'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const ports: number[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the router simulator exited with ${code} after ${ports.length} routers`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const port = /listening on [\d.]+:(\d+)/.exec(line)?.[1];
        if (port) ports.push(Number(port));
      }
      if (ports.length === count) resolve();
    });
  });
  return { ports, pid: child.pid!, stop };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const b = await startVoucherBench({ label: 'fleet', env });
  let sim: Awaited<ReturnType<typeof startSimProcess>> | undefined;
  const sockets = new Set<Socket>();
  const hungServers: Server[] = [];
  let second: NestExpressApplication | undefined;
  try {
    sim = await startSimProcess(live);
    for (let i = 0; i < hung; i++) {
      const server = createServer((socket) => (sockets.add(socket), socket.on('error', () => undefined)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      hungServers.push(server);
    }
    const ports = [
      ...sim.ports,
      ...hungServers.map((h) => (h.address() as { port: number }).port),
      ...Array.from({ length: refusing }, () => 9), // discard: nothing listens, connection refused
    ];
    const kinds = [...Array<string>(live).fill('live'), ...Array<string>(hung).fill('hung'), ...Array<string>(refusing).fill('refusing')];
    // interleaved as a real fleet would be (the claim order is by turn, not by insertion); each
    // password sealed for its own row, as RoutersService.create does
    const targets = b.app.get(RouterTargets);
    const order = ports.map((_, i) => i).sort((x, y) => ((x * 7919) % ports.length) - ((y * 7919) % ports.length));
    const ids = order.map(() => randomUUID());
    await b.ds.query(
      `INSERT INTO routers (id, provider_id, name, host, connection_mode, api_port, use_tls, username, password_sealed, status)
       SELECT v.id, r.provider_id, v.name, '127.0.0.1', 'direct', v.port, false, 'admin', v.sealed, 'unknown'
         FROM routers r, unnest($2::uuid[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY v(id, name, port, sealed, n) WHERE r.id = $1 ORDER BY v.n`,
      [b.routerId, ids, order.map((i) => `${kinds[i]}-${i}`), order.map((i) => ports[i]), ids.map((id) => targets.seal(id, 'admin'))],
    );
    await b.ds.query(`DELETE FROM routers WHERE id = $1`, [b.routerId]);
    // In production a fleet this size has planner statistics (autovacuum analyses a table once a tenth
    // of it changed, checking every minute). This bench fills the tables in seconds and runs cycles back
    // to back, faster than autovacuum looks: without statistics the planner takes the 5,000 routers and
    // the counters the first cycle writes for a few rows, and the cycles cost several times the
    // database CPU. So the database is analysed after the seed and between cycles, as a minute would.
    const analyse = () => b.ds.query(`ANALYZE`);
    await analyse();

    const one = b.app.get(RouterMonitorService);
    const liveDoneWithin = async (startedAt: Date) => {
      const [row] = await b.ds.query<{ last: Date | null; n: number }[]>(
        `SELECT max(w.done_at) AS last, count(*)::int AS n FROM router_fleet_work w JOIN routers r ON r.id = w.router_id WHERE w.kind = 'monitor' AND r.name LIKE 'live-%' AND w.done_at >= $1`,
        [startedAt],
      );
      return { ms: row.last ? row.last.getTime() - startedAt.getTime() : NaN, n: row.n };
    };
    const cycle = async (label: string, monitors: RouterMonitorService[]) => {
      const [{ now: startedAt }] = await b.ds.query<{ now: Date }[]>(`SELECT now()`);
      const cpuUsed = await startCpuMeter(b.ds, sim!.pid);
      const t0 = performance.now();
      const results = await Promise.all(monitors.map((m) => m.monitorCycle()));
      const wall = performance.now() - t0;
      const cpu = await cpuUsed();
      const liveDone = await liveDoneWithin(startedAt);
      const checked = results.reduce((a, r) => a + (r.cycle?.here ?? 0), 0);
      const shares = results.map((r) => r.cycle?.here ?? 0).join(' + ');
      const counts = results.reduce((a, r) => ({ online: a.online + r.counts.online, offline: a.offline + r.counts.offline, error: a.error + r.counts.error }), { online: 0, offline: 0, error: 0 });
      console.log(`${label}: ${s(wall)}, ${checked} checked (${shares}), ${JSON.stringify(counts)}, ${liveDone.n} live routers done within ${s(liveDone.ms)}`);
      // where the CPU went (the API's own process: both instances when two run in it); two cores give 2 s of CPU per second
      const cpuOf = (seconds: number | null) => (seconds === null ? 'not readable' : `${seconds.toFixed(1)} s`);
      console.log(`${label}: CPU: API process ${cpuOf(cpu.api)}, PostgreSQL ${cpuOf(cpu.database)}, router simulator ${cpuOf(cpu.child)}`);
      return { wall, checked, shares, liveDone, counts, startedAt };
    };
    // The next cycle as if it started one minute after `previous` did, however long that one took:
    // every turn moves back by the part of the minute that has not passed yet (forward when the
    // cycle took longer). Moving turns back by a whole minute, as this bench first did, simulated
    // the next cycle a minute after the previous one *ended*: a cycle of more than a minute then made
    // the backed-off routers due again.
    const aMinuteAfter = (previous: Date) => b.ds.query(`UPDATE router_fleet_work SET next_at = next_at - (interval '1 minute' - (now() - $1::timestamptz)) WHERE kind = 'monitor'`, [previous]);

    const c1 = await cycle('one instance, cycle 1', [one]);
    await analyse();
    await aMinuteAfter(c1.startedAt);
    const c2 = await cycle('one instance, cycle 2 (+1 min)', [one]);
    await analyse();
    await aMinuteAfter(c2.startedAt);
    const c3 = await cycle('one instance, cycle 3 (+2 min, failing routers backed off)', [one]);

    const config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', DATABASE_URL: b.url, JOBS_ENABLED: 'false', LOG_LEVEL: 'silent', WEB_DIST_DIR: '.no-web', ...env });
    second = await createApp(config);
    await second.init();
    await b.ds.query(`DELETE FROM router_fleet_work`);
    await analyse();
    const c4 = await cycle('two instances, cycle 1', [one, second.get(RouterMonitorService)]);

    const size = `${total.toLocaleString('en')} routers (${hung} hung, ${refusing} refusing)`;
    reportBench({
      figure: `fleet monitoring cycle 1, one instance, ${size}: live routers all checked within`,
      value: s(c1.liveDone.ms),
      target: `≤ ${TARGET_S} s`,
      ratio: `${(c1.liveDone.ms / 1000 / TARGET_S).toFixed(2)} of target`,
      met: c1.liveDone.n === live && c1.liveDone.ms <= TARGET_S * 1000,
    });
    reportBench({ figure: `fleet monitoring cycle 1 wall time, one instance, ${size}`, value: s(c1.wall), target: 'report only', met: true });
    reportBench({ figure: `fleet monitoring cycle 2 (+1 min, first retry), one instance`, value: s(c2.wall), target: 'report only', met: true });
    reportBench({ figure: `fleet monitoring cycle 3 (+2 min, failing routers backed off: ${c3.checked} checked), one instance`, value: s(c3.wall), target: 'report only', met: true });
    reportBench({
      figure: `fleet monitoring cycle 1 wall time, two instances in one process (shares ${c4.shares}), ${size}`,
      value: s(c4.wall),
      target: 'report only',
      ratio: `${(c1.wall / c4.wall).toFixed(2)}× one instance`,
      met: true,
    });
    if (!(c1.liveDone.n === live && c1.liveDone.ms <= TARGET_S * 1000)) process.exitCode = 1;
  } finally {
    await second?.close();
    for (const socket of sockets) socket.destroy();
    await Promise.all(hungServers.map((h) => new Promise((resolve) => h.close(resolve))));
    await sim?.stop();
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
