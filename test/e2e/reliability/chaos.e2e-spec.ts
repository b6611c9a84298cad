import type { DarajaSimulator } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '../../../apps/api/src/modules/auth/passwords';
import type { TestDatabase } from '../../setup/test-database';
import { createTestDatabase } from '../../setup/test-database';
import type { ApiProcess } from './processes';
import { call, freePort, productionSecrets, signUpProvider, startApiProcess } from './processes';

/**
 * Captive purchases per run: 400 in `npm test` (every fault class still happens several times, in
 * ≈ 2 min per variant on a loaded 2-core machine); `CHAOS_PURCHASES=1000` for the product's run of
 * record, `CHAOS_PURCHASES=10000` for the large run (≈ 25 min per variant on 2 cores).
 */
const PURCHASES = Number(process.env.CHAOS_PURCHASES ?? 400);
const CONCURRENCY = 8;
jest.setTimeout(Math.max(600_000, PURCHASES * 400));

/**
 * pull: Daraja Pull Transactions lists every payment (STK too) and the statement pull job runs at the end.
 * upload: Pull lists only C2B payments (whether STK payments appear in Pull is not confirmed by any
 * public source), so the provider also uploads the org-portal statement of the run at the end.
 */
const VARIANTS = (process.env.CHAOS_VARIANTS ?? 'pull,upload').split(',') as Array<'pull' | 'upload'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * docs/product.md §13 chaos purchase run (once per variant): captive purchases over real HTTP against the API as its own
 * process, the Daraja simulator approving / cancelling / timing out / refusing for lack of funds
 * by phone, its callbacks delayed, reordered, duplicated up to 3× and dropped; C2B payments of
 * available vouchers' references mixed in; the API SIGKILLed and restarted twice; the simulated
 * router refusing connections for two stretches. Afterwards (STK Query reconciliation and the
 * statement pull run through the admin "run job now" endpoint, in the upload variant the run's
 * org-portal statement uploaded and applied, the outbox drained): every payment the simulator
 * settled is in the ledger exactly once (by receipt), one sold voucher per paid payment, none for
 * failed ones, every paid voucher on the router. No class of payment is tolerated as lost.
 */
describe.each(VARIANTS)(`chaos purchase run (${PURCHASES} captive purchases, statement %s)`, (variant) => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let daraja: DarajaSimulator;
  let api: ApiProcess;
  let pg: Client;
  let env: Record<string, string>;
  let port: number;
  const own = { consumerKey: `ck${randomBytes(8).toString('hex')}`, consumerSecret: `cs${randomBytes(8).toString('hex')}`, passkey: `pk${randomBytes(8).toString('hex')}`, shortcode: '600999' };
  const stats = { started: 0, refusedWhileDown: 0, rejected: 0, c2b: 0, restarts: 0, routerOffline: 0, deliveries: 0, duplicates: 0, droppedCallbacks: 0, durationMs: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({
      routers: 1,
      daraja: {
        apps: [own],
        lockSubscriber: false,
        phone: {
          defaultAction: 'approve',
          decisionDelayMs: 20,
          magicNumbers: false,
          // the last digit of the phone decides (purchase i uses a phone ending in i % 10)
          rules: [
            { match: { phoneSuffix: '6' }, action: 'cancel' },
            { match: { phoneSuffix: '7' }, action: 'insufficient-funds' },
            { match: { phoneSuffix: '8' }, action: 'timeout' },
            { match: { phoneSuffix: '9' }, action: 'approve', callback: { drop: true } }, // missing callback: STK Query finds it
            { match: { phoneSuffix: '4' }, action: 'approve', callback: { copies: 3, copyGapMs: 40 } },
            { match: { phoneSuffix: '5' }, action: 'approve', callback: { copies: 2, delayMs: 600 } },
            { match: { phoneSuffix: '3' }, action: 'cancel', callback: { copies: 3, delayMs: 200 } },
          ],
        },
        // Safaricom's documented/reported behaviour: on a paybill with C2B URLs an STK payment is
        // also confirmed over C2B (docs/mpesa.md §7); an STK callback that could not be delivered is
        // delivered again (reported, not documented) — deliberate drops stay lost
        callbacks: { delayMs: 30, reorderWindowMs: 120, copies: 1, drop: 0.05, retryOnNon2xx: { attempts: 8, backoffMs: 500 } },
        stkAlsoFiresC2B: true,
        pull: { listStk: variant === 'pull' },
        seed: 7,
      },
    });
    daraja = sandbox.daraja!;
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`INSERT INTO users (email, name, password_hash, role, provider_id) VALUES ('root@wavu.test', 'Root', $1, 'super_admin', NULL)`, [await hashPassword('root-password-123')]);
    port = await freePort();
    env = {
      ...productionSecrets(),
      DATABASE_URL: db.url,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'true',
      DARAJA_BASE_URL: daraja.url,
      DARAJA_PLATFORM_ENABLED: 'false',
      DARAJA_TIMEOUT_MS: '5000',
      PESAPAL_ENABLED: 'false',
      PAYMENTS_RATE_LIMIT_PER_IP: '100000',
      PAYMENTS_RATE_LIMIT_PER_DEVICE: '100000',
      STK_QUERY_AFTER_SECONDS: '5',
      STK_EXPIRE_AFTER_SECONDS: '3600',
      ROUTER_CALL_TIMEOUT_MS: '1000',
      ROUTER_OUTBOX_INTERVAL_MS: '200',
      ROUTER_OUTBOX_BACKOFF_MS: '200',
      ROUTER_OUTBOX_MAX_ATTEMPTS: '100',
    };
    api = await startApiProcess(env, { port });
  });
  afterAll(async () => {
    await api?.stop();
    await pg?.end();
    await sandbox?.stop();
    await db?.drop();
  });

  it('sells exactly one voucher per successful payment and the ledger matches the money', async () => {
    const started = Date.now();
    const u = `http://127.0.0.1:${port}`;
    const ok = (res: { status: number; body: any }, status: number) => {
      if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    };
    const admin = ok(await call(u, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200);
    const email = `owner-${Date.now()}@wavu.test`;
    const providerId = await signUpProvider(u, { businessName: 'Chaos Hotspot', contactName: 'Owner', contactEmail: email, phone: '0700000100', password: 'owner-password-123', type: 'isp' });
    ok(await call(u, 'POST', `/api/v1/admin/providers/${providerId}/approve`, { token: admin.accessToken }), 200);
    const owner = ok(await call(u, 'POST', '/api/v1/auth/login', { body: { email, password: 'owner-password-123' } }), 200).accessToken;
    const sim = sandbox.routers[0];
    const router = ok(await call(u, 'POST', '/api/v1/routers', { token: owner, body: { name: 'Chaos', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' } }), 201);
    const plan = ok(await call(u, 'POST', '/api/v1/plans', { token: owner, body: { name: '1 hour', price: 10, kind: 'time', uptimeLimitSeconds: 3600 } }), 201);
    // C2B buys vouchers of another plan by their payment reference (the STK purchases never reserve those)
    const c2bPlan = ok(await call(u, 'POST', '/api/v1/plans', { token: owner, body: { name: 'Paybill day', price: 15, kind: 'unlimited', validitySeconds: 86400 } }), 201);
    const c2bCount = Math.max(10, Math.round(PURCHASES / 20));
    const batch = ok(await call(u, 'POST', '/api/v1/voucher-batches', { token: owner, body: { planId: c2bPlan.id, quantity: c2bCount, routerId: router.id } }), 202);
    ok(
      await call(u, 'PUT', '/api/v1/payments/settings', {
        token: owner,
        body: {
          mode: 'own_account',
          environment: 'sandbox',
          shortcodeType: 'paybill',
          shortcode: own.shortcode,
          consumerKey: own.consumerKey,
          consumerSecret: own.consumerSecret,
          passkey: own.passkey,
        },
      }),
      200,
    );
    ok(await call(u, 'POST', '/api/v1/payments/settings/c2b-registration', { token: owner }), 200);
    ok(await call(u, 'POST', '/api/v1/payments/settings/pull-registration', { token: owner, body: { nominatedNumber: '0700000100' } }), 200);
    const runStarted = new Date();
    for (let i = 0; i < 100 && (await pg.query(`SELECT count(*)::int AS n FROM vouchers WHERE batch_id = $1`, [batch.id])).rows[0].n < c2bCount; i++) await sleep(100);
    const references = (await pg.query(`SELECT payment_reference FROM vouchers WHERE batch_id = $1 AND status = 'available' ORDER BY payment_reference`, [batch.id])).rows.map(
      (r) => r.payment_reference as string,
    );
    expect(references.length).toBe(c2bCount);

    // ---- the run
    let apiUp = true;
    let next = 0;
    const phone = (i: number) => `2547${String(20_000_000 + i).padStart(8, '0')}`;
    const purchaseWorker = async () => {
      for (;;) {
        const i = next++;
        if (i >= PURCHASES) return;
        for (let attempt = 0; ; attempt++) {
          if (!apiUp) {
            await sleep(100);
            continue;
          }
          try {
            const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
            const res = await call(u, 'POST', '/api/v1/captive/purchases', { body: { routerId: router.id, planId: plan.id, phone: phone(i) }, headers: { 'X-Forwarded-For': ip } });
            if (res.status === 201) stats.started++;
            else stats.rejected++;
            break;
          } catch {
            stats.refusedWhileDown++; // connection refused / reset by the kill: the buyer taps "Buy" again
            await sleep(200);
            if (attempt > 100) throw new Error('API never came back');
          }
        }
        // C2B payments mixed in: every 20th purchase, one paybill payment of an available voucher
        if (i % 20 === 10 && references.length && apiUp) {
          const ref = references.pop()!;
          await daraja.c2bPay({ shortCode: own.shortcode, amount: 15, msisdn: phone(900_000 + i), billRefNumber: ref });
          stats.c2b++;
        }
      }
    };
    const progress = () => next / PURCHASES;
    const chaos = async () => {
      const at = async (fraction: number) => {
        while (progress() < fraction) await sleep(50);
      };
      const restart = async () => {
        apiUp = false;
        await api.kill(); // C2B payments in flight lose their confirmation: Daraja does not resend it, Pull finds it

        stats.restarts++;
        await sleep(500);
        api = await startApiProcess(env, { port });
        apiUp = true;
      };
      await at(0.15);
      await sim.setFaults({ refuseConnections: true });
      stats.routerOffline++;
      await at(0.3);
      await restart(); // killed while the router is still offline
      await at(0.4);
      await sim.clearFaults();
      await at(0.6);
      await restart();
      await at(0.7);
      await sim.setFaults({ refuseConnections: true });
      stats.routerOffline++;
      await at(0.85);
      await sim.clearFaults();
    };
    await Promise.all([chaos(), ...Array.from({ length: CONCURRENCY }, purchaseWorker)]);
    await sim.clearFaults();

    // ---- settle: callbacks delivered, STK Query for the missing ones, outbox drained
    await daraja.idle();
    const pendingCount = async () => (await pg.query(`SELECT count(*)::int AS n FROM payments WHERE provider_id = $1 AND status = 'pending'`, [providerId])).rows[0].n as number;
    const adminToken = ok(await call(u, 'POST', '/api/v1/auth/login', { body: { email: 'root@wavu.test', password: 'root-password-123' } }), 200).accessToken;
    for (const deadline = Date.now() + 120_000; (await pendingCount()) > 0;) {
      if (Date.now() > deadline) throw new Error(`${await pendingCount()} payments still pending`);
      await call(u, 'POST', '/api/v1/admin/system-health/jobs/payments-stk-reconcile/run', { token: adminToken });
      await sleep(1000);
    }
    await daraja.idle();
    // the statement: Pull Transactions for the run (both variants), and the uploaded org-portal statement (upload variant)
    let pulled = ok(await call(u, 'POST', '/api/v1/admin/system-health/jobs/payments-statement-pull/run', { token: adminToken }), 200);
    for (let i = 0; pulled.status === 'skipped' && i < 600; i++) {
      await sleep(200); // the scheduled run of the job holds it: run again when it is done
      pulled = ok(await call(u, 'POST', '/api/v1/admin/system-health/jobs/payments-statement-pull/run', { token: adminToken }), 200);
    }
    expect(pulled).toMatchObject({ status: 'succeeded', counts: { errors: 0, suspect: 0 } });
    let uploaded: { preview: Record<string, number>; result: Record<string, number> } | null = null;
    if (variant === 'upload') {
      const csv = daraja.exportStatement({ shortCode: own.shortcode, from: new Date(runStarted.getTime() - 60_000), to: new Date(Date.now() + 60_000) });
      const preview = ok(await call(u, 'POST', '/api/v1/payments/statements', { token: owner, body: { filename: 'chaos-statement.csv', csv } }), 201);
      const applied = ok(await call(u, 'POST', `/api/v1/payments/statements/${preview.id}/apply`, { token: owner }), 200);
      expect(applied.result).toEqual(preview.preview);
      uploaded = { preview: preview.preview, result: applied.result };
    }
    // the outbox drains at the router's pace (a 10,000-purchase run leaves a backlog of thousands of operations after the
    // router-offline stretches): it must keep making progress, and fails only when it stops draining for a minute
    for (let last = Infinity, progressAt = Date.now(); ;) {
      const [{ open }] = (await pg.query(`SELECT count(*)::int AS open FROM router_provisioning_ops WHERE router_id = $1 AND status NOT IN ('done', 'dead')`, [router.id])).rows;
      if (open === 0) break;
      if (open < last) [last, progressAt] = [open, Date.now()];
      if (Date.now() - progressAt > 60_000) throw new Error(`outbox stopped draining: ${open} operations open`);
      await sleep(300);
    }
    stats.durationMs = Date.now() - started;

    // ---- invariants
    const q = async (sql: string, params: unknown[] = [providerId]) => (await pg.query(sql, params)).rows;
    const byStatus = Object.fromEntries((await q(`SELECT status, count(*)::int AS n FROM payments WHERE provider_id = $1 GROUP BY status`)).map((r) => [r.status, r.n]));
    const paid = (await q(`SELECT count(*)::int AS n FROM payments WHERE provider_id = $1 AND status = 'paid'`))[0].n as number;
    // exactly one sold voucher per paid payment
    const perPaid = await q(
      `SELECT p.id, count(v.id) FILTER (WHERE v.status <> 'available')::int AS sold FROM payments p LEFT JOIN vouchers v ON v.payment_id = p.id AND v.provider_id = p.provider_id WHERE p.provider_id = $1 AND p.status = 'paid' GROUP BY p.id`,
    );
    expect(perPaid.filter((r) => r.sold !== 1)).toEqual([]);
    const soldVouchers = (await q(`SELECT count(*)::int AS n FROM vouchers WHERE provider_id = $1 AND status NOT IN ('available')`))[0].n;
    expect(soldVouchers).toBe(paid);
    // none for the failed ones
    const failedWithVoucher = await q(`SELECT p.id, p.status FROM payments p JOIN vouchers v ON v.payment_id = p.id WHERE p.provider_id = $1 AND p.status <> 'paid' AND v.status <> 'available'`);
    expect(failedWithVoucher).toEqual([]);
    expect(byStatus.flagged ?? 0).toBe(0);
    // every paid voucher on the simulated router
    const paidCodes = (await q(`SELECT v.code FROM vouchers v JOIN payments p ON p.id = v.payment_id WHERE p.provider_id = $1 AND p.status = 'paid'`)).map((r) => r.code as string);
    const missing = paidCodes.filter((c) => !sim.state.hotspot.users.find('name', c));
    expect(missing).toEqual([]);
    // ledger = money the simulator settled, exactly: every settled receipt once, nothing else
    const ledger = (
      await q(
        `SELECT coalesce(sum(gross_minor), 0)::bigint AS total, count(*)::int AS n, count(DISTINCT receipt)::int AS receipts, count(*) FILTER (WHERE receipt IS NULL)::int AS without FROM ledger_entries WHERE provider_id = $1`,
      )
    )[0];
    const settled = daraja.ledger();
    const ledgerReceipts = new Set((await q(`SELECT receipt FROM ledger_entries WHERE provider_id = $1`)).map((r) => r.receipt as string));
    const lost = settled.entries.filter((e) => !ledgerReceipts.has(e.receipt));
    const unknown = [...ledgerReceipts].filter((r) => !settled.entries.some((e) => e.receipt === r));
    // how each settled payment reached us, from what the API actually answered (HTTP 2xx), not from what the simulator did;
    // a notification the API logged but died before answering is in the last classes (the reconciliation job replays its log)
    const knownPushes = new Set((await q(`SELECT checkout_request_id FROM stk_requests WHERE provider_id = $1 AND checkout_request_id IS NOT NULL`)).map((r) => r.checkout_request_id as string));
    const callbackArrived = new Set(
      daraja
        .deliveries()
        .filter((d) => d.status !== null && d.status >= 200 && d.status < 300)
        .map((d) => d.checkoutRequestId),
    );
    const confirmationArrived = new Set(
      daraja
        .c2bPayments()
        .filter((c) => c.confirmationStatus !== null && c.confirmationStatus >= 200 && c.confirmationStatus < 300)
        .map((c) => c.transId),
    );
    const classes: Record<string, number> = {};
    for (const e of settled.entries) {
      const cls =
        e.checkoutRequestId && callbackArrived.has(e.checkoutRequestId)
          ? 'callback answered'
          : confirmationArrived.has(e.receipt)
            ? 'C2B confirmation answered'
            : e.checkoutRequestId && knownPushes.has(e.checkoutRequestId)
              ? 'no notification answered, push known (STK Query)'
              : 'no notification answered, push unknown (logged notification or statement)';
      classes[cls] = (classes[cls] ?? 0) + 1;
    }
    const settledVia = Object.fromEntries(
      (await q(`SELECT coalesce(settled_via, 'none') AS via, count(*)::int AS n FROM payments WHERE provider_id = $1 AND status = 'paid' GROUP BY 1 ORDER BY 1`)).map((r) => [r.via, r.n]),
    );
    const report = { variant, classes, settledVia, pull: pulled.counts, upload: uploaded };
    if (lost.length || unknown.length) console.log(`chaos ${variant}: ${JSON.stringify(report)}`);
    expect(lost.map((e) => ({ receipt: e.receipt, kind: e.kind, reference: e.reference }))).toEqual([]);
    expect(unknown).toEqual([]);
    expect({ total: Number(ledger.total), entries: ledger.n, receipts: ledger.receipts, without: ledger.without }).toEqual({
      total: settled.total * 100,
      entries: settled.count,
      receipts: settled.count,
      without: 0,
    });
    expect(paid).toBe(settled.count);

    const deliveries = daraja.deliveries();
    stats.deliveries = deliveries.filter((d) => !d.dropped && d.status !== null).length;
    stats.duplicates = deliveries.filter((d) => d.copy > 1 && !d.dropped && d.status !== null).length;
    stats.droppedCallbacks = deliveries.filter((d) => d.dropped).length + deliveries.filter((d) => d.error).length;
    console.log(
      `chaos (${variant}): ${PURCHASES} captive purchases (${stats.started} pushes accepted, ${stats.rejected} refused by the API, ${stats.refusedWhileDown} requests hit a dead API and were retried), payments ${JSON.stringify(byStatus)}, ${paid} paid = ${soldVouchers} sold vouchers, all on the router; ${stats.c2b} C2B payments; callbacks: ${stats.deliveries} delivered of which ${stats.duplicates} duplicates, ${stats.droppedCallbacks} dropped or unreachable; ${stats.restarts} SIGKILL restarts, ${stats.routerOffline} router-offline stretches; settled payments by what reached the API ${JSON.stringify(classes)}; paid by ${JSON.stringify(settledVia)}; statement pull ${JSON.stringify(pulled.counts)}${uploaded ? `, upload ${JSON.stringify(uploaded.result)}` : ''}; ledger ${Number(ledger.total) / 100} KES in ${ledger.n} entries = simulator ${settled.total} KES in ${settled.count} receipts, 0 lost, 0 doubled; ${(stats.durationMs / 1000).toFixed(0)} s`,
    );
    expect(stats.restarts).toBe(2);
    expect(stats.duplicates).toBeGreaterThan(0);
  });
});
