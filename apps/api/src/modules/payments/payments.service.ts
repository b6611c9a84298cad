import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DARAJA_CLIENT, DarajaClient, describeResultCode, isDarajaError, toTransactionDesc } from '@wavu/daraja';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { clientKey } from '../../common/http/client-ip';
import { toMinor, toWhole } from '../../common/money';
import { decodeCursor, encodeCursor, Page, mapPage } from '../../common/pagination/page';
import { maskMsisdn, normaliseMsisdn } from '../../common/phone';
import { DAY_MS, nairobiDayRange, recentNairobiDays } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { VoucherSalesService, VouchersService } from '../vouchers';
import { CustomerDto, CustomerPurchasesDto, ListCustomersQueryDto } from './dto/customer.dto';
import { ListPaymentsQueryDto, mapPayment, PaymentDto } from './dto/payment.dto';
import { Payment, PaymentStatus } from './entities/payment.entity';
import { PaymentErrorCode, PaymentException } from './payments.exception';
import { CustomersRepository } from './customers.repository';
import { PaymentsRepository } from './payments.repository';
import { LedgerTotalRow, MethodTotalRow, ReportsRepository } from './reports.repository';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { PaymentSettingsService } from './payment-settings.service';
import { SettlementService } from './settlement.service';
import { mask } from './webhook-mask';

/** What the captive portal sends to start a purchase. */
export interface StartPurchaseInput {
  providerId: string;
  /** The router the customer is on (null = every router offering the plan). */
  routerId: string | null;
  planId: string;
  /** Any usual Kenyan form (0712…, +254712…, 254712…); anything else is a 400. */
  phone: string;
  /** The client's address (req.ip); counted by clientKey, so an IPv6 client by its /64. */
  clientIp: string | null;
  /** `<router id>:<MAC>` of the hotspot device, when the portal link named its MAC. */
  clientDevice?: string | null;
}

/** A purchase as the captive portal shows it. */
export interface PurchaseStatus {
  purchaseId: string;
  /** pending: waiting for the customer; paid: `voucher` is set; failed/cancelled: see resultCode; expired: no answer in time (a late payment is still honoured); flagged: held for review. */
  status: PaymentStatus;
  amount: number;
  currency: string;
  planId: string;
  planName: string;
  phone: string | null;
  paymentReference: string;
  /** true when an open push for the same phone was reused instead of sending another. */
  reused: boolean;
  resultCode: string | null;
  /** What to tell the customer (English; the portal has its own English and Swahili texts). */
  customerMessage: string | null;
  /** The customer may simply try again. */
  retryable: boolean;
  receipt: string | null;
  voucher: { id: string; code: string; password: string; loginUrl: string | null } | null;
  createdAt: Date;
}

/** Ledger numbers for the overview pages (docs/product.md §9); amounts in integer minor units per currency. */
export interface RevenueSummary {
  today: LedgerTotalRow[];
  last7Days: LedgerTotalRow[];
  last30Days: LedgerTotalRow[];
  /** one row per Nairobi day (oldest first, the last 30 days including today) and currency; days without sales are absent */
  daily: Array<LedgerTotalRow & { day: string }>;
  /** best-selling plans of the last 30 days (provider only; empty for the platform) */
  topPlans: Array<{ planId: string; planName: string; currency: string; count: number; grossMinor: number }>;
  /** the same ranges by method (M-Pesa STK, M-Pesa paybill, cash; every method listed) */
  byMethod: { today: MethodTotalRow[]; last7Days: MethodTotalRow[]; last30Days: MethodTotalRow[] };
}

export interface WebhookFailure {
  id: string;
  providerId: string | null;
  kind: string;
  outcome: string;
  detail: string | null;
  externalId: string | null;
  sourceIp: string | null;
  receivedAt: Date;
  /** the stored body with phones, names and secret-like fields masked */
  body: unknown;
}

export type RecoverInput = { providerId: string; receipt: string } | { providerId: string; phone: string; amount: number; day: string };

/**
 * The payments module's API for the captive portal and the dashboard: start an STK purchase,
 * follow it, recover it; list payments. Exported by PaymentsModule.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly repo: PaymentsRepository,
    private readonly reports: ReportsRepository,
    private readonly buyers: CustomersRepository,
    private readonly webhookLogs: WebhookLogsRepository,
    private readonly settings: PaymentSettingsService,
    private readonly settlement: SettlementService,
    private readonly vouchers: VouchersService,
    private readonly voucherSales: VoucherSalesService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Starts a purchase: reserves a voucher (its payment reference is the AccountReference),
   * records the payment and the push, then sends the STK push (outside any transaction).
   * An open push for the same phone and plan is reused; another plan answers 409.
   */
  async startPurchase(input: StartPurchaseInput): Promise<PurchaseStatus> {
    const phone = normaliseMsisdn(input.phone);
    if (!phone) throw CommonException.validation([{ field: 'phone', messages: ['phone must be a Kenyan mobile number such as 0712 345 678'] }]);
    const collection = await this.settings.collection(input.providerId);
    const now = this.clock.now();
    const { rateLimit, expireAfterSeconds } = this.config.payments;

    const created = await inTransaction(this.dataSource, async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:stk:${input.providerId}:${phone}`]);
      const open = await this.repo.findOpenPurchaseForPhone(input.providerId, phone, new Date(now.getTime() - expireAfterSeconds * 1000), manager);
      if (open) {
        if (open.planId === input.planId && open.routerId === (input.routerId ?? null)) return { payment: open, stk: null };
        throw new PaymentException(PaymentErrorCode.PAYMENT_PENDING_FOR_PHONE, 'A payment request is already open on this phone. Finish or cancel it first.');
      }
      const clientIp = input.clientIp ? clientKey(input.clientIp) : null;
      const clientDevice = input.clientDevice ?? null;
      const counts = await this.repo.countRecentPushes(manager, { providerId: input.providerId, phone, clientIp, clientDevice }, new Date(now.getTime() - rateLimit.windowSeconds * 1000));
      if (counts.byPhone >= rateLimit.perPhone || counts.byDevice >= rateLimit.perDevice || counts.byIp >= rateLimit.perIp) {
        throw new PaymentException(PaymentErrorCode.PAYMENT_RATE_LIMITED, 'Too many payment requests. Please wait a few minutes and try again.', undefined, {
          'Retry-After': String(rateLimit.windowSeconds),
        });
      }
      const reusable = await this.repo.findReusableFailedPurchase(input.providerId, phone, input.planId, input.routerId ?? null, new Date(now.getTime() - 86_400_000), manager);
      let voucher = reusable?.voucherId ? await this.vouchers.findByPaymentReference(input.providerId, reusable.paymentReference, manager) : null;
      if (!voucher || voucher.status !== 'available' || voucher.id !== reusable?.voucherId) {
        voucher = await this.voucherSales.reserveForPurchase(manager, input.providerId, { planId: input.planId, routerId: input.routerId, now });
      }
      if (voucher.currency !== 'KES') throw new PaymentException(PaymentErrorCode.PAYMENT_INVALID_AMOUNT, 'M-Pesa takes Kenyan shillings only');
      const payment = await this.repo.insertPayment(manager, {
        providerId: input.providerId,
        source: 'stk',
        status: 'pending',
        collectionMode: collection.mode,
        shortcode: collection.shortcode,
        amountMinor: voucher.priceMinor,
        currency: voucher.currency,
        commissionRateBp: collection.commissionRateBp,
        phone,
        phoneMasked: maskMsisdn(phone),
        clientIp,
        clientDevice,
        paymentReference: voucher.paymentReference,
        planId: voucher.planId,
        planName: voucher.planName,
        routerId: input.routerId ?? null,
        voucherId: voucher.id,
      });
      const stk = await this.repo.insertStkRequest(manager, {
        providerId: input.providerId,
        paymentId: payment.id,
        status: 'initiated',
        phone,
        amount: toWhole(voucher.priceMinor, voucher.currency),
        shortcode: collection.shortcode,
        accountReference: voucher.paymentReference,
        callbackSecretVersion: collection.callbackSecretVersion,
      });
      return { payment, stk };
    });
    const { payment, stk } = created;
    if (!stk) return this.toStatus(payment, true);

    try {
      const pushed = await this.daraja.stkPush(collection.merchant, {
        amount: stk.amount,
        phoneNumber: phone,
        callbackUrl: collection.stkCallbackUrl,
        accountReference: stk.accountReference,
        transactionDesc: toTransactionDesc(payment.planName),
        at: now,
      });
      await this.repo.markPushAccepted(stk.id, {
        checkoutRequestId: pushed.checkoutRequestId,
        merchantRequestId: pushed.merchantRequestId,
        nextQueryAt: new Date(this.clock.now().getTime() + this.config.payments.queryAfterSeconds * 1000),
      });
      this.logger.log({ paymentId: payment.id, phone: maskMsisdn(phone), amount: stk.amount }, 'STK push sent');
    } catch (error) {
      const code = isDarajaError(error) ? error.code : 'UNAVAILABLE';
      const desc = isDarajaError(error) ? `${error.errorCode ?? error.code} ${error.errorMessage ?? ''}`.trim().slice(0, 200) : 'push failed';
      await inTransaction(this.dataSource, async (manager) => {
        await this.repo.updateStk(manager, stk.id, { status: 'error', error: desc, resolvedAt: this.clock.now() });
        await this.repo.updatePayment(manager, payment.id, { status: 'failed', resultCode: isDarajaError(error) ? error.errorCode : null, resultDesc: desc });
      });
      this.logger.warn({ paymentId: payment.id, code }, 'STK push refused');
      if (code === 'SUBSCRIBER_LOCKED')
        throw new PaymentException(PaymentErrorCode.PAYMENT_PENDING_FOR_PHONE, 'Another M-Pesa request is open on your phone. Finish it or wait a minute, then try again.');
      if (code === 'VALIDATION' && isDarajaError(error) && /phone|party/i.test(error.field ?? '')) {
        throw CommonException.validation([{ field: 'phone', messages: ['M-Pesa does not accept this phone number'] }]);
      }
      if (isDarajaError(error) && error.retryable) throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_UNAVAILABLE, 'M-Pesa is not answering right now. Please try again in a minute.');
      throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_REJECTED, 'M-Pesa refused the payment request. Please contact the hotspot provider.');
    }
    // a callback may have raced ahead of the CheckoutRequestID being stored: apply it now
    const fresh = (await this.repo.findStkForPayment(input.providerId, payment.id))!;
    for (const log of await this.webhookLogs.findUnappliedStkLogs(input.providerId, fresh.checkoutRequestId!)) {
      await this.settlement.processStkLog(log.id, input.providerId, log.body);
    }
    return this.purchaseStatus(input.providerId, payment.id);
  }

  /** The state of a purchase; when paid, with the voucher's login. Unknown or other providers' ids: 404. */
  async purchaseStatus(providerId: string, purchaseId: string): Promise<PurchaseStatus> {
    const payment = await this.repo.findPayment(providerId, purchaseId);
    if (!payment) throw PaymentException.notFound();
    return this.toStatus(payment, false);
  }

  /** "Recover my purchase": by M-Pesa receipt, or by phone + amount (whole KES) + day (YYYY-MM-DD, Nairobi). */
  async recover(input: RecoverInput): Promise<PurchaseStatus[]> {
    if ('receipt' in input) {
      const found = await this.repo.findPaidByReceipt(input.providerId, input.receipt);
      return found ? [await this.toStatus(found, false)] : [];
    }
    const phone = normaliseMsisdn(input.phone);
    if (!phone) throw CommonException.validation([{ field: 'phone', messages: ['phone must be a Kenyan mobile number'] }]);
    const day = nairobiDayRange(input.day);
    if (!day) throw CommonException.validation([{ field: 'day', messages: ['day must be YYYY-MM-DD'] }]);
    const rows = await this.repo.findPaidByPhoneAmount(input.providerId, phone, toMinor(input.amount, 'KES'), day.from, day.to);
    return Promise.all(rows.map((p) => this.toStatus(p, false)));
  }

  async list(providerId: string, query: ListPaymentsQueryDto): Promise<Page<PaymentDto>> {
    const { limit, cursor, from, to, ...rest } = query;
    const page = await this.repo.listPayments(providerId, { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }, { limit, cursor });
    return mapPage(page, mapPayment);
  }

  // ---- dashboards ------------------------------------------------------------------------

  /** Revenue today / 7 days / 30 days (Nairobi calendar days, today included), per day, top plans. `providerId` null = platform. */
  async revenueSummary(providerId: string | null, now: Date = this.clock.now()): Promise<RevenueSummary> {
    const [day, week, month] = [recentNairobiDays(now, 1), recentNairobiDays(now, 7), recentNairobiDays(now, 30)];
    const [today, last7Days, last30Days, daily, topPlans, methodsToday, methods7, methods30] = await Promise.all([
      this.reports.ledgerTotals(providerId, day.from, day.to),
      this.reports.ledgerTotals(providerId, week.from, week.to),
      this.reports.ledgerTotals(providerId, month.from, month.to),
      this.reports.ledgerDaily(providerId, month.from, month.to),
      providerId ? this.reports.topPlans(providerId, month.from, month.to, 5) : Promise.resolve([]),
      this.reports.ledgerByMethod(providerId, day.from, day.to),
      this.reports.ledgerByMethod(providerId, week.from, week.to),
      this.reports.ledgerByMethod(providerId, month.from, month.to),
    ]);
    return { today, last7Days, last30Days, daily, topPlans, byMethod: { today: methodsToday, last7Days: methods7, last30Days: methods30 } };
  }

  /** Payments started in the last `days` days: paid vs unsuccessful (success rate = paid / (paid + unsuccessful)). */
  paymentOutcomes(providerId: string | null, days: number, now: Date = this.clock.now()) {
    return this.reports.paymentOutcomes(providerId, new Date(now.getTime() - days * DAY_MS), now);
  }

  /**
   * The payments side of the super admin's per-provider performance report over [from, to), in a
   * fixed number of grouped queries whatever the number of providers: ledger totals per provider
   * and currency, STK outcomes (per provider and all together), latest sale ever, collection mode.
   */
  async performanceByProvider(providerIds: string[], from: Date, to: Date) {
    const [ledger, stk, lastSale, modes] = await Promise.all([
      this.reports.ledgerByProvider(providerIds, from, to),
      this.reports.stkOutcomesByProvider(providerIds, from, to),
      this.reports.lastSaleByProvider(providerIds),
      this.settings.modes(providerIds),
    ]);
    return { ledger, stk, lastSale, modes };
  }

  /** Daraja webhooks of the last `days` days: handled vs failed. */
  webhookOutcomes(days: number, now: Date = this.clock.now()) {
    return this.reports.webhookOutcomes(new Date(now.getTime() - days * DAY_MS), now);
  }

  /** The newest failed or stuck webhooks of the last 7 days, bodies masked. */
  async recentWebhookFailures(limit = 20, now: Date = this.clock.now()): Promise<WebhookFailure[]> {
    return (await this.reports.recentWebhookFailures(now, limit)).map((w) => ({
      id: w.id,
      providerId: w.providerId,
      kind: w.kind,
      outcome: w.outcome,
      detail: w.detail,
      externalId: w.externalId,
      sourceIp: w.sourceIp,
      receivedAt: w.createdAt,
      body: mask(w.body),
    }));
  }

  /** Buyers by phone (masked): purchases, totals, first/last purchase; search by phone, last digits or receipt. */
  async customers(providerId: string, query: ListCustomersQueryDto): Promise<Page<CustomerDto>> {
    const limit = query.limit ?? 20;
    const search = query.search?.trim();
    const filter: { phone?: string; digits?: string; receipt?: string } = {};
    if (search) {
      const phone = normaliseMsisdn(search);
      const digits = search.replace(/\D/g, '');
      if (phone) filter.phone = phone;
      else if (/^\d{3,}$/.test(search.replace(/[\s+-]/g, ''))) filter.digits = digits;
      else filter.receipt = search.replace(/\s/g, '').toUpperCase();
    }
    const rows = await this.buyers.customers(providerId, filter, limit + 1, query.cursor ? decodeCursor(query.cursor) : null);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((c) => ({
        id: c.id,
        phone: c.phoneMasked,
        purchases: c.purchases,
        stkPurchases: c.stkPurchases,
        paybillPurchases: c.paybillPurchases,
        total: toWhole(c.totalMinor, c.currency as Payment['currency']),
        currency: c.currency,
        firstPurchaseAt: c.firstPurchaseAt.toISOString(),
        lastPurchaseAt: c.lastPurchaseAt.toISOString(),
        lastPlanName: c.lastPlanName,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ t: last.lastPurchaseAt.toISOString(), id: last.id }) : null,
    };
  }

  /** One buyer's paid purchases (404 when the id is not a buyer of this provider). */
  async customerPurchases(providerId: string, customerId: string): Promise<CustomerPurchasesDto> {
    const payments = await this.buyers.customerPurchases(providerId, customerId, 100);
    if (payments.length === 0) throw new PaymentException(PaymentErrorCode.CUSTOMER_NOT_FOUND, 'Customer not found');
    return { items: payments.map(mapPayment) };
  }

  /**
   * How this provider collects M-Pesa money, for the getting-started checklist: read without
   * creating the settings row. `ownAccountVerified`: own-account mode whose last credential test passed.
   */
  async collectionSetup(providerId: string): Promise<{ mode: 'platform' | 'own_account' | null; platformAvailable: boolean; ownAccountVerified: boolean }> {
    const row = await this.settings.findRow(providerId);
    return { mode: row?.mode ?? null, platformAvailable: this.config.payments.platform !== null, ownAccountVerified: row?.mode === 'own_account' && row.lastTestOk === true };
  }

  async get(providerId: string, id: string): Promise<PaymentDto> {
    const payment = await this.repo.findPayment(providerId, id);
    if (!payment) throw PaymentException.notFound();
    return mapPayment(payment);
  }

  private async toStatus(payment: Payment, reused: boolean): Promise<PurchaseStatus> {
    const info = payment.resultCode && payment.status !== 'paid' ? describeResultCode(payment.resultCode) : null;
    let voucher: PurchaseStatus['voucher'] = null;
    if (payment.status === 'paid' && payment.voucherId) {
      const creds = await this.vouchers.getCredentials(payment.providerId, payment.voucherId);
      voucher = { id: payment.voucherId, code: creds.code, password: creds.password, loginUrl: creds.loginUrl };
    }
    const message =
      payment.status === 'paid'
        ? 'Payment received. Thank you!'
        : payment.status === 'expired'
          ? 'We did not get an answer from M-Pesa in time. If you paid, your voucher appears here shortly, or use "Recover my purchase" with the M-Pesa message.'
          : payment.status === 'flagged'
            ? 'This payment needs a check by the hotspot provider.'
            : (info?.customerMessage.en ?? (payment.status === 'failed' ? 'The payment did not go through. Please try again.' : null));
    return {
      purchaseId: payment.id,
      status: payment.status,
      amount: toWhole(payment.amountMinor, payment.currency),
      currency: payment.currency,
      planId: payment.planId,
      planName: payment.planName,
      phone: payment.phoneMasked,
      paymentReference: payment.paymentReference,
      reused,
      resultCode: payment.resultCode,
      customerMessage: message,
      retryable: payment.status === 'failed' || payment.status === 'cancelled' || payment.status === 'expired' ? (info?.retryable ?? true) : false,
      receipt: payment.receipt,
      voucher,
      createdAt: payment.createdAt,
    };
  }
}
