import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { PageQueryDto, Page, paginate } from '../../common/pagination/page';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { PaymentSettings } from './entities/payment-settings.entity';
import { Payment, PaymentSource, PaymentStatus } from './entities/payment.entity';
import { Payout } from './entities/payout.entity';
import { StkRequest } from './entities/stk-request.entity';
import { WebhookKind, WebhookLog, WebhookOutcome } from './entities/webhook-log.entity';

export interface PaymentFilter {
  status?: PaymentStatus;
  source?: PaymentSource;
  from?: Date;
  to?: Date;
  planId?: string;
  routerId?: string;
  /** receipt (exact, case-insensitive) or payment reference */
  search?: string;
}

export type RevenueGroup = 'day' | 'week' | 'month' | 'plan' | 'router';

export interface LedgerTotalRow {
  currency: string;
  count: number;
  grossMinor: number;
  commissionMinor: number;
  netMinor: number;
}

export interface CustomerRow {
  id: string;
  phoneMasked: string | null;
  currency: string;
  purchases: number;
  totalMinor: number;
  lastPurchaseAt: Date;
  firstPurchaseAt: Date;
  lastPlanName: string;
}

export interface RevenueRow {
  key: string;
  label: string | null;
  count: number;
  grossMinor: number;
  commissionMinor: number;
  netMinor: number;
}

/** A buyer's stable id: md5 of provider + phone (or masked phone) + currency, shaped as a version-4 UUID. */
const customerId = (a: string) => {
  const h = `md5(${a}provider_id::text || ':' || coalesce(${a}phone, ${a}phone_masked) || ':' || ${a}currency)`;
  return `(substr(${h}, 1, 12) || '4' || substr(${h}, 14, 3) || '8' || substr(${h}, 18, 15))::uuid`;
};

/** All I/O of the payments module's tables (docs/architecture.md rules 1 and 3). */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- settings ---------------------------------------------------------------------

  findSettings(providerId: string, manager?: EntityManager): Promise<PaymentSettings | null> {
    return this.m(manager).findOne(PaymentSettings, { where: { providerId } });
  }

  /** Inserts the default row unless one exists; returns the stored row. */
  async insertSettingsIfMissing(row: Partial<PaymentSettings> & { providerId: string }, manager?: EntityManager): Promise<PaymentSettings> {
    await this.m(manager).createQueryBuilder().insert().into(PaymentSettings).values(row).orIgnore().execute();
    return (await this.findSettings(row.providerId, manager))!;
  }

  async updateSettings(providerId: string, changes: Partial<PaymentSettings>, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(PaymentSettings, { providerId }, changes);
  }

  // ---- payments and pushes ----------------------------------------------------------

  insertPayment(manager: EntityManager, row: Partial<Payment>): Promise<Payment> {
    return manager.save(manager.create(Payment, row));
  }

  insertStkRequest(manager: EntityManager, row: Partial<StkRequest>): Promise<StkRequest> {
    return manager.save(manager.create(StkRequest, row));
  }

  findPayment(providerId: string, id: string, manager?: EntityManager): Promise<Payment | null> {
    return this.m(manager).findOne(Payment, { where: { providerId, id } });
  }

  findPaymentForUpdate(manager: EntityManager, providerId: string, id: string): Promise<Payment | null> {
    return manager.createQueryBuilder(Payment, 'p').setLock('pessimistic_write').where('p.provider_id = :providerId AND p.id = :id', { providerId, id }).getOne();
  }

  findStkForPayment(providerId: string, paymentId: string, manager?: EntityManager): Promise<StkRequest | null> {
    return this.m(manager).findOne(StkRequest, { where: { providerId, paymentId } });
  }

  /** The push row, locked: concurrent callbacks/queries for one checkout serialise here. */
  lockStkByCheckout(manager: EntityManager, providerId: string, checkoutRequestId: string): Promise<StkRequest | null> {
    return manager
      .createQueryBuilder(StkRequest, 's')
      .setLock('pessimistic_write')
      .where('s.provider_id = :providerId AND s.checkout_request_id = :checkoutRequestId', { providerId, checkoutRequestId })
      .getOne();
  }

  /**
   * A success callback whose CheckoutRequestID we never stored (the process died between Daraja
   * accepting the push and saving its answer): takes the provider's oldest push of that phone and
   * amount that has no CheckoutRequestID yet (one open push per phone keeps this unambiguous),
   * stores the callback's ids on it, and returns it locked.
   */
  async adoptOrphanPush(manager: EntityManager, providerId: string, ids: { checkoutRequestId: string; merchantRequestId: string }, phone: string, amount: number): Promise<StkRequest | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM stk_requests
        WHERE provider_id = $1 AND checkout_request_id IS NULL AND phone = $2 AND amount = $3
          AND status IN ('initiated', 'expired') AND created_at > now() - interval '24 hours'
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [providerId, phone, amount],
    );
    if (!rows.length) return null;
    await manager.query(`UPDATE stk_requests SET checkout_request_id = $2, merchant_request_id = $3, updated_at = now() WHERE id = $1`, [rows[0].id, ids.checkoutRequestId, ids.merchantRequestId]);
    return this.lockStk(manager, rows[0].id);
  }

  /** Stores Daraja's answer to a push, only while it is still `initiated` (a racing callback may have resolved it). */
  async markPushAccepted(id: string, answer: Pick<StkRequest, 'checkoutRequestId' | 'merchantRequestId' | 'nextQueryAt'>): Promise<void> {
    await this.dataSource.query(
      `UPDATE stk_requests SET status = CASE WHEN status = 'initiated' THEN 'pending' ELSE status END,
              checkout_request_id = COALESCE(checkout_request_id, $2), merchant_request_id = COALESCE(merchant_request_id, $3),
              next_query_at = CASE WHEN status = 'initiated' THEN $4 ELSE next_query_at END, updated_at = now()
        WHERE id = $1`,
      [id, answer.checkoutRequestId, answer.merchantRequestId, answer.nextQueryAt],
    );
  }

  lockStk(manager: EntityManager, id: string): Promise<StkRequest | null> {
    return manager.createQueryBuilder(StkRequest, 's').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  lockStkForPayment(manager: EntityManager, paymentId: string): Promise<StkRequest | null> {
    return manager.createQueryBuilder(StkRequest, 's').setLock('pessimistic_write').where('s.payment_id = :paymentId', { paymentId }).getOne();
  }

  async updateStk(manager: EntityManager | undefined, id: string, changes: Partial<StkRequest>): Promise<void> {
    await this.m(manager).update(StkRequest, { id }, changes);
  }

  async updatePayment(manager: EntityManager | undefined, id: string, changes: Partial<Payment>): Promise<void> {
    await this.m(manager).update(Payment, { id }, changes);
  }

  /** The open STK purchase of a phone (one pending push per phone, reused). */
  findOpenPurchaseForPhone(providerId: string, phone: string, since: Date, manager?: EntityManager): Promise<Payment | null> {
    return this.m(manager)
      .createQueryBuilder(Payment, 'p')
      .where(`p.provider_id = :providerId AND p.phone = :phone AND p.source = 'stk' AND p.status = 'pending' AND p.created_at > :since`, { providerId, phone, since })
      .orderBy('p.created_at', 'DESC')
      .getOne();
  }

  /** A failed/cancelled purchase of the same phone, plan and router whose voucher may be reused. */
  findReusableFailedPurchase(providerId: string, phone: string, planId: string, routerId: string | null, since: Date, manager?: EntityManager): Promise<Payment | null> {
    const qb = this.m(manager)
      .createQueryBuilder(Payment, 'p')
      .where(
        `p.provider_id = :providerId AND p.phone = :phone AND p.plan_id = :planId AND p.source = 'stk' AND p.status IN ('failed', 'cancelled') AND p.voucher_id IS NOT NULL AND p.created_at > :since`,
        { providerId, phone, planId, since },
      );
    if (routerId) qb.andWhere('p.router_id = :routerId', { routerId });
    else qb.andWhere('p.router_id IS NULL');
    return qb.orderBy('p.created_at', 'DESC').getOne();
  }

  /** Pushes started per phone and per client IP since `since` (rate limits; across instances). */
  /** Runs on the caller's transaction: a query on another pool connection from inside a transaction can deadlock an exhausted pool. */
  async countRecentPushes(manager: EntityManager, providerId: string, phone: string, clientIp: string | null, since: Date): Promise<{ byPhone: number; byIp: number }> {
    const [row] = await manager.query<{ by_phone: number; by_ip: number }[]>(
      `SELECT (SELECT count(*)::int FROM payments WHERE provider_id = $1 AND phone = $2 AND source = 'stk' AND created_at > $4) AS by_phone,
              (SELECT count(*)::int FROM payments WHERE client_ip = $3 AND source = 'stk' AND created_at > $4) AS by_ip`,
      [providerId, phone, clientIp, since],
    );
    return { byPhone: row.by_phone, byIp: clientIp ? row.by_ip : 0 };
  }

  findPaymentByReceipt(manager: EntityManager, shortcode: string, receipt: string): Promise<Payment | null> {
    return manager.findOne(Payment, { where: { shortcode, receipt } });
  }

  /** The STK purchase a C2B confirmation of this reference settles: unpaid, or paid without a receipt (settled by STK Query). */
  findStkPurchaseForC2b(manager: EntityManager, providerId: string, reference: string): Promise<Payment | null> {
    return manager
      .createQueryBuilder(Payment, 'p')
      .where(
        `p.provider_id = :providerId AND p.payment_reference = :reference AND p.source = 'stk' AND (p.status IN ('pending', 'expired', 'failed', 'cancelled') OR (p.status = 'paid' AND p.receipt IS NULL))`,
        { providerId, reference },
      )
      .orderBy('p.created_at', 'DESC')
      .getOne();
  }

  /** Pushes the reconciliation job asks Daraja about (no callback yet). */
  findDueForQuery(now: Date, notBefore: Date, limit: number): Promise<StkRequest[]> {
    return this.dataSource
      .createQueryBuilder(StkRequest, 's')
      .where(`s.status IN ('pending', 'expired') AND s.next_query_at <= :now AND s.created_at > :notBefore`, { now, notBefore })
      .orderBy('s.next_query_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Pushes that never got their CheckoutRequestID stored (a crash between the insert and Daraja's
   * answer, or before the push). They become `expired` — soft: Daraja may have accepted the push,
   * and a success callback for it is still honoured (see adoptOrphanPush). Never queried: no id.
   */
  async failStaleInitiated(before: Date): Promise<number> {
    const result = await this.dataSource.query<unknown[]>(
      `WITH s AS (UPDATE stk_requests SET status = 'expired', error = 'push never confirmed', next_query_at = NULL, resolved_at = now(), updated_at = now()
                   WHERE status = 'initiated' AND created_at < $1 RETURNING payment_id)
       UPDATE payments p SET status = 'expired', result_desc = 'push never confirmed', updated_at = now() FROM s WHERE p.id = s.payment_id AND p.status = 'pending' RETURNING p.id`,
      [before],
    );
    return affected(result);
  }

  // ---- ledger -------------------------------------------------------------------------

  async insertLedgerEntry(manager: EntityManager, row: Partial<LedgerEntry>): Promise<void> {
    await manager.createQueryBuilder().insert().into(LedgerEntry).values(row).orIgnore().execute();
  }

  async backfillLedgerReceipt(manager: EntityManager, paymentId: string, receipt: string): Promise<void> {
    await manager.update(LedgerEntry, { paymentId, receipt: IsNull() }, { receipt });
  }

  async listPayments(providerId: string, filter: PaymentFilter, page: PageQueryDto): Promise<Page<Payment>> {
    const qb = this.dataSource.createQueryBuilder(Payment, 'p').where('p.provider_id = :providerId', { providerId });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.source) qb.andWhere('p.source = :source', { source: filter.source });
    if (filter.from) qb.andWhere('p.created_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('p.created_at < :to', { to: filter.to });
    if (filter.planId) qb.andWhere('p.plan_id = :planId', { planId: filter.planId });
    if (filter.routerId) qb.andWhere('p.router_id = :routerId', { routerId: filter.routerId });
    if (filter.search) qb.andWhere('(p.receipt = :search OR p.payment_reference = :search)', { search: filter.search.toUpperCase() });
    return paginate(qb, page, 'createdAt');
  }

  /** Paid payments of one phone for an amount within [from, to) (portal recovery). */
  findPaidByPhoneAmount(providerId: string, phone: string, amountMinor: number, from: Date, to: Date): Promise<Payment[]> {
    return this.dataSource
      .createQueryBuilder(Payment, 'p')
      .where(`p.provider_id = :providerId AND p.phone = :phone AND p.amount_minor = :amountMinor AND p.status = 'paid' AND p.paid_at >= :from AND p.paid_at < :to`, {
        providerId,
        phone,
        amountMinor,
        from,
        to,
      })
      .orderBy('p.paid_at', 'DESC')
      .take(10)
      .getMany();
  }

  findPaidByReceipt(providerId: string, receipt: string): Promise<Payment | null> {
    return this.dataSource.manager.findOne(Payment, { where: { providerId, receipt: receipt.trim().toUpperCase(), status: 'paid' } });
  }

  /**
   * Revenue grouped by Nairobi day/week/month, plan or router, over [from, to). `providerId`
   * null = the whole platform (super admin).
   */
  async revenue(providerId: string | null, group: RevenueGroup, from: Date, to: Date): Promise<RevenueRow[]> {
    const local = `(l.occurred_at AT TIME ZONE 'Africa/Nairobi')`;
    const key: Record<RevenueGroup, string> = {
      day: `to_char(date_trunc('day', ${local}), 'YYYY-MM-DD')`,
      week: `to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')`,
      month: `to_char(date_trunc('month', ${local}), 'YYYY-MM')`,
      plan: `l.plan_id::text`,
      router: `coalesce(l.router_id::text, 'all')`,
    };
    const label = group === 'plan' ? 'max(l.plan_name)' : 'NULL';
    const params: unknown[] = [from, to];
    let where = 'l.occurred_at >= $1 AND l.occurred_at < $2';
    if (providerId) {
      params.push(providerId);
      where += ' AND l.provider_id = $3';
    }
    const rows = await this.dataSource.query<{ key: string; label: string | null; count: number; gross: string; commission: string; net: string }[]>(
      `SELECT ${key[group]} AS key, ${label} AS label, count(*)::int AS count,
              sum(l.gross_minor)::bigint AS gross, sum(l.commission_minor)::bigint AS commission, sum(l.net_minor)::bigint AS net
         FROM ledger_entries l WHERE ${where} GROUP BY 1 ORDER BY ${group === 'plan' || group === 'router' ? 'gross DESC, 1' : '1'}`,
      params,
    );
    return rows.map((r) => ({ key: r.key, label: r.label, count: r.count, grossMinor: Number(r.gross), commissionMinor: Number(r.commission), netMinor: Number(r.net) }));
  }

  /** Ledger rows for CSV export (bounded). */
  ledgerRows(providerId: string | null, from: Date, to: Date, limit: number): Promise<LedgerEntry[]> {
    const qb = this.dataSource.createQueryBuilder(LedgerEntry, 'l').where('l.occurred_at >= :from AND l.occurred_at < :to', { from, to });
    if (providerId) qb.andWhere('l.provider_id = :providerId', { providerId });
    return qb.orderBy('l.occurred_at', 'ASC').addOrderBy('l.id', 'ASC').take(limit).getMany();
  }

  /** Platform-collected net owed to a provider, and what was paid out. */
  async payoutBalance(providerId: string): Promise<{ owedMinor: number; paidOutMinor: number }> {
    const [row] = await this.dataSource.query<{ owed: string; paid: string }[]>(
      `SELECT (SELECT coalesce(sum(net_minor), 0) FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform')::bigint AS owed,
              (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE provider_id = $1)::bigint AS paid`,
      [providerId],
    );
    return { owedMinor: Number(row.owed), paidOutMinor: Number(row.paid) };
  }

  insertPayout(row: Partial<Payout>): Promise<Payout> {
    return this.dataSource.manager.save(this.dataSource.manager.create(Payout, row));
  }

  // ---- webhook logs -------------------------------------------------------------------

  async insertWebhookLog(row: { providerId: string | null; kind: WebhookKind; body: unknown; sourceIp: string | null; externalId: string | null }): Promise<string> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WebhookLog)
      .values(row as never)
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[])[0].id;
  }

  async finishWebhookLog(id: string, outcome: WebhookOutcome, detail: string | null, durationMs: number): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_logs SET outcome = $2, detail = $3, duration_ms = $4, processed_at = now() WHERE id = $1`, [id, outcome, detail?.slice(0, 500) ?? null, durationMs]);
  }

  /** STK callbacks for a checkout that were logged but not applied (arrived before the push was recorded, or crashed). */
  findUnappliedStkLogs(providerId: string, checkoutRequestId: string): Promise<WebhookLog[]> {
    return this.dataSource.manager.find(WebhookLog, {
      where: [
        { providerId, kind: 'stk', externalId: checkoutRequestId, outcome: 'ignored' },
        { providerId, kind: 'stk', externalId: checkoutRequestId, outcome: 'received' },
      ],
    });
  }

  /** Logged STK callbacks never finished (the process died mid-way). */
  findStuckStkLogs(before: Date, limit: number): Promise<WebhookLog[]> {
    return this.findStuckLogs('stk', before, limit);
  }

  /** C2B confirmations logged but never applied (crash) or failed: Daraja does not resend them. */
  findStuckC2bConfirmationLogs(before: Date, limit: number): Promise<WebhookLog[]> {
    return this.findStuckLogs('c2b_confirmation', before, limit);
  }

  private findStuckLogs(kind: 'stk' | 'c2b_confirmation', before: Date, limit: number): Promise<WebhookLog[]> {
    return this.dataSource
      .createQueryBuilder(WebhookLog, 'w')
      .where(`w.kind = :kind AND w.outcome IN ('received', 'failed') AND w.created_at < :before AND w.created_at > :since`, { kind, before, since: new Date(before.getTime() - 86_400_000) })
      .orderBy('w.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Deletes webhook logs older than `before`, in chunks. */
  async purgeWebhookLogs(before: Date, chunk = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = affected(await this.dataSource.query<unknown[]>(`DELETE FROM webhook_logs WHERE id IN (SELECT id FROM webhook_logs WHERE created_at < $1 LIMIT $2) RETURNING 1`, [before, chunk]));
      total += n;
      if (n < chunk) return total;
    }
  }

  // ---- dashboards (docs/product.md §9) --------------------------------------------------------------

  /** Ledger totals per currency over [from, to); providerId null = the whole platform. */
  async ledgerTotals(providerId: string | null, from: Date, to: Date): Promise<LedgerTotalRow[]> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const rows = await this.dataSource.query<{ currency: string; count: number; gross: string; commission: string; net: string }[]>(
      `SELECT currency, count(*)::int AS count, sum(gross_minor)::bigint AS gross, sum(commission_minor)::bigint AS commission, sum(net_minor)::bigint AS net
         FROM ledger_entries WHERE occurred_at >= $1 AND occurred_at < $2 ${providerId ? 'AND provider_id = $3' : ''}
        GROUP BY currency ORDER BY sum(gross_minor) DESC, currency`,
      params,
    );
    return rows.map((r) => ({ currency: r.currency, count: r.count, grossMinor: Number(r.gross), commissionMinor: Number(r.commission), netMinor: Number(r.net) }));
  }

  /** Ledger per Nairobi day and currency over [from, to). */
  async ledgerDaily(providerId: string | null, from: Date, to: Date): Promise<Array<LedgerTotalRow & { day: string }>> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const rows = await this.dataSource.query<{ day: string; currency: string; count: number; gross: string; commission: string; net: string }[]>(
      `SELECT to_char(occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD') AS day, currency, count(*)::int AS count,
              sum(gross_minor)::bigint AS gross, sum(commission_minor)::bigint AS commission, sum(net_minor)::bigint AS net
         FROM ledger_entries WHERE occurred_at >= $1 AND occurred_at < $2 ${providerId ? 'AND provider_id = $3' : ''}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    return rows.map((r) => ({ day: r.day, currency: r.currency, count: r.count, grossMinor: Number(r.gross), commissionMinor: Number(r.commission), netMinor: Number(r.net) }));
  }

  /** Best-selling plans of a provider over [from, to), by gross. */
  async topPlans(providerId: string, from: Date, to: Date, limit: number): Promise<Array<{ planId: string; planName: string; currency: string; count: number; grossMinor: number }>> {
    const rows = await this.dataSource.query<{ plan_id: string; plan_name: string; currency: string; count: number; gross: string }[]>(
      `SELECT plan_id::text AS plan_id, max(plan_name) AS plan_name, currency, count(*)::int AS count, sum(gross_minor)::bigint AS gross
         FROM ledger_entries WHERE provider_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY plan_id, currency ORDER BY sum(gross_minor) DESC, count(*) DESC, plan_id LIMIT $4`,
      [providerId, from, to, limit],
    );
    return rows.map((r) => ({ planId: r.plan_id, planName: r.plan_name, currency: r.currency, count: r.count, grossMinor: Number(r.gross) }));
  }

  /** Outcomes of payments started in [from, to): paid vs failed/cancelled/expired (pending and flagged aside). */
  async paymentOutcomes(providerId: string | null, from: Date, to: Date): Promise<{ started: number; paid: number; unsuccessful: number; pending: number }> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const [row] = await this.dataSource.query<{ started: number; paid: number; unsuccessful: number; pending: number }[]>(
      `SELECT count(*)::int AS started, count(*) FILTER (WHERE status = 'paid')::int AS paid,
              count(*) FILTER (WHERE status IN ('failed', 'cancelled', 'expired'))::int AS unsuccessful, count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM payments WHERE created_at >= $1 AND created_at < $2 ${providerId ? 'AND provider_id = $3' : ''}`,
      params,
    );
    return row;
  }

  /**
   * Platform-wide webhook outcomes since `since`: handled (processed, duplicate, ignored,
   * rejected, flagged — each a correct answer) vs failed (an error, or still `received`
   * after 5 minutes: the processing never finished).
   */
  async webhookOutcomes(since: Date, now: Date): Promise<{ total: number; handled: number; failed: number }> {
    const [row] = await this.dataSource.query<{ total: number; handled: number; failed: number }[]>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE outcome IN ('processed', 'duplicate', 'ignored', 'rejected', 'flagged'))::int AS handled,
              count(*) FILTER (WHERE outcome = 'failed' OR (outcome = 'received' AND created_at < $2))::int AS failed
         FROM webhook_logs WHERE created_at >= $1`,
      [since, new Date(now.getTime() - 5 * 60_000)],
    );
    return row;
  }

  /** The newest failed (or stuck) webhook logs. */
  recentWebhookFailures(now: Date, limit: number): Promise<WebhookLog[]> {
    return this.dataSource
      .createQueryBuilder(WebhookLog, 'w')
      .where(`(w.outcome = 'failed' OR (w.outcome = 'received' AND w.created_at < :stuck)) AND w.created_at > :since`, {
        stuck: new Date(now.getTime() - 5 * 60_000),
        since: new Date(now.getTime() - 7 * 86_400_000),
      })
      .orderBy('w.created_at', 'DESC')
      .take(limit)
      .getMany();
  }

  /**
   * Buyers of a provider: paid payments grouped by phone (or, for C2B without a phone, the
   * masked MSISDN) and currency, newest last purchase first, keyset-paginated on
   * (last_paid_at, id). The id is a stable hash of provider + buyer + currency.
   */
  async customers(providerId: string, filter: { phone?: string; digits?: string; receipt?: string }, limit: number, cursor: { t: string; id: string } | null): Promise<CustomerRow[]> {
    const params: unknown[] = [providerId];
    const where: string[] = [`provider_id = $1`, `status = 'paid'`, `coalesce(phone, phone_masked) IS NOT NULL`];
    if (filter.phone) where.push(`phone = $${params.push(filter.phone)}`);
    if (filter.digits) where.push(`phone LIKE $${params.push(`%${filter.digits}%`)}`);
    if (filter.receipt) where.push(`coalesce(phone, phone_masked) IN (SELECT coalesce(phone, phone_masked) FROM payments WHERE provider_id = $1 AND receipt = $${params.push(filter.receipt)})`);
    let page = '';
    if (cursor) page = `WHERE (c.last_paid_at, c.id) < ($${params.push(cursor.t)}::timestamptz, $${params.push(cursor.id)}::uuid)`;
    params.push(limit);
    const rows = await this.dataSource.query<
      { id: string; phone_masked: string | null; currency: string; purchases: number; total: string; last_paid_at: Date; first_paid_at: Date; last_plan_name: string }[]
    >(
      `SELECT * FROM (
         SELECT ${customerId('')} AS id,
                max(phone_masked) AS phone_masked, currency, count(*)::int AS purchases, sum(amount_minor)::bigint AS total,
                date_trunc('milliseconds', max(paid_at)) AS last_paid_at, min(paid_at) AS first_paid_at, (array_agg(plan_name ORDER BY paid_at DESC))[1] AS last_plan_name
           FROM payments WHERE ${where.join(' AND ')}
          GROUP BY provider_id, coalesce(phone, phone_masked), currency) c
       ${page} ORDER BY c.last_paid_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      phoneMasked: r.phone_masked,
      currency: r.currency,
      purchases: r.purchases,
      totalMinor: Number(r.total),
      lastPurchaseAt: new Date(r.last_paid_at),
      firstPurchaseAt: new Date(r.first_paid_at),
      lastPlanName: r.last_plan_name,
    }));
  }

  /** A buyer's phone (full when M-Pesa gave it, else null) and masked form, by the id `customers` gives; null = no such buyer. */
  async findCustomerPhone(providerId: string, buyerId: string): Promise<{ customerId: string; phone: string | null; phoneMasked: string | null } | null> {
    const rows = await this.dataSource.query<{ phone: string | null; phone_masked: string | null }[]>(
      `SELECT max(phone) AS phone, max(phone_masked) AS phone_masked FROM payments
        WHERE provider_id = $1 AND status = 'paid' AND coalesce(phone, phone_masked) IS NOT NULL AND ${customerId('')} = $2::uuid
       HAVING count(*) > 0`,
      [providerId, buyerId],
    );
    return rows[0] ? { customerId: buyerId, phone: rows[0].phone, phoneMasked: rows[0].phone_masked } : null;
  }

  /** One payment's phone and the id of its buyer (the `customers` id); null = no such payment. */
  async findPaymentPhone(providerId: string, paymentId: string): Promise<{ customerId: string | null; phone: string | null; phoneMasked: string | null } | null> {
    const rows = await this.dataSource.query<{ phone: string | null; phone_masked: string | null; customer_id: string | null }[]>(
      `SELECT phone, phone_masked, CASE WHEN coalesce(phone, phone_masked) IS NULL THEN NULL ELSE ${customerId('')} END AS customer_id
         FROM payments WHERE provider_id = $1 AND id = $2`,
      [providerId, paymentId],
    );
    return rows[0] ? { customerId: rows[0].customer_id, phone: rows[0].phone, phoneMasked: rows[0].phone_masked } : null;
  }

  /** Paid purchases of one buyer (id from `customers`), newest first. */
  async customerPurchases(providerId: string, id: string, limit: number): Promise<Payment[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM payments WHERE provider_id = $1 AND status = 'paid' AND ${customerId('')} = $2::uuid ORDER BY paid_at DESC, id DESC LIMIT $3`,
      [providerId, id, limit],
    );
    if (rows.length === 0) return [];
    const found = await this.dataSource.manager.find(Payment, { where: { providerId, id: In(rows.map((r) => r.id)) } });
    const order = new Map(rows.map((r, i) => [r.id, i]));
    return found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
}

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, affectedCount]. */
function affected(result: unknown[]): number {
  return Array.isArray(result[0]) && typeof result[1] === 'number' ? result[1] : result.length;
}
