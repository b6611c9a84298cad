/* eslint-disable no-console */
/**
 * STK callback benchmark (SPEC §12): sustained throughput and p99 latency of Daraja STK success
 * callbacks over real HTTP, each doing the full work — secret check, raw log row, push row lock,
 * state machine, payment, voucher sale (VouchersService), ledger entry, provisioning outbox row.
 * Every callback is also sent a second time (interleaved): the duplicates must change nothing.
 *
 *   npm run bench -- (BENCH_ONLY=stk)          # default 4,000 purchases, 8 concurrent senders
 *   BENCH_STK_N=10000 BENCH_STK_CONCURRENCY=64 ...
 *
 * Target: ≥ 500 callbacks/s sustained, p99 ≤ 100 ms, 0 duplicates.
 * Purchases are started through PaymentsService against the Daraja simulator (whose phone never
 * answers), so the rows are exactly what production creates.
 */
import { NestExpressApplication } from '@nestjs/platform-express';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo, createServer } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Principal } from '../apps/api/src/common/auth/principal';
import { loadConfig } from '../apps/api/src/config/load-config';
import { createApp } from '../apps/api/src/create-app';
import { runMigrations } from '../apps/api/src/database/migrate';
import { UsersService } from '../apps/api/src/modules/auth/users.service';
import { PaymentsService } from '../apps/api/src/modules/payments/payments.service';
import { PlansService } from '../apps/api/src/modules/plans/plans.service';
import { ProvidersService } from '../apps/api/src/modules/providers/providers.service';
import { RoutersService } from '../apps/api/src/modules/routers/routers.service';
import { reportBench } from './report';

const N = Number(process.env.BENCH_STK_N ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_STK_CONCURRENCY ?? 8);
const ctx = { ip: null, userAgent: 'bench' };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, z) => a - z);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
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

async function main(): Promise<void> {
  const server = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `wavu_bench_stk_${randomBytes(4).toString('hex')}`;
  const admin = new URL(server.toString());
  admin.pathname = '/postgres';
  const db = new URL(server.toString());
  db.pathname = `/${name}`;
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  await runMigrations(db.toString());

  const sim = await startDarajaSimulator({ apps: [DEMO_APP], phone: { defaultAction: 'never', magicNumbers: false } });
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO_MODE: 'true',
    DATABASE_URL: db.toString(),
    DATABASE_POOL_SIZE: process.env.BENCH_STK_POOL ?? '20',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '.no-web',
    DARAJA_BASE_URL: sim.url,
    DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
    PAYMENTS_RATE_LIMIT_PER_IP: '100000',
  });
  let app: NestExpressApplication | undefined;
  try {
    app = await createApp(config);
    await app.listen(port, '127.0.0.1');
    const ds = app.get(DataSource);

    const superAdmin = await app.get(UsersService).create({ email: `bench-${name}@wavu.test`, name: 'Bench Admin', password: 'bench-admin-pass', role: 'super_admin', providerId: null });
    const adminPrincipal: Principal = { kind: 'user', userId: superAdmin.id, apiKeyId: null, email: superAdmin.email, role: 'super_admin', providerId: null, scope: 'full' };
    const email = `owner-${name}@example.test`;
    const { provider } = await app.get(ProvidersService).signup({ businessName: 'Bench Hotspot', contactName: 'Bench Owner', contactEmail: email, phone: '254700000009', password: 'bench-owner-pass', type: 'homeowner' }, ctx);
    if (provider.status === 'pending') await app.get(ProvidersService).transition(provider.id, 'approve', adminPrincipal, ctx);
    const [{ id: ownerId }] = await ds.query(`SELECT id FROM users WHERE email = $1`, [email]);
    const owner: Principal = { kind: 'user', userId: ownerId, apiKeyId: null, email, role: 'provider_owner', providerId: provider.id, scope: 'full' };
    const router = await app.get(RoutersService).create(provider.id, { name: 'Bench router', host: '127.0.0.1', apiPort: 1, username: 'admin', password: '', hotspotDnsName: 'wifi.bench.test' } as never, owner, ctx);
    const plan = await app.get(PlansService).create(provider.id, { name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 } as never, owner, ctx);

    // N purchases through the real service (reserve voucher, payment, push row, STK push to the simulator)
    const payments = app.get(PaymentsService);
    let t = Date.now();
    const ids: string[] = new Array(N);
    await pool(
      Array.from({ length: N }, (_, i) => i),
      16,
      async (i) => {
        const phone = `2547${String(10_000_000 + i).slice(-8)}`;
        ids[i] = (await payments.startPurchase({ providerId: provider.id, routerId: router.id, planId: plan.id, phone, clientIp: null })).purchaseId;
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
    const job = join(tmpdir(), `${name}-sends.json`);
    writeFileSync(job, JSON.stringify({ url: callbackUrl, bodies: sends, concurrency: CONCURRENCY, expect: '{"ResultCode":0,"ResultDesc":"Accepted"}' }));
    const sent = await new Promise<{ seconds: number; latencies: number[]; failures: number }>((resolve, reject) => {
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
    console.log(`${sends.length} callbacks (${N} unique + ${sends.length - N} duplicates) in ${seconds.toFixed(2)} s, ${CONCURRENCY} concurrent, pool ${config.database.poolSize}`);
    console.log(`throughput ${rate.toFixed(0)}/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, failures ${failures}`);
    console.log(`check: ${JSON.stringify(check)}`);
    const correct = failures === 0 && check.paid === N && check.ledger === N && check.ledger_payments === N && check.sold === N && check.vouchers_with_payment === N && check.outbox >= N && check.logs === sends.length && check.processed === N;
    reportBench({ figure: `STK callbacks, ${N} purchases + ${sends.length - N} duplicates, ${CONCURRENCY} concurrent`, value: `${rate.toFixed(0)}/s`, target: '≥ 500/s', met: rate >= 500 && correct });
    reportBench({ figure: 'STK callback latency p99 (p50)', value: `${p99.toFixed(1)} ms (${p50.toFixed(1)} ms)`, target: '≤ 100 ms', met: p99 <= 100 && correct });
    reportBench({ figure: 'STK callbacks: duplicate payments/vouchers/ledger rows', value: String(correct ? duplicates : `wrong: ${JSON.stringify(check)}`), target: '0', met: correct && duplicates === 0 });
    if (!correct) process.exitCode = 1;
  } finally {
    await app?.close();
    await sim.close();
    const d = new Client({ connectionString: admin.toString() });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
