/**
 * Voucher list endpoint (docs/product.md §12): p95 latency of GET /api/v1/vouchers over HTTP (the whole
 * stack: auth, validation, query, mapping, JSON) with filters and cursor pages, over
 * BENCH_VOUCHERS vouchers (default 1,000,000) of one provider. BENCH_REQUESTS requests (default
 * 600) cycle through the filter mixes below; each mix also follows its cursor for 3 pages.
 *
 * Target: p95 ≤ 50 ms.
 */
import type { AddressInfo } from 'node:net';
import { reportBench } from './report';
import { fillVouchers, ms, percentile, startVoucherBench } from './vouchers-support';

const total = Number(process.env.BENCH_VOUCHERS ?? 1_000_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 600);

async function main(): Promise<void> {
  const b = await startVoucherBench();
  try {
    const started = Date.now();
    await fillVouchers(b, total, 0);
    console.log(`filled ${total} vouchers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await b.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(b.app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b.ownerLogin) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}` };
    const [{ batch_id: batchId }] = await b.ds.query(`SELECT batch_id FROM vouchers WHERE batch_id IS NOT NULL LIMIT 1`);
    const mixes: Record<string, string>[] = [
      { limit: '50' },
      { status: 'available', limit: '50' },
      { status: 'sold', limit: '50' },
      { status: 'in_use', limit: '20' },
      { planId: b.planId, limit: '50' },
      { batchId, limit: '50' },
      { routerId: b.routerId, status: 'expired', limit: '50' },
      { search: `B${String(Math.floor(total / 2)).padStart(9, '0')}` },
      { search: `R${String(Math.floor(total / 3)).padStart(9, '0')}` },
      { status: 'available', sort: 'oldest', limit: '50' },
      { createdFrom: new Date(Date.now() - 3600_000).toISOString(), status: 'sold', limit: '50' },
    ];
    const timings: number[] = [];
    const byMix = new Map<number, number[]>();
    const get = async (query: Record<string, string>) => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/vouchers?${new URLSearchParams(query)}`, { headers });
      const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
      return { elapsed, body };
    };
    for (const mix of mixes) await get(mix); // warm-up
    for (let i = 0; timings.length < requests; i++) {
      const mixIndex = i % mixes.length;
      let query = mixes[mixIndex];
      for (let page = 0; page < 3 && timings.length < requests; page++) {
        const { elapsed, body } = await get(query);
        timings.push(elapsed);
        byMix.set(mixIndex, [...(byMix.get(mixIndex) ?? []), elapsed]);
        if (!body.nextCursor) break;
        query = { ...mixes[mixIndex], cursor: body.nextCursor };
      }
    }
    for (const [i, values] of byMix) console.log(`  ${JSON.stringify(mixes[i]).slice(0, 90).padEnd(90)} p50 ${ms(percentile(values, 50))}  p95 ${ms(percentile(values, 95))}`);
    const p95 = percentile(timings, 95);
    console.log(`${timings.length} requests over ${total} vouchers: p50 ${ms(percentile(timings, 50))}, p95 ${ms(p95)}, p99 ${ms(percentile(timings, 99))}, max ${ms(Math.max(...timings))}`);
    reportBench({ figure: `voucher list p95, ${total.toLocaleString('en')} vouchers`, value: ms(p95), target: '≤ 50 ms', met: p95 <= 50 });
    if (p95 > 50) process.exitCode = 1;
  } finally {
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
