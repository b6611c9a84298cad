/**
 * STK callback benchmark (docs/product.md §12): sustained throughput and p99 latency of Daraja STK success
 * callbacks over real HTTP, each doing the full work — secret check, raw log row, push row lock,
 * state machine, payment, voucher sale (VoucherSalesService), ledger entry, provisioning outbox row.
 * Every callback is also sent a second time (interleaved): the duplicates must change nothing.
 *
 *   npm run bench -- (BENCH_ONLY=stk)          # default 4,000 purchases, 8 concurrent senders
 *   BENCH_STK_N=10000 BENCH_STK_CONCURRENCY=64 ...
 *
 * Target: ≥ 500 callbacks/s sustained, p99 ≤ 100 ms, 0 duplicates.
 * Purchases are started through PaymentsService against the Daraja simulator (whose phone never
 * answers), so the rows are exactly what production creates.
 */
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentsService } from '../apps/api/src/modules/payments/payments.service';
import { freePort } from '../test/setup/free-port';
import { reportBench } from './report';
import type { VoucherBench } from './vouchers-support';
import { percentile, startVoucherBench } from './vouchers-support';

const N = Number(process.env.BENCH_STK_N ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_STK_CONCURRENCY ?? 8);
const DB_POOL = process.env.BENCH_STK_POOL ?? '20';

async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

async function main(): Promise<void> {
  const sim = await startDarajaSimulator({ apps: [DEMO_APP], phone: { defaultAction: 'never', magicNumbers: false } });
  const port = await freePort();
  let bench: VoucherBench | undefined;
  try {
    bench = await startVoucherBench({
      label: 'stk',
      providerType: 'homeowner',
      env: { DATABASE_POOL_SIZE: DB_POOL, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, PAYMENTS_RATE_LIMIT_PER_IP: '100000' },
    });
    const { app, ds, providerId, routerId, planId } = bench;
    await app.listen(port, '127.0.0.1');

    // N purchases through the real service (reserve voucher, payment, push row, STK push to the simulator)
    const payments = app.get(PaymentsService);
    const t = Date.now();
    const ids: string[] = new Array(N);
    await pool(
      Array.from({ length: N }, (_, i) => i),
      16,
      async (i) => {
        const phone = `2547${String(10_000_000 + i).slice(-8)}`;
        ids[i] = (await payments.startPurchase({ providerId, routerId, planId, phone, clientIp: null })).purchaseId;
      },
    );
    console.log(`prepared ${N} purchases in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const rows: { payment_id: string; checkout_request_id: string; phone: string }[] = await ds.query(`SELECT payment_id, checkout_request_id, phone FROM stk_requests WHERE status = 'pending'`);
    if (rows.length !== N) throw new Error(`expected ${N} pending pushes, found ${rows.length}`);
    const callbackUrl = sim.getPush(rows[0].checkout_request_id)!.callbackUrl;

    const bodies = rows.map((r, i) =>
      JSON.stringify({
        Body: {
          stkCallback: {
            MerchantRequestID: `bench-${i}`,
            CheckoutRequestID: r.checkout_request_id,
            ResultCode: 0,
            ResultDesc: 'The service request is processed successfully.',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 50.0 },
                { Name: 'MpesaReceiptNumber', Value: `B${String(i).padStart(9, '0')}` },
                { Name: 'Balance' },
                { Name: 'TransactionDate', Value: 20260101120000 },
                { Name: 'PhoneNumber', Value: Number(r.phone) },
              ],
            },
          },
        },
      }),
    );
    // every callback twice: the originals first-come, each duplicate ~CONCURRENCY requests later
    const sends = bodies.flatMap((b, i) => (i >= CONCURRENCY ? [b, bodies[i - CONCURRENCY]] : [b])).concat(bodies.slice(-CONCURRENCY));

    // warm-up on a separate small set is not possible without spending purchases; the first
    // CONCURRENCY requests are simply part of the measurement
    // the senders run in their own process, so the API process does only the API's work
    const job = join(tmpdir(), `wavu-bench-stk-${process.pid}-sends.json`);
    writeFileSync(job, JSON.stringify({ url: callbackUrl, bodies: sends, concurrency: CONCURRENCY, expect: '{"ResultCode":0,"ResultDesc":"Accepted"}' }));
    const sent = await new Promise<{ seconds: number; latencies: number[]; failures: number }>((resolve, reject) => {
      // execFile's error is an Error (ExecFileException), whose declared type omits that
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      execFile(process.execPath, [join(__dirname, 'support', 'http-sender.js'), job], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))));
    });
    rmSync(job, { force: true });
    const { seconds, latencies, failures } = sent;

    const [check] = await ds.query(
      `SELECT (SELECT count(*)::int FROM payments WHERE status = 'paid') AS paid,
              (SELECT count(*)::int FROM ledger_entries) AS ledger,
              (SELECT count(DISTINCT payment_id)::int FROM ledger_entries) AS ledger_payments,
              (SELECT count(*)::int FROM vouchers WHERE status = 'sold') AS sold,
              (SELECT count(*)::int FROM vouchers WHERE payment_id IS NOT NULL) AS vouchers_with_payment,
              (SELECT count(*)::int FROM router_provisioning_ops WHERE type = 'upsert_user') AS outbox,
              (SELECT count(*)::int FROM webhook_logs) AS logs,
              (SELECT count(*)::int FROM webhook_logs WHERE outcome = 'processed') AS processed,
              (SELECT count(*)::int FROM webhook_logs WHERE outcome = 'duplicate') AS duplicates_seen`,
    );
    const duplicates = check.ledger - N + (check.sold - N) + (check.paid - N);
    const rate = sends.length / seconds;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`${sends.length} callbacks (${N} unique + ${sends.length - N} duplicates) in ${seconds.toFixed(2)} s, ${CONCURRENCY} concurrent, pool ${DB_POOL}`);
    console.log(`throughput ${rate.toFixed(0)}/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, failures ${failures}`);
    console.log(`check: ${JSON.stringify(check)}`);
    const correct =
      failures === 0 &&
      check.paid === N &&
      check.ledger === N &&
      check.ledger_payments === N &&
      check.sold === N &&
      check.vouchers_with_payment === N &&
      check.outbox >= N &&
      check.logs === sends.length &&
      check.processed === N;
    reportBench({ figure: `STK callbacks, ${N} purchases + ${sends.length - N} duplicates, ${CONCURRENCY} concurrent`, value: `${rate.toFixed(0)}/s`, target: '≥ 500/s', met: rate >= 500 && correct });
    reportBench({ figure: 'STK callback latency p99 (p50)', value: `${p99.toFixed(1)} ms (${p50.toFixed(1)} ms)`, target: '≤ 100 ms', met: p99 <= 100 && correct });
    reportBench({
      figure: 'STK callbacks: duplicate payments/vouchers/ledger rows',
      value: String(correct ? duplicates : `wrong: ${JSON.stringify(check)}`),
      target: '0',
      met: correct && duplicates === 0,
    });
    if (!correct) process.exitCode = 1;
  } finally {
    await bench?.close();
    await sim.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
