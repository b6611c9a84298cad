/**
 * Expiry job (docs/product.md §12): one run of the voucher expiry job (through the job runner: advisory
 * lock, job_runs row) over BENCH_VOUCHERS vouchers (default 1,000,000) of which BENCH_DUE
 * (default 10,000) are due; each due voucher is on a router, so the run also queues 10,000
 * remove_user operations through the routers module.
 *
 *   npm run bench:vouchers-expiry
 *   BENCH_VOUCHERS=200000 BENCH_DUE=10000 npm run bench:vouchers-expiry
 *
 * Target: ≤ 2 s per run.
 */
import { VouchersJobs } from '../apps/api/src/modules/vouchers/vouchers.jobs';
import { reportBench } from './report';
import { ms, fillVouchers, startVoucherBench } from './vouchers-support';

const total = Number(process.env.BENCH_VOUCHERS ?? 1_000_000);
const due = Number(process.env.BENCH_DUE ?? 10_000);

async function main(): Promise<void> {
  const b = await startVoucherBench();
  try {
    let started = Date.now();
    await fillVouchers(b, total, due);
    console.log(`filled ${total} vouchers (${due} due) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const job = b.app.get(VouchersJobs);
    const warm = await job.runNow(new Date(Date.now() - 3600_000)); // nothing due an hour ago: warms the pool and plans
    if (warm.counts.expired !== 0) throw new Error('warm-up expired vouchers');

    // A: 10,000 due vouchers that were never put on a router (vouchers module only)
    await b.ds.query(`UPDATE vouchers SET pushed_at = NULL WHERE status = 'available' AND expires_at < now()`);
    started = Date.now();
    const local = await job.runNow();
    const localMs = Date.now() - started;
    if (local.status !== 'succeeded' || local.counts.expired !== due) throw new Error(`job ${local.status}: ${local.error} ${JSON.stringify(local.counts)}`);
    console.log(`run A (${due} due, none on a router): ${ms(localMs)}; counts ${JSON.stringify(local.counts)}`);

    // B: another 10,000 due, each on the router: the run also queues 10,000 remove_user ops (routers module)
    await b.ds.query(
      `UPDATE vouchers SET expires_at = now() - interval '1 minute', pushed_at = now()
        WHERE id IN (SELECT id FROM vouchers WHERE status = 'available' AND expires_at > now() ORDER BY batch_seq LIMIT $1)`,
      [due],
    );
    await b.ds.query(`ANALYZE vouchers`);
    started = Date.now();
    const run = await job.runNow();
    const elapsed = Date.now() - started;
    if (run.status !== 'succeeded') throw new Error(`job ${run.status}: ${run.error}`);
    const [{ n: ops }] = await b.ds.query(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE type = 'remove_user'`);
    const [recorded] = await b.ds.query(`SELECT duration_ms, counts FROM job_runs WHERE id = $1`, [run.runId]);
    console.log(`run B (${due} due, all on a router): ${ms(elapsed)} wall, ${recorded.duration_ms} ms in job_runs; counts ${JSON.stringify(recorded.counts)}; ${ops} remove_user ops queued`);
    console.log(`  of which queuing the removals through RoutersService.enqueue ≈ ${ms(elapsed - localMs)}`);
    const again = Date.now();
    const second = await job.runNow();
    console.log(`next run (nothing due): ${ms(Date.now() - again)}, expired ${second.counts.expired}`);
    reportBench({ figure: `expiry job, ${total.toLocaleString('en')} vouchers / ${due.toLocaleString('en')} due (not on routers)`, value: ms(localMs), target: '≤ 2 s', met: localMs <= 2000 });
    const met = elapsed <= 2000 && run.counts.expired === due;
    reportBench({ figure: `expiry job, ${total.toLocaleString('en')} vouchers / ${due.toLocaleString('en')} due (all on a router, removals queued)`, value: ms(elapsed), target: '≤ 2 s', met });
    if (!met) process.exitCode = 1;
  } finally {
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
