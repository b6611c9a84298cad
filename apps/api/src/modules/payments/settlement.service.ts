import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DARAJA_CLIENT, DarajaClient, describeResultCode, isDarajaError, maskCheckoutRequestId, parseStkCallback, StkCallbackSuccess } from '@wavu/daraja';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { toWhole } from '../../common/money';
import { maskMsisdn } from '../../common/phone';
import { inTransaction } from '../../database/transaction';
import { CustomerSmsService } from '../sms';
import { IssuedVoucher, VoucherException, VoucherSalesService, VoucherSummary } from '../vouchers';
import { Collection, PaymentSettingsService } from './payment-settings.service';
import type { CollectionMode } from './entities/payment-settings.entity';
import { splitCommission } from './commission';
import { Payment, SettledVia } from './entities/payment.entity';
import { StkRequest } from './entities/stk-request.entity';
import { WebhookOutcome } from './entities/webhook-log.entity';
import { LedgerRepository } from './ledger.repository';
import { PaidSettlement, PaymentsRepository, PushAndPayment } from './payments.repository';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { mask } from './webhook-mask';
import { decideStk, isOpen } from './stk-state';

/** What a payment waiting for Daraja's confirmation of a success callback shows (payment `resultDesc`). */
const AWAITING_CONFIRMATION = 'Success reported; waiting for M-Pesa to confirm it';

type QueryConfirmation = { kind: 'paid' | 'unknown'; detail: string } | { kind: 'not_paid'; detail: string; resultCode: string; resultDesc: string };

/**
 * What we learned about a push: from a callback (with receipt and amount), a query (neither) or a
 * statement line (receipt, amount and the time the money moved, from Pull Transactions or an
 * uploaded org-portal statement).
 */
export type StkResult =
  | { kind: 'success'; receipt: string | null; amount: number | null; via: 'callback' | 'query' | 'statement'; paidAt?: Date }
  | { kind: 'failure'; resultCode: string; resultDesc: string; via: 'callback' | 'query' };

export interface SettleInput {
  receipt: string | null;
  buyerPhone: string | null;
  /** when the sale happens (voucher sold now, validity from now) */
  now: Date;
  via: SettledVia;
  /** when the money moved, if earlier than `now` (a statement line): the payment's paidAt and the ledger's occurredAt */
  paidAt?: Date;
}

export interface Applied {
  outcome: WebhookOutcome;
  detail: string | null;
  /** the outcome is already on the webhook log row (written in the settlement's transaction); its push started at `pushedAt` */
  logged?: { pushedAt: Date };
}

/** The logged callback being applied: its outcome is written in the settlement's own statement. */
export interface CallbackLog {
  id: string;
  body: unknown;
  started: number;
  /** the push and payment read before the log was written (the secret check); undefined = not read yet */
  push?: PushAndPayment | null;
}

/** A payment to settle (settleMany), with the push it resolves and the callback's log it finishes. */
interface SettleItem {
  payment: Payment;
  input: SettleInput;
  stk?: PaidSettlement['stk'];
  log?: CallbackLog;
}

/** A result that is a sale: settled with the others of its group; `pushedAt` for the push-to-callback metric. */
interface Sale {
  sale: SettleItem;
  pushedAt: Date;
}

/** A result applied to a push that was locked together with its payment (the paid-callback path). */
interface LockedPush {
  payment: Payment;
  receiptOwner: string | null;
  log?: CallbackLog;
}

/**
 * Applies payment results in one transaction: the push row is locked FOR UPDATE, the state
 * machine decides, a success sells/issues the voucher through VoucherSalesService (which queues
 * provisioning in the same transaction) and writes the ledger entry. Idempotent.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly repo: PaymentsRepository,
    private readonly ledger: LedgerRepository,
    private readonly webhookLogs: WebhookLogsRepository,
    private readonly vouchers: VoucherSalesService,
    private readonly settings: PaymentSettingsService,
    private readonly customerSms: CustomerSmsService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly live?: LiveUpdatesBus,
  ) {}

  /** Processes a logged STK callback body for a provider and records the outcome on the log row. */
  async processStkLog(logId: string, providerId: string, body: unknown, started = Date.now(), push?: PushAndPayment | null): Promise<Applied> {
    let applied: Applied;
    try {
      applied = await this.applyStkCallback(providerId, body, { id: logId, body, started, push });
    } catch (error) {
      this.logger.error({ err: error, logId }, 'STK callback processing failed (kept for the reconciliation job)');
      applied = { outcome: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
    if (applied.logged) this.webhookLogs.countOutcome('stk', applied.outcome, applied.logged.pushedAt);
    else await this.webhookLogs.finishWebhookLog(logId, applied.outcome, applied.detail, Date.now() - started, body);
    return applied;
  }

  /**
   * A success callback for a push already paid, with this very receipt and amount, whose callback
   * was seen before: paid is final, so nothing can change. Decided from the committed rows without
   * a transaction (the outcome the locked path would give: `duplicate`).
   */
  settledEcho(push: PushAndPayment, body: unknown): Applied | null {
    const { stk, payment } = push;
    if (stk.status !== 'paid' || payment.status !== 'paid' || !stk.callbackAt || !stk.receipt) return null;
    const parsed = parseStkCallback(body);
    if (parsed.kind !== 'success' || parsed.amount === null || parsed.checkoutRequestId !== stk.checkoutRequestId) return null;
    return parsed.receipt === stk.receipt && Math.round(parsed.amount) === stk.amount ? { outcome: 'duplicate', detail: 'duplicate success' } : null;
  }

  /**
   * Applies an STK callback. A failure is applied as it comes. A success is only a claim (the
   * callback is unsigned): without MpesaReceiptNumber or Amount it settles nothing and the push is
   * left for the STK Query; under platform collection (the platform owes the provider that money),
   * for an expired push and for a push whose CheckoutRequestID we never stored, Daraja's STK Query
   * must confirm it first (docs/mpesa.md §8).
   */
  async applyStkCallback(providerId: string, body: unknown, log?: CallbackLog): Promise<Applied> {
    const parsed = parseStkCallback(body);
    if (parsed.kind === 'invalid') return { outcome: 'ignored', detail: parsed.reason };
    if (parsed.kind === 'failure') {
      const failure: StkResult = { kind: 'failure', resultCode: parsed.resultCode, resultDesc: parsed.resultDesc, via: 'callback' };
      return inTransaction(this.dataSource, async (manager) => {
        const stk = await this.repo.lockStkByCheckout(manager, providerId, parsed.checkoutRequestId);
        return stk ? this.applyStk(manager, stk, failure) : { outcome: 'ignored', detail: 'unknown CheckoutRequestID' };
      });
    }
    const missing = !parsed.receipt ? 'MpesaReceiptNumber' : parsed.amount === null ? 'Amount' : null;
    if (missing) {
      await this.queryNow(providerId, parsed.checkoutRequestId);
      return { outcome: 'flagged', detail: `success without ${missing}: not settled, left for the STK query` };
    }
    const result: StkResult = { kind: 'success', receipt: parsed.receipt, amount: parsed.amount, via: 'callback' };
    // the secret check read the push already (same CheckoutRequestID): not read twice
    const known =
      log?.push !== undefined && (log.push === null || log.push.stk.checkoutRequestId === parsed.checkoutRequestId)
        ? log.push
        : await this.repo.findPushAndPayment(providerId, parsed.checkoutRequestId);
    if (!known) return this.adoptOrphan(providerId, parsed, result);
    const { stk: push, payment: unlocked } = known;
    if (needsQuery(known)) {
      const confirmed = await this.confirmByQuery(push, unlocked.collectionMode);
      if (confirmed.kind !== 'paid') return this.unconfirmed(push.id, confirmed);
    }
    // push + payment locked in one statement; a sale writes payment, ledger, push and log outcome in one more
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.repo.lockPushAndPayment(manager, providerId, parsed.checkoutRequestId, result.receipt);
      if (!locked) return { outcome: 'ignored', detail: 'unknown CheckoutRequestID' };
      return this.applyStk(manager, locked.stk, result, { payment: locked.payment, receiptOwner: locked.receiptOwner, log });
    });
  }

  /**
   * A success for a CheckoutRequestID we never stored (the process died between Daraja accepting
   * the push and our saving its answer): the provider's push of that phone and amount without a
   * CheckoutRequestID is adopted only once Daraja's STK Query confirms that checkout was paid.
   */
  private async adoptOrphan(providerId: string, parsed: StkCallbackSuccess, result: StkResult): Promise<Applied> {
    if (!parsed.phoneNumber) return { outcome: 'ignored', detail: 'unknown CheckoutRequestID' };
    const amount = Math.round(parsed.amount!);
    const candidate = await this.repo.findOrphanPush(providerId, parsed.phoneNumber, amount);
    if (!candidate) return { outcome: 'ignored', detail: 'unknown CheckoutRequestID' };
    const payment = (await this.repo.findPayment(providerId, candidate.paymentId))!;
    const confirmed = await this.confirmByQuery({ ...candidate, checkoutRequestId: parsed.checkoutRequestId }, payment.collectionMode);
    if (confirmed.kind !== 'paid') {
      this.logger.warn({ stkId: candidate.id, answer: confirmed.kind }, 'success callback for an unknown CheckoutRequestID not confirmed by STK Query: not adopted');
      return { outcome: 'flagged', detail: `success for an unknown CheckoutRequestID not confirmed by STK Query (${confirmed.detail})` };
    }
    return inTransaction(this.dataSource, async (manager) => {
      const stk = await this.repo.adoptOrphanPush(manager, providerId, parsed, parsed.phoneNumber!, amount);
      if (!stk) return { outcome: 'ignored', detail: 'unknown CheckoutRequestID' };
      this.logger.warn({ stkId: stk.id, paymentId: stk.paymentId }, 'confirmed success matched to a push whose CheckoutRequestID was never stored');
      return this.applyStk(manager, stk, result);
    });
  }

  /** Asks Daraja whether a push was paid (outside any transaction). */
  private async confirmByQuery(stk: Pick<StkRequest, 'id' | 'providerId' | 'checkoutRequestId'>, mode: CollectionMode): Promise<QueryConfirmation> {
    try {
      const merchant = await this.settings.queryMerchant(stk.providerId, mode);
      const answer = await this.daraja.stkQuery(merchant, stk.checkoutRequestId!, this.clock.now());
      if (answer.status === 'pending') return { kind: 'unknown', detail: 'still processing' };
      if (answer.resultCode === '0') return { kind: 'paid', detail: 'paid' };
      return { kind: 'not_paid', detail: `result ${answer.resultCode}`, resultCode: answer.resultCode, resultDesc: answer.resultDesc };
    } catch (error) {
      const code = isDarajaError(error) ? error.code : 'ERROR';
      this.logger.warn({ stkId: stk.id, code }, 'STK Query to confirm a success callback failed; the reconciliation job asks again');
      return { kind: 'unknown', detail: `query failed: ${code}` };
    }
  }

  /**
   * A success callback Daraja did not confirm: nothing is settled. "Not paid" is applied as the
   * query's failure; "don't know yet" keeps the push open, due for the reconciliation job's query
   * at once. The callback's receipt is not kept: unverified, it could displace the real one (a
   * purchase paid through the query learns its receipt from the C2B echo or a statement, §10).
   */
  private unconfirmed(stkId: string, confirmed: QueryConfirmation): Promise<Applied> {
    return inTransaction(this.dataSource, async (manager) => {
      const stk = (await this.repo.lockStk(manager, stkId))!;
      if (confirmed.kind === 'not_paid') {
        await this.applyStk(manager, stk, { kind: 'failure', resultCode: confirmed.resultCode, resultDesc: confirmed.resultDesc, via: 'query' });
        this.logger.warn({ stkId, paymentId: stk.paymentId }, 'success callback contradicted by STK Query: nothing settled');
        return { outcome: 'flagged', detail: `success callback not confirmed: STK Query says ${confirmed.detail}` };
      }
      if (isOpen(stk.status)) {
        await this.repo.updateStk(manager, stk.id, { nextQueryAt: this.clock.now(), callbackAt: stk.callbackAt ?? this.clock.now() });
        await this.repo.updatePayment(manager, stk.paymentId, { resultDesc: AWAITING_CONFIRMATION });
      }
      return { outcome: 'flagged', detail: `success callback awaiting STK Query confirmation (${confirmed.detail})` };
    });
  }

  /** A success callback that cannot settle (no receipt or amount): the reconciliation job asks Daraja now. */
  private async queryNow(providerId: string, checkoutRequestId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const stk = await this.repo.lockStkByCheckout(manager, providerId, checkoutRequestId);
      if (stk && isOpen(stk.status) && stk.checkoutRequestId) await this.repo.updateStk(manager, stk.id, { nextQueryAt: this.clock.now() });
    });
  }

  /** Applies a result to a locked push row (callback or query); `locked`: its payment was locked with it. */
  async applyStk(manager: EntityManager, stk: StkRequest, result: StkResult, locked?: LockedPush): Promise<Applied> {
    return (await this.applyStks(manager, [{ stk, result, locked }]))[0];
  }

  /**
   * applyStk for several locked pushes (a group of callbacks, docs/mpesa.md "The paid-callback
   * path"): each result decided in order, the sales among them settled together (settleMany).
   * Each push at most once.
   */
  async applyStks(manager: EntityManager, items: Array<{ stk: StkRequest; result: StkResult; locked?: LockedPush }>): Promise<Applied[]> {
    const decided: Array<Applied | Sale> = [];
    // a receipt that two callbacks of the group carry is counted by the first (their rows are written after all decisions)
    const receipts = new Map<string, string>();
    for (const { stk, result, locked } of items) {
      const receiptKey = locked && result.kind === 'success' && result.receipt ? `${locked.payment.shortcode}:${result.receipt}` : null;
      const earlier = receiptKey ? receipts.get(receiptKey) : undefined;
      const decision = await this.decide(manager, stk, result, locked && earlier && !locked.receiptOwner ? { ...locked, receiptOwner: earlier } : locked);
      if (receiptKey && 'sale' in decision) receipts.set(receiptKey, decision.sale.payment.id);
      decided.push(decision);
    }
    const sales = decided.filter((d): d is Sale => 'sale' in d);
    // settleMany answers in the sales' order
    const vouchers = await this.settleMany(
      manager,
      sales.map((d) => d.sale),
    );
    return decided.map((d) => {
      if (!('sale' in d)) return d;
      const voucher = vouchers.shift() ?? null;
      return { outcome: 'processed', detail: settledDetail(voucher), logged: d.sale.log ? { pushedAt: d.pushedAt } : undefined };
    });
  }

  /** What a result does to a locked push: written here (failures, mismatches, duplicates), or a sale for settleMany. */
  private async decide(manager: EntityManager, stk: StkRequest, result: StkResult, locked?: LockedPush): Promise<Applied | Sale> {
    const now = this.clock.now();
    const payment = locked?.payment ?? (await this.repo.findPaymentForUpdate(manager, stk.providerId, stk.paymentId))!;
    const seen: Partial<StkRequest> = result.via === 'callback' && !stk.callbackAt ? { callbackAt: now } : {};

    if (result.kind === 'failure') {
      const decision = decideStk(stk.status, 'failure');
      if (decision.action === 'ignore') {
        if (Object.keys(seen).length) await this.repo.updateStk(manager, stk.id, seen);
        return { outcome: 'duplicate', detail: decision.reason };
      }
      await this.repo.updateStk(manager, stk.id, {
        ...seen,
        status: decision.next,
        resultCode: result.resultCode,
        resultDesc: result.resultDesc.slice(0, 200),
        resolvedBy: result.via,
        resolvedAt: now,
        nextQueryAt: null,
      });
      if (payment.status === 'pending' || payment.status === 'expired') {
        const info = describeResultCode(result.resultCode);
        await this.repo.updatePayment(manager, payment.id, {
          status: info.outcome === 'cancelled' ? 'cancelled' : 'failed',
          resultCode: result.resultCode,
          resultDesc: result.resultDesc.slice(0, 200),
        });
      }
      return { outcome: 'processed', detail: `result ${result.resultCode}` };
    }

    if (result.amount !== null && Math.round(result.amount) !== stk.amount) {
      const decision = decideStk(stk.status, 'mismatch');
      const reason = `amount mismatch: asked ${stk.amount}, callback says ${result.amount}`;
      this.logger.warn({ paymentId: payment.id, checkoutRequestId: maskCheckoutRequestId(stk.checkoutRequestId) }, reason);
      if (decision.action === 'apply') {
        await this.repo.updateStk(manager, stk.id, {
          ...seen,
          status: decision.next,
          receipt: result.receipt,
          resultCode: '0',
          resolvedBy: result.via,
          resolvedAt: now,
          nextQueryAt: null,
          error: reason,
        });
        if (payment.status !== 'paid') await this.repo.updatePayment(manager, payment.id, { status: 'flagged', flagReason: reason, resultCode: '0' });
      }
      return { outcome: 'flagged', detail: reason };
    }

    const decision = decideStk(stk.status, 'success');
    if (decision.action === 'ignore') {
      // a query-only success has no receipt: a later callback fills it in
      if (stk.status === 'paid' && result.receipt && !stk.receipt) {
        await this.repo.updateStk(manager, stk.id, { ...seen, receipt: result.receipt });
        if (payment.status === 'paid' && !payment.receipt) await this.fillInReceipt(manager, payment.id, result.receipt);
        return { outcome: 'duplicate', detail: 'receipt backfilled' };
      }
      if (Object.keys(seen).length) await this.repo.updateStk(manager, stk.id, seen);
      return { outcome: 'duplicate', detail: decision.reason };
    }
    if (stk.status === 'failed') this.logger.warn({ paymentId: payment.id }, 'success after a failure result: the success wins');
    const stkPaid = { id: stk.id, receipt: result.receipt ?? stk.receipt, resolvedBy: result.via, at: now, callbackAt: seen.callbackAt ?? stk.callbackAt };
    const markStkPaid = () =>
      this.repo.updateStk(manager, stk.id, {
        status: 'paid',
        receipt: stkPaid.receipt,
        resultCode: '0',
        resultDesc: null,
        resolvedBy: result.via,
        resolvedAt: now,
        nextQueryAt: null,
        callbackAt: stkPaid.callbackAt,
      });
    if (payment.status === 'paid') {
      await markStkPaid();
      return { outcome: 'duplicate', detail: 'payment already settled (C2B)' };
    }
    if (result.receipt) {
      const other = locked ? locked.receiptOwner : await this.receiptOwner(manager, payment, result.receipt);
      if (other) {
        const reason = `receipt ${result.receipt} already counted by payment ${other}`;
        await markStkPaid();
        await this.repo.updatePayment(manager, payment.id, { status: 'flagged', flagReason: reason, resultCode: '0' });
        return { outcome: 'duplicate', detail: reason };
      }
    }
    // the push is resolved in the settlement's statement (and the webhook log finished there, when there is one)
    return { sale: { payment, input: { receipt: result.receipt, buyerPhone: payment.phone, now, via: result.via, paidAt: result.paidAt }, stk: stkPaid, log: locked?.log }, pushedAt: stk.createdAt };
  }

  private async receiptOwner(manager: EntityManager, payment: Payment, receipt: string): Promise<string | null> {
    const other = await this.repo.findPaymentByReceipt(manager, payment.shortcode, receipt);
    return other && other.id !== payment.id ? other.id : null;
  }

  /** A payment settled without a receipt (through STK Query) learns it: on the payment and its ledger entry. */
  async fillInReceipt(manager: EntityManager, paymentId: string, receipt: string): Promise<void> {
    await this.repo.updatePayment(manager, paymentId, { receipt });
    await this.ledger.backfillLedgerReceipt(manager, paymentId, receipt);
  }

  /**
   * Money received on a paybill with a voucher's payment reference (a C2B confirmation, or a
   * statement line whose confirmation never came): records the payment and, unless `flag` says
   * why not (wrong amount, voucher gone), sells that voucher and writes the ledger entry.
   */
  async recordReferencePayment(
    manager: EntityManager,
    input: {
      providerId: string;
      voucher: VoucherSummary;
      collection: Pick<Collection, 'mode' | 'commissionRateBp'>;
      shortcode: string;
      receipt: string;
      amountMinor: number;
      phoneMasked: string | null;
      flag: string | null;
      via: SettledVia;
      now: Date;
      paidAt?: Date;
    },
  ): Promise<{ payment: Payment; voucher: IssuedVoucher | null }> {
    const { voucher, flag } = input;
    const payment = await this.repo.insertPayment(manager, {
      providerId: input.providerId,
      source: 'c2b',
      status: flag ? 'flagged' : 'pending',
      collectionMode: input.collection.mode,
      shortcode: input.shortcode,
      amountMinor: input.amountMinor,
      currency: 'KES',
      commissionRateBp: input.collection.commissionRateBp,
      phone: null,
      phoneMasked: input.phoneMasked,
      paymentReference: voucher.paymentReference,
      planId: voucher.planId,
      planName: voucher.planName,
      routerId: voucher.routerId,
      voucherId: flag ? null : voucher.id,
      receipt: input.receipt,
      flagReason: flag,
      resultCode: '0',
    });
    if (flag) return { payment, voucher: null };
    const sold = await this.settle(manager, payment, { receipt: input.receipt, buyerPhone: null, now: input.now, via: input.via, paidAt: input.paidAt });
    return { payment, voucher: sold };
  }

  /**
   * Marks a (locked) payment paid: sells its reserved voucher, or issues a fresh one when that
   * voucher is gone (a late success), and writes the ledger entry. Returns the voucher, or null
   * when none could be issued (the payment is then flagged, the money still recorded).
   */
  async settle(manager: EntityManager, payment: Payment, input: SettleInput, also: { stk?: PaidSettlement['stk']; log?: CallbackLog } = {}): Promise<IssuedVoucher | null> {
    return (await this.settleMany(manager, [{ payment, input, ...also }]))[0];
  }

  /**
   * settle for several locked payments (any providers; each at most once): the reserved vouchers
   * sold together, the payments, ledger entries, pushes and logs written in one statement, the
   * texts to the buyers queued in one more. Each answer in its place.
   */
  async settleMany(manager: EntityManager, settlements: SettleItem[]): Promise<Array<IssuedVoucher | null>> {
    if (settlements.length === 0) return [];
    const sales = settlements.map(({ payment, input }) => ({ saleKey: `payment:${payment.id}`, buyerPhone: input.buyerPhone, paymentId: payment.id, now: input.now }));
    const reserved = settlements.flatMap((x, i) => (x.payment.voucherId ? [i] : []));
    const sold = await this.vouchers.sellVouchers(
      manager,
      reserved.map((i) => ({ providerId: settlements[i].payment.providerId, voucherId: settlements[i].payment.voucherId!, sale: sales[i] })),
    );
    const vouchers: Array<IssuedVoucher | null> = settlements.map(() => null);
    reserved.forEach((i, k) => {
      const answer = sold[k];
      if (!(answer instanceof VoucherException)) vouchers[i] = answer;
    });
    const flags: Array<string | null> = settlements.map(() => null);
    for (const [i, { payment }] of settlements.entries()) {
      if (vouchers[i]) continue;
      // the reserved voucher is gone (a late success): a fresh one
      try {
        vouchers[i] = await this.vouchers.issueForSale(manager, payment.providerId, { ...sales[i], planId: payment.planId, routerId: payment.routerId });
      } catch (error) {
        if (!(error instanceof VoucherException)) throw error;
        flags[i] = `paid, but no voucher could be issued: ${error.message}`;
        this.logger.warn({ paymentId: payment.id }, flags[i]);
      }
    }
    // the money's own time (a statement line), kept between the purchase's start and now
    const paidAts = settlements.map(({ payment, input }) => (input.paidAt && input.paidAt < input.now ? new Date(Math.max(input.paidAt.getTime(), payment.createdAt.getTime())) : input.now));
    // payments paid + ledger entries (+ the pushes resolved, + the webhook logs' outcomes): one statement
    await this.repo.settlePaidMany(
      manager,
      settlements.map(({ payment, input, stk, log }, i) => {
        const { commissionMinor, netMinor } = splitCommission(payment.amountMinor, payment.commissionRateBp);
        return {
          payment,
          settledVia: input.via,
          receipt: input.receipt,
          paidAt: paidAts[i],
          voucherId: vouchers[i]?.id ?? null,
          flagReason: flags[i],
          commissionMinor,
          netMinor,
          phoneMasked: payment.phoneMasked ?? (input.buyerPhone ? maskMsisdn(input.buyerPhone) : null),
          stk,
          log: log && { id: log.id, outcome: 'processed', detail: settledDetail(vouchers[i]), durationMs: Date.now() - log.started, maskedBody: mask(log.body) },
        };
      }),
    );
    // the code to the buyer's phone (provider setting, on by default), once per payment: the key is the payment's
    const texts = settlements.flatMap(({ payment, input }, i) => {
      const voucher = vouchers[i];
      const phone = input.buyerPhone ?? payment.phone;
      if (!voucher || !phone) return [];
      return [
        {
          providerId: payment.providerId,
          paymentId: payment.id,
          phone,
          voucher: { id: voucher.id, code: voucher.code, password: voucher.password !== voucher.code ? voucher.password : null, planName: voucher.planName },
          receipt: input.receipt ?? payment.receipt,
        },
      ];
    });
    await this.customerSms.vouchersPurchased(manager, texts);
    // Live dashboards refetch their numbers on this hint (published before the commit: a rolled-back settlement only causes a harmless refetch).
    for (const [i, { payment }] of settlements.entries()) {
      this.live?.publish({
        type: 'payment.settled',
        providerId: payment.providerId,
        data: {
          paymentId: payment.id,
          amount: toWhole(payment.amountMinor, payment.currency),
          currency: payment.currency,
          planName: payment.planName,
          phoneMasked: payment.phoneMasked,
          at: paidAts[i].toISOString(),
        },
      });
    }
    return vouchers;
  }
}

/**
 * A success callback Daraja's STK Query must confirm before it settles anything: under platform
 * collection (the platform owes the provider that money) and for an expired push (docs/mpesa.md §8).
 */
export const needsQuery = ({ stk, payment }: PushAndPayment): boolean => stk.status !== 'paid' && (payment.collectionMode === 'platform' || stk.status === 'expired');

const settledDetail = (voucher: IssuedVoucher | null): string => (voucher ? `voucher ${voucher.id}` : 'paid, no voucher (flagged)');
