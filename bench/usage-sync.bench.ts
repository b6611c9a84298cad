/**
 * Usage sync (docs/capacity.md): applying one router's usage report — every hotspot user's
 * uptime and bytes — to its vouchers. BENCH_USAGE_USERS (default 500) vouchers in use on one
 * router; each report moves every counter (the worst case: everyone online). Baseline in the same
 * run: the same changes written one UPDATE per voucher, which is what usage sync did before the
 * counters went into one statement.
 *
 *   BENCH_ONLY=usage-sync npm run bench
 *
 * Target: a 500-user report in ≤ 50 ms, so 10,000 routers every 5 minutes cost PostgreSQL well
 * under a core (docs/capacity.md).
 */
import { inTransaction } from '../apps/api/src/database/transaction';
import { VoucherUsageService } from '../apps/api/src/modules/vouchers/voucher-usage.service';
import { VouchersRepository } from '../apps/api/src/modules/vouchers/vouchers.repository';
import { reportBench } from './report';
import { ms, percentile, startVoucherBench } from './vouchers-support';

const USERS = Number(process.env.BENCH_USAGE_USERS ?? 500);
const ROUNDS = Number(process.env.BENCH_USAGE_ROUNDS ?? 30);

async function main(): Promise<void> {
  const b = await startVoucherBench({ label: 'usage' });
  try {
    const rows: { id: string; code: string }[] = await b.ds.query(
      `INSERT INTO vouchers (provider_id, plan_id, router_id, code, payment_reference, status, plan_name, price_minor, currency, kind,
         validity_seconds, validity_from, profile_name, expires_at, pushed_at, sold_at, first_login_at)
       SELECT $1, $2, $3, 'U' || lpad(g::text, 9, '0'), 'P' || lpad(g::text, 9, '0'), 'in_use', '1 day', 5000, 'KES', 'unlimited',
              86400, 'first_login', 'wavu-1-day-bench', now() + interval '1 day', now(), now(), now()
         FROM generate_series(1, $4::int) g
       RETURNING id, code`,
      [b.providerId, b.planId, b.routerId, USERS],
    );
    await b.ds.query(`ANALYZE vouchers`);
    const usage = b.app.get(VoucherUsageService);
    const report = (round: number) => ({
      providerId: b.providerId,
      routerId: b.routerId,
      at: new Date(),
      users: rows.map((v, i) => ({
        name: v.code,
        comment: `wavu:${v.id}`,
        uptimeSeconds: round * 300 + i,
        bytesIn: round * 1_000_000 + i,
        bytesOut: round * 50_000,
        active: true,
        limitReached: false,
      })),
    });

    const timed = async (work: () => Promise<unknown>): Promise<number> => {
      const t = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    await usage.applyUsage(report(1)); // warm-up
    const moved: number[] = [];
    for (let r = 2; r < 2 + ROUNDS; r++) moved.push(await timed(() => usage.applyUsage(report(r))));
    const unchanged: number[] = [];
    const same = report(1 + ROUNDS);
    for (let r = 0; r < ROUNDS; r++) unchanged.push(await timed(() => usage.applyUsage(same)));

    // baseline: the same counter changes, one UPDATE per voucher in one transaction
    const repo = b.app.get(VouchersRepository);
    const perRow: number[] = [];
    for (let r = 2 + ROUNDS; r < 2 + 2 * ROUNDS; r++) {
      const next = report(r);
      perRow.push(
        await timed(() =>
          inTransaction(b.ds, async (manager) => {
            await repo.findForUsage(
              manager,
              b.providerId,
              rows.map((v) => v.id),
            );
            for (const u of next.users) await repo.update(manager, b.providerId, u.comment.slice(5), { uptimeUsedSeconds: u.uptimeSeconds, bytesUsed: u.bytesIn + u.bytesOut });
          }),
        ),
      );
    }
    const [check] = await b.ds.query(`SELECT min(uptime_used_seconds)::int AS min_uptime FROM vouchers WHERE router_id = $1`, [b.routerId]);
    if (check.min_uptime < (1 + ROUNDS) * 300) throw new Error(`usage not applied: ${JSON.stringify(check)}`);

    const p50 = percentile(moved, 50);
    const p95 = percentile(moved, 95);
    const base = percentile(perRow, 50);
    console.log(
      `${USERS} users, ${ROUNDS} reports each: every counter moved p50 ${ms(p50)} p95 ${ms(p95)}; nothing moved p50 ${ms(percentile(unchanged, 50))}; one UPDATE per voucher p50 ${ms(base)}`,
    );
    const fleetSeconds = ((10_000 * 100) / USERS) * (p50 / 1000);
    console.log(
      `10,000 routers × 100 users every 5 minutes ≈ ${fleetSeconds.toFixed(0)} s of usage writes per 300 s cycle (one UPDATE per voucher: ${(((10_000 * 100) / USERS) * (base / 1000)).toFixed(0)} s)`,
    );
    reportBench({
      figure: `usage report of ${USERS} users in use, every counter moved (p95 ${ms(p95)})`,
      value: ms(p50),
      target: '≤ 50 ms',
      baseline: `one UPDATE per voucher ${ms(base)}`,
      ratio: `${(base / p50).toFixed(1)}×`,
      met: p50 <= 50,
    });
  } finally {
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
