import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PageQueryDto, Page, paginate } from '../../common/pagination/page';
import { affected } from './affected-rows';
import { Payment, PaymentSource, PaymentStatus } from './entities/payment.entity';
import { PaymentSettings } from './entities/payment-settings.entity';
import { StkRequest } from './entities/stk-request.entity';
import { RawRows } from '../../database/raw-rows';
import { preparedQuery } from '../../database/prepared';

/** A push with its payment, as the paid-callback path reads them (docs/mpesa.md "The paid-callback path"). */
export interface PushAndPayment {
  stk: StkRequest;
  payment: Payment;
}

/** What a settlement writes in its one statement: the payment paid, its ledger entry, and optionally the push and the webhook log. */
export interface PaidSettlement {
  payment: Pick<Payment, 'id' | 'providerId' | 'source' | 'collectionMode' | 'amountMinor' | 'commissionRateBp' | 'currency' | 'planId' | 'planName' | 'routerId' | 'paymentReference'>;
  settledVia: Payment['settledVia'];
  receipt: string | null;
  paidAt: Date;
  voucherId: string | null;
  flagReason: string | null;
  commissionMinor: number;
  netMinor: number;
  phoneMasked: string | null;
  /** the push resolved as paid by this result (callback, query or statement line) */
  stk?: { id: string; receipt: string | null; resolvedBy: 'callback' | 'query' | 'statement'; at: Date; callbackAt: Date | null };
  /** the webhook log row of the callback being applied, finished in the same statement (masked body) */
  log?: { id: string; outcome: string; detail: string; durationMs: number; maskedBody: unknown };
}

/** A push and its payment as locked for a callback, with the payment already holding the callback's receipt (if any). */
export type LockedPushAndPayment = PushAndPayment & { receiptOwner: string | null };

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

/** Payments and their STK pushes: purchases, settlement, reconciliation and look-ups (docs/architecture.md rules 1 and 3). */
@Injectable()
export class PaymentsRepository {
  private readonly stkRows: RawRows<StkRequest>;
  private readonly paymentRows: RawRows<Payment>;
  private readonly settingsRows: RawRows<PaymentSettings>;
  private readonly pushAndPaymentSelect: string;
  /** The paid-callback path's statements, built once (prepared statements are named after their text). */
  private readonly settingsAndPushSql: string;
  private readonly lockPushesSql: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.stkRows = new RawRows(dataSource, StkRequest);
    this.paymentRows = new RawRows(dataSource, Payment);
    this.settingsRows = new RawRows(dataSource, PaymentSettings);
    this.pushAndPaymentSelect = `SELECT ${this.stkRows.select('s')}, ${this.paymentRows.select('p')} FROM stk_requests s JOIN payments p ON p.id = s.payment_id`;
    this.settingsAndPushSql = `SELECT ${this.settingsRows.select('st')}, pp.* FROM payment_settings st
         LEFT JOIN LATERAL (${this.pushAndPaymentSelect} WHERE s.provider_id = st.provider_id AND s.checkout_request_id = $2) pp ON true
        WHERE st.provider_id = $1`;
    this.lockPushesSql = `${this.pushAndPaymentSelect.replace(' FROM ', `, (SELECT o.id FROM payments o WHERE o.shortcode = p.shortcode AND o.receipt = k.receipt AND o.id <> p.id LIMIT 1) AS receipt_owner FROM `)}
         JOIN unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS k(provider_id, checkout_request_id, receipt) ON s.provider_id = k.provider_id AND s.checkout_request_id = k.checkout_request_id
        ORDER BY s.id FOR UPDATE OF s, p`;
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

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

  /**
   * What an STK callback's secret check reads, in one statement: the provider's payment settings
   * (null: none) and, when the callback names a CheckoutRequestID, that push with its payment.
   */
  async findSettingsAndPush(providerId: string, checkoutRequestId: string | null): Promise<{ settings: PaymentSettings | null; push: PushAndPayment | null }> {
    const [row] = await preparedQuery(this.dataSource, this.settingsAndPushSql, [providerId, checkoutRequestId]);
    if (!row) return { settings: null, push: null };
    return { settings: this.settingsRows.read(row, 'st'), push: row['s.id'] ? { stk: this.stkRows.read(row, 's'), payment: this.paymentRows.read(row, 'p') } : null };
  }

  /** The push of a CheckoutRequestID with its payment, not locked (the secret check and the decisions taken before a transaction). */
  async findPushAndPayment(providerId: string, checkoutRequestId: string): Promise<PushAndPayment | null> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(`${this.pushAndPaymentSelect} WHERE s.provider_id = $1 AND s.checkout_request_id = $2`, [providerId, checkoutRequestId]);
    return row ? { stk: this.stkRows.read(row, 's'), payment: this.paymentRows.read(row, 'p') } : null;
  }

  /**
   * The push and its payment, both locked in one statement (push first, then payment: the order
   * every path takes), with the id of another payment that already holds `receipt` on the same
   * shortcode. A payment committing that receipt while we waited for the lock is not seen here;
   * uq_payments_shortcode_receipt then fails the settlement, which the reconciliation job replays.
   */
  async lockPushAndPayment(manager: EntityManager, providerId: string, checkoutRequestId: string, receipt: string | null): Promise<LockedPushAndPayment | null> {
    return (await this.lockPushesAndPayments(manager, [{ providerId, checkoutRequestId, receipt }]))[0] ?? null;
  }

  /**
   * lockPushAndPayment for a group of callbacks (any providers) in one statement, locked in push id
   * order so two groups never wait for each other in a circle. One row per push found.
   */
  async lockPushesAndPayments(manager: EntityManager, keys: Array<{ providerId: string; checkoutRequestId: string; receipt: string | null }>): Promise<LockedPushAndPayment[]> {
    if (keys.length === 0) return [];
    const rows = await preparedQuery(manager, this.lockPushesSql, [keys.map((k) => k.providerId), keys.map((k) => k.checkoutRequestId), keys.map((k) => k.receipt)]);
    return rows.map((row) => ({ stk: this.stkRows.read(row, 's'), payment: this.paymentRows.read(row, 'p'), receiptOwner: (row.receipt_owner as string | null) ?? null }));
  }

  /**
   * Settlements in one statement (any providers): each payment marked paid, its ledger entry (at
   * most one per payment: uq_ledger_entries_payment), and when given its push resolved as paid and
   * its webhook log's outcome. The vouchers were sold just before, in the same transaction.
   */
  async settlePaidMany(manager: EntityManager, xs: PaidSettlement[]): Promise<void> {
    if (xs.length === 0) return;
    const rows = xs.map(({ payment: p, ...x }) => ({
      id: p.id,
      provider_id: p.providerId,
      source: p.source,
      collection_mode: p.collectionMode,
      gross_minor: p.amountMinor,
      commission_rate_bp: p.commissionRateBp,
      currency: p.currency,
      plan_id: p.planId,
      plan_name: p.planName,
      router_id: p.routerId,
      payment_reference: p.paymentReference,
      settled_via: x.settledVia,
      receipt: x.receipt,
      paid_at: x.paidAt,
      voucher_id: x.voucherId,
      flag_reason: x.flagReason,
      commission_minor: x.commissionMinor,
      net_minor: x.netMinor,
      phone_masked: x.phoneMasked,
      stk_id: x.stk?.id ?? null,
      stk_receipt: x.stk?.receipt ?? null,
      stk_resolved_by: x.stk?.resolvedBy ?? null,
      stk_at: x.stk?.at ?? null,
      stk_callback_at: x.stk?.callbackAt ?? null,
      log_id: x.log?.id ?? null,
      log_outcome: x.log?.outcome ?? null,
      log_detail: x.log?.detail.slice(0, 500) ?? null,
      log_duration_ms: x.log?.durationMs ?? null,
      log_body: x.log?.maskedBody ?? null,
    }));
    // each `… = ANY(ARRAY(SELECT … FROM x))`: the rows found by their key (PostgreSQL guesses 100 rows
    // for any jsonb_to_recordset and would scan whole tables of a young platform to join them)
    await preparedQuery(
      manager,
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, provider_id uuid, source varchar, collection_mode varchar, gross_minor bigint, commission_rate_bp int,
                    currency varchar, plan_id uuid, plan_name varchar, router_id uuid, payment_reference varchar, settled_via varchar, receipt varchar, paid_at timestamptz,
                    voucher_id uuid, flag_reason varchar, commission_minor bigint, net_minor bigint, phone_masked varchar, stk_id uuid, stk_receipt varchar,
                    stk_resolved_by varchar, stk_at timestamptz, stk_callback_at timestamptz, log_id uuid, log_outcome varchar, log_detail varchar, log_duration_ms int, log_body jsonb)),
       pay AS (UPDATE payments p SET status = 'paid', settled_via = x.settled_via, receipt = COALESCE(x.receipt, p.receipt), paid_at = x.paid_at,
                 voucher_id = COALESCE(x.voucher_id, p.voucher_id), result_code = '0', result_desc = NULL, flag_reason = x.flag_reason, updated_at = now()
                 FROM x WHERE p.id = x.id AND p.id = ANY(ARRAY(SELECT id FROM x)) RETURNING p.id, p.receipt),
       led AS (INSERT INTO ledger_entries (provider_id, payment_id, source, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency,
                 receipt, phone_masked, plan_id, plan_name, router_id, voucher_id, occurred_at)
               SELECT x.provider_id, pay.id, x.source, x.collection_mode, x.gross_minor, x.commission_rate_bp, x.commission_minor, x.net_minor, x.currency,
                 pay.receipt, x.phone_masked, x.plan_id, x.plan_name, x.router_id, x.voucher_id, x.paid_at FROM pay JOIN x ON x.id = pay.id
             ON CONFLICT DO NOTHING RETURNING id),
       stk AS (UPDATE stk_requests s SET status = 'paid', receipt = COALESCE(x.stk_receipt, s.receipt), result_code = '0', result_desc = NULL, resolved_by = x.stk_resolved_by,
                 resolved_at = x.stk_at, next_query_at = NULL, callback_at = x.stk_callback_at, updated_at = now()
                 FROM x WHERE s.id = x.stk_id AND s.id = ANY(ARRAY(SELECT stk_id FROM x)) RETURNING s.id),
       log AS (UPDATE webhook_logs l SET outcome = x.log_outcome, detail = x.log_detail, duration_ms = x.log_duration_ms, processed_at = now(), body = x.log_body,
                 payment_id = COALESCE(l.payment_id, x.id), payment_reference = COALESCE(l.payment_reference, x.payment_reference)
                 FROM x WHERE l.id = x.log_id AND l.id = ANY(ARRAY(SELECT log_id FROM x)) RETURNING l.id)
       SELECT (SELECT count(*) FROM pay) AS paid, (SELECT count(*) FROM led) AS ledger, (SELECT count(*) FROM stk) AS pushes, (SELECT count(*) FROM log) AS logs`,
      [JSON.stringify(rows)],
    );
  }

  /** The push row, locked: concurrent callbacks/queries for one checkout serialise here. */
  lockStkByCheckout(manager: EntityManager, providerId: string, checkoutRequestId: string): Promise<StkRequest | null> {
    return manager
      .createQueryBuilder(StkRequest, 's')
      .setLock('pessimistic_write')
      .where('s.provider_id = :providerId AND s.checkout_request_id = :checkoutRequestId', { providerId, checkoutRequestId })
      .getOne();
  }

  /** The push adoptOrphanPush would take, not locked: the STK Query confirms the callback before it is adopted. */
  async findOrphanPush(providerId: string, phone: string, amount: number): Promise<StkRequest | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM stk_requests
        WHERE provider_id = $1 AND checkout_request_id IS NULL AND phone = $2 AND amount = $3
          AND status IN ('initiated', 'expired') AND created_at > now() - interval '24 hours'
        ORDER BY created_at LIMIT 1`,
      [providerId, phone, amount],
    );
    return rows.length ? this.dataSource.manager.findOne(StkRequest, { where: { id: rows[0].id } }) : null;
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
  /** STK purchases since `since` for this phone (this provider), this device and this client IP (every provider). */
  async countRecentPushes(
    manager: EntityManager,
    input: { providerId: string; phone: string; clientIp: string | null; clientDevice: string | null },
    since: Date,
  ): Promise<{ byPhone: number; byDevice: number; byIp: number }> {
    const [row] = await manager.query<{ by_phone: number; by_device: number; by_ip: number }[]>(
      `SELECT (SELECT count(*)::int FROM payments WHERE provider_id = $1 AND phone = $2 AND source = 'stk' AND created_at > $5) AS by_phone,
              (SELECT count(*)::int FROM payments WHERE client_device = $3 AND source = 'stk' AND created_at > $5) AS by_device,
              (SELECT count(*)::int FROM payments WHERE client_ip = $4 AND source = 'stk' AND created_at > $5) AS by_ip`,
      [input.providerId, input.phone, input.clientDevice, input.clientIp, since],
    );
    return { byPhone: row.by_phone, byDevice: input.clientDevice ? row.by_device : 0, byIp: input.clientIp ? row.by_ip : 0 };
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

  /**
   * Open STK purchases of platform-collection providers on a shortcode for an amount, started since
   * `since`: the candidates a payment without an account number (a till, or a paybill with the
   * account left empty) is matched against by phone (at most `limit`; more is ambiguous anyway).
   */
  findOpenPlatformPurchases(manager: EntityManager, shortcode: string, amountMinor: number, since: Date, limit = 50): Promise<Payment[]> {
    return manager
      .createQueryBuilder(Payment, 'p')
      .where(
        `p.shortcode = :shortcode AND p.amount_minor = :amountMinor AND p.source = 'stk' AND p.status IN ('pending', 'expired') AND p.collection_mode = 'platform' AND p.created_at > :since AND p.phone IS NOT NULL`,
        { shortcode, amountMinor, since },
      )
      .orderBy('p.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** A payment of any provider, locked (the super admin resolving money that reached no provider). */
  lockPaymentAnyProvider(manager: EntityManager, id: string): Promise<Payment | null> {
    return manager.createQueryBuilder(Payment, 'p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
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
}
