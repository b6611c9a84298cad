/**
 * STK callback benchmark (docs/product.md §12): sustained throughput and p99 latency of Daraja STK success
 * callbacks over real HTTP, each doing the full work — secret check, raw log row, push + payment lock,
 * state machine, voucher sale (VoucherSalesService), provisioning outbox row, payment, ledger entry,
 * log outcome. Every callback is also sent a second time (interleaved): the duplicates must change nothing.
 *
 *   npm run bench -- (BENCH_ONLY=stk)          # default 4,000 purchases, 16 concurrent senders, 1 then 2 instances
 *   BENCH_STK_N=10000 BENCH_STK_CONCURRENCY=64 BENCH_STK_INSTANCES=1 ...
 *   BENCH_STK_RATE=300 ...                       # sent at a steady 300/s whatever the answers (open loop)
 *
 * A warm-up of BENCH_STK_WARMUP callbacks (default 1,000, not counted) runs first in each round.
 * Target: ≥ 500 callbacks/s sustained on one instance, p99 ≤ 100 ms, 0 duplicates. With
 * BENCH_STK_INSTANCES=1,2 (the default) a second round runs on two API processes on the same
 * database (this process and a child one; the senders alternate between them) to show how it scales.
 * The provider collects on its own Daraja app (BENCH_STK_COLLECTION=own, default): a success is
 * applied as it comes. With `platform`, Daraja's STK Query must confirm each one first (docs/mpesa.md §8),
 * answered by the simulator in this process.
 * Purchases are started through PaymentsService against the Daraja simulator (whose phone never
 * answers), so the rows are exactly what production creates.
 */
import type { SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentSettingsService } from '../apps/api/src/modules/payments/payment-settings.service';
import { PaymentsService } from '../apps/api/src/modules/payments/payments.service';
import { freePort } from '../test/setup/free-port';
import type { ApiProcess } from '../test/e2e/reliability/processes';
import { productionSecrets, startApiProcess } from '../test/e2e/reliability/processes';
import { reportBench } from './report';
import type { VoucherBench } from './vouchers-support';
import { percentile, startCpuMeter, startVoucherBench } from './vouchers-support';

const N = Number(process.env.BENCH_STK_N ?? 4000);
/** purchases paid before the measured ones (not counted): the API's code compiled and its connections open, as in a running instance */
const WARMUP = Number(process.env.BENCH_STK_WARMUP ?? 1000);
/**
 * Callbacks in flight at once. 16 by default: a stream of 500 callbacks/s answered in about 32 ms each
 * keeps 16 in flight (Little's law), so 16 senders load the API as the target's rate would. With 8,
 * 500/s could only be reached with answers under 16 ms, a group's own write time.
 */
const CONCURRENCY = Number(process.env.BENCH_STK_CONCURRENCY ?? 16);
/** BENCH_STK_RATE=<callbacks per second>: sent at that rate whatever the answers (open loop), instead of by CONCURRENCY senders */
const RATE = process.env.BENCH_STK_RATE ? Number(process.env.BENCH_STK_RATE) : undefined;
const DB_POOL = process.env.BENCH_STK_POOL ?? '20';
const INSTANCES = (process.env.BENCH_STK_INSTANCES ?? '1,2').split(',').map(Number);
/** BENCH_STK_DUPLICATES=0: every callback once (to tell the cost of a sale from that of a duplicate) */
const DUPLICATES = process.env.BENCH_STK_DUPLICATES !== '0';
const COLLECTION = process.env.BENCH_STK_COLLECTION === 'platform' ? 'platform' : 'own';
/** BENCH_STK_PROFILE=<file>: a CPU profile of this (the API's) process while the callbacks are sent, for Chrome DevTools */
const PROFILE = process.env.BENCH_STK_PROFILE;
const OWN: SimAppConfig = { consumerKey: 'ck-bench-own', consumerSecret: 'cs-bench-own', shortcode: '600900', passkey: 'pk-bench-own' };

/** The senders run in their own process (bench/support/http-sender.js), so the API process does only the API's work. */
async function sendAll(job: { urls: string[]; bodies: string[]; concurrency: number; rate?: number }): Promise<{ seconds: number; latencies: number[]; failures: number; cpuSeconds: number }> {
  const file = join(tmpdir(), `wavu-bench-stk-${process.pid}-sends.json`);
  writeFileSync(file, JSON.stringify({ ...job, expect: '{"ResultCode":0,"ResultDesc":"Accepted"}' }));
  try {
    return await new Promise((resolve, reject) => {
      // execFile's error is an Error (ExecFileException), whose declared type omits that
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      execFile(process.execPath, [join(__dirname, 'support', 'http-sender.js'), file], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))));
    });
  } finally {
    rmSync(file, { force: true });
  }
}

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

/** The second API process; its free port can be taken by another process before it listens (a shared machine): tried three times. */
async function startSecondInstance(env: Record<string, string>): Promise<ApiProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApiProcess(env);
    } catch (error) {
      if (attempt === 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function main(): Promise<void> {
  const sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN], phone: { defaultAction: 'never', magicNumbers: false } });
  // platform collection: the simulator's phone approves silently (no callback of its own), so the STK Query confirms the bench's callbacks
  if (COLLECTION === 'platform') sim.setCallbackSettings({ drop: true });
  const port = await freePort();
  let bench: VoucherBench | undefined;
  let second: ApiProcess | undefined;
  try {
    bench = await startVoucherBench({
      label: 'stk',
      providerType: 'homeowner',
      env: { DATABASE_POOL_SIZE: DB_POOL, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, PAYMENTS_RATE_LIMIT_PER_IP: '100000' },
    });
    const { app, ds, providerId, routerId, planId, owner } = bench;
    await app.listen(port, '127.0.0.1');
    if (COLLECTION === 'own') {
      await app
        .get(PaymentSettingsService)
        .update(
          providerId,
          { mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey },
          owner,
          { ip: null, userAgent: 'bench' },
        );
    }
    const payments = app.get(PaymentsService);

    for (const [round, instances] of INSTANCES.entries()) {
      // N (+ the warm-up's) purchases through the real service (reserve voucher, payment, push row, STK push to the simulator)
      const t = Date.now();
      await pool(
        Array.from({ length: N + WARMUP }, (_, i) => i),
        16,
        async (i) => {
          const phone = `2547${String(10_000_000 + round * (N + WARMUP) + i).slice(-8)}`;
          await payments.startPurchase({ providerId, routerId, planId, phone, clientIp: null });
        },
      );
      console.log(`prepared ${N + WARMUP} purchases in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const pending: { payment_id: string; checkout_request_id: string; phone: string }[] = await ds.query(
        `SELECT payment_id, checkout_request_id, phone FROM stk_requests WHERE status = 'pending' ORDER BY created_at`,
      );
      if (pending.length !== N + WARMUP) throw new Error(`expected ${N + WARMUP} pending pushes, found ${pending.length}`);
      const [warm, rows] = [pending.slice(0, WARMUP), pending.slice(WARMUP)];
      if (COLLECTION === 'platform') for (const r of rows) sim.resolvePush(r.checkout_request_id, 'approve');
      const path = new URL(sim.getPush(rows[0].checkout_request_id)!.callbackUrl).pathname;
      if (instances > 1 && !second) {
        second = await startSecondInstance({
          ...productionSecrets(),
          DATABASE_URL: bench.url,
          DATABASE_POOL_SIZE: DB_POOL,
          LOG_LEVEL: 'silent',
          JOBS_ENABLED: 'false',
          DARAJA_BASE_URL: sim.url,
          DARAJA_PLATFORM_ENABLED: COLLECTION === 'platform' ? 'true' : 'false',
          PESAPAL_ENABLED: 'false',
        });
      }
      const urls = [`http://127.0.0.1:${port}${path}`, ...(instances > 1 && second ? [`${second.url}${path}`] : [])];

      const callbackOf = (r: (typeof rows)[number], i: number) =>
        JSON.stringify({
          Body: {
            stkCallback: {
              MerchantRequestID: `bench-${round}-${i}`,
              CheckoutRequestID: r.checkout_request_id,
              ResultCode: 0,
              ResultDesc: 'The service request is processed successfully.',
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: 50.0 },
                  { Name: 'MpesaReceiptNumber', Value: `B${round}${String(i).padStart(8, '0')}` },
                  { Name: 'Balance' },
                  { Name: 'TransactionDate', Value: 20260101120000 },
                  { Name: 'PhoneNumber', Value: Number(r.phone) },
                ],
              },
            },
          },
        });
      const bodies = rows.map((r, i) => callbackOf(r, i + WARMUP));
      if (warm.length > 0) {
        const warmed = await sendAll({ urls, bodies: warm.map(callbackOf), concurrency: CONCURRENCY });
        console.log(`warm-up: ${warm.length} callbacks in ${warmed.seconds.toFixed(1)} s (not counted)`);
      }
      // the planner's statistics as autovacuum keeps them in a running database: this one was created
      // minutes ago, and plans made for empty tables would scan whole tables that have grown since
      await ds.query('ANALYZE');
      // every callback twice: the originals first-come, each duplicate ~CONCURRENCY requests later
      const sends = DUPLICATES ? bodies.flatMap((b, i) => (i >= CONCURRENCY ? [b, bodies[i - CONCURRENCY]] : [b])).concat(bodies.slice(-CONCURRENCY)) : bodies;

      const count = async () =>
        (
          await ds.query(
            `SELECT (SELECT count(*)::int FROM payments WHERE status = 'paid') AS paid,
                    (SELECT count(*)::int FROM ledger_entries) AS ledger,
                    (SELECT count(DISTINCT payment_id)::int FROM ledger_entries) AS ledger_payments,
                    (SELECT count(*)::int FROM vouchers WHERE status = 'sold') AS sold,
                    (SELECT count(*)::int FROM vouchers WHERE payment_id IS NOT NULL) AS vouchers_with_payment,
                    (SELECT count(*)::int FROM router_provisioning_ops WHERE type = 'upsert_user') AS outbox,
                    (SELECT count(*)::int FROM webhook_logs) AS logs,
                    (SELECT count(*)::int FROM webhook_logs WHERE outcome = 'processed') AS processed,
                    (SELECT count(*)::int FROM webhook_logs WHERE outcome = 'duplicate') AS duplicates_seen`,
          )
        )[0] as Record<string, number>;
      const before = await count();

      const profiler = PROFILE && round === 0 ? new Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const cpuUsed = await startCpuMeter(ds);
      const sent = await sendAll({ urls, bodies: sends, concurrency: CONCURRENCY, rate: RATE });
      const cpu = await cpuUsed();
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(PROFILE!, JSON.stringify(profile));
        profiler.disconnect();
        console.log(`CPU profile of the sends: ${PROFILE}`);
      }
      const { seconds, latencies, failures } = sent;

      const after = await count();
      const check = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
      const duplicates = check.ledger - N + (check.sold - N) + (check.paid - N);
      const rate = sends.length / seconds;
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const label = `${instances} instance${instances > 1 ? 's' : ''}`;
      const how = RATE ? `sent at ${RATE}/s` : `${CONCURRENCY} concurrent`;
      console.log(`${label}: ${sends.length} callbacks (${N} unique + ${sends.length - N} duplicates) in ${seconds.toFixed(2)} s, ${how}, pool ${DB_POOL}, ${COLLECTION} collection`);
      console.log(`${label}: throughput ${rate.toFixed(0)}/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, failures ${failures}`);
      console.log(`${label}: check ${JSON.stringify(check)}`);
      // where the CPU went, per callback (with two instances the second process is not counted)
      const perCallback = (seconds: number | null) => (seconds === null ? 'not readable' : `${((seconds * 1000) / sends.length).toFixed(2)} ms`);
      console.log(
        `${label}: CPU per callback: API process ${perCallback(cpu.api)} (system ${perCallback(cpu.apiSystem)}), PostgreSQL ${perCallback(cpu.database)}, senders ${perCallback(sent.cpuSeconds)}`,
      );
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
      const figure = `STK callbacks, ${N} purchases + ${sends.length - N} duplicates, ${how}, ${label}`;
      // the target is one instance's; a second instance's row shows the scaling
      reportBench({ figure, value: `${rate.toFixed(0)}/s`, target: '≥ 500/s', met: rate >= 500 && correct });
      reportBench({ figure: `STK callback latency p99 (p50), ${label}`, value: `${p99.toFixed(1)} ms (${p50.toFixed(1)} ms)`, target: '≤ 100 ms', met: p99 <= 100 && correct });
      reportBench({
        figure: `STK callbacks: duplicate payments/vouchers/ledger rows, ${label}`,
        value: String(correct ? duplicates : `wrong: ${JSON.stringify(check)}`),
        target: '0',
        met: correct && duplicates === 0,
      });
      if (!correct) process.exitCode = 1;
    }
  } finally {
    await second?.stop();
    await bench?.close();
    await sim.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
