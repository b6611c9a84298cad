/**
 * Router provisioning benchmark (docs/product.md §12): create N hotspot users on one simulated router
 * with 20 ms latency per command, pipelined (tagged commands, bounded window, one connection)
 * versus one at a time, and print both times and the ratio.
 *
 *   npm run bench:provisioning                      # 1,000 users
 *   BENCH_USERS=250,1000,4000 npm run bench:provisioning
 *   npm run bench:provisioning -- 4000              # size as an argument
 *   BENCH_WINDOW=32 BENCH_LATENCY_MS=20 ...         # pipelining window, simulated latency
 *
 * Target at 1,000 users: pipelined ≤ 3 s and ≥ 10× faster than sequential.
 */
import { RouterOsSimulator } from '@wavu/routeros-sim';
import type { HotspotUserInput } from '@wavu/routeros';
import { RouterOsClient } from '@wavu/routeros';
import { reportBench } from './report';

const sizes = (process.argv[2] ?? process.env.BENCH_USERS ?? '250,1000,2000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const window = Number(process.env.BENCH_WINDOW ?? 32);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);

function users(prefix: string, n: number): HotspotUserInput[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${String(i).padStart(6, '0')}`,
    password: String(100000 + i),
    profile: 'default',
    limitUptime: 3600,
    comment: 'bench',
  }));
}

async function run(n: number): Promise<{ n: number; pipelinedMs: number; sequentialMs: number; ratio: number; ok: boolean }> {
  const sim = new RouterOsSimulator();
  const router = await sim.addRouter({ name: 'bench', user: 'admin', password: 'admin', version: '7.18', faults: { latencyMs } });
  const client = new RouterOsClient({ host: '127.0.0.1', port: router.port, user: 'admin', password: 'admin', commandTimeoutMs: 10_000, maxInFlight: window });
  try {
    await client.system.identity(); // connect + login outside the timed sections

    let t = process.hrtime.bigint();
    const results = await client.hotspot.addUsersBulk(users('p', n), { window });
    const pipelinedMs = Number(process.hrtime.bigint() - t) / 1e6;
    const failed = results.filter((r) => !r.ok).length;
    if (failed) throw new Error(`${failed} pipelined adds failed`);

    t = process.hrtime.bigint();
    for (const u of users('s', n)) await client.hotspot.addUser(u);
    const sequentialMs = Number(process.hrtime.bigint() - t) / 1e6;

    const onRouter = router.state.hotspot.listUsers(false).length;
    if (onRouter !== 2 * n) throw new Error(`expected ${2 * n} users on the router, found ${onRouter}`);
    const ratio = sequentialMs / pipelinedMs;
    const ok = pipelinedMs <= 3000 * (n / 1000) && ratio >= 10;
    return { n, pipelinedMs, sequentialMs, ratio, ok };
  } finally {
    await client.close();
    await sim.stop();
  }
}

async function main(): Promise<void> {
  console.log(`routeros provisioning: ${latencyMs} ms simulated latency per command, pipelining window ${window}`);
  let allOk = true;
  for (const n of sizes) {
    const r = await run(n);
    allOk &&= r.ok;
    console.log(
      `users=${r.n}  pipelined=${(r.pipelinedMs / 1000).toFixed(2)} s  sequential=${(r.sequentialMs / 1000).toFixed(2)} s  ratio=${r.ratio.toFixed(1)}x  ` +
        `(${Math.round((r.n / r.pipelinedMs) * 1000)} users/s pipelined)  target ${r.ok ? 'met' : 'MISSED'} (≤ 3 s per 1,000, ≥ 10×)`,
    );
    reportBench({
      figure: `provision ${r.n} hotspot users, ${latencyMs} ms/command (pipelined vs one at a time)`,
      value: `${(r.pipelinedMs / 1000).toFixed(2)} s`,
      target: '≤ 3 s per 1,000, ≥ 10×',
      baseline: `${(r.sequentialMs / 1000).toFixed(2)} s`,
      ratio: `${r.ratio.toFixed(1)}×`,
      met: r.ok,
    });
  }
  if (!allOk) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
