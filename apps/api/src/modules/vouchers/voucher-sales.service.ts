import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { toMinor, toWhole } from '../../common/money';
import { normaliseMsisdn } from '../../common/phone';
import { PlanSnapshot, PlansService } from '../plans';
import { ProvisioningOpInput } from '../routers';
import { VoucherDto } from './dto/voucher.dto';
import { Voucher } from './entities/voucher.entity';
import {
  CASH_SALE_MAX_VOUCHERS,
  cashOutcome,
  CashRefusal,
  cashSaleKey,
  CashSkip,
  codeFromScan,
  handoverRefusal,
  resellerPrice,
  ResellerPricing,
  ResellerRefusal,
  resellerSaleKey,
  returnRefusal,
} from './voucher-cash';
import { VoucherActionsService } from './voucher-actions.service';
import { CodeAlphabet, VoucherCodeGenerator } from './voucher-codes';
import { expiryAtSale } from './voucher-expiry';
import { VoucherRouters } from './voucher-routers';
import { nextVoucherStatus, VoucherStatus } from './voucher-status';
import { VoucherErrorCode, VoucherException } from './vouchers.exception';
import { VouchersRepository } from './vouchers.repository';
import type { VoucherSummary } from './vouchers.service';

/** A sale made by another module (payments): idempotent by `saleKey`. */
export interface SaleInput {
  /** Idempotency key, e.g. the payment id or the M-Pesa receipt; the same key returns the same voucher. */
  saleKey: string;
  buyerPhone?: string | null;
  paymentId?: string | null;
  now?: Date;
}

export interface IssueInput extends SaleInput {
  planId: string;
  /** The router the buyer is on; absent = every router offering the plan. */
  routerId?: string | null;
  codeLength?: number;
  alphabet?: CodeAlphabet;
  /** A login name to keep (a hotspot user adopted from a router) instead of a generated code: taken = VOUCHER_CODE_TAKEN (409). */
  code?: string;
  /** Its password when it differs from the code. */
  password?: string | null;
  /** The price recorded on the voucher instead of the plan's, in whole units of the plan's currency (complimentary: 0). */
  price?: number;
}

/** A complimentary voucher just issued: what its ledger row (method comp, 0 revenue) needs. */
interface ComplimentaryVoucher {
  id: string;
  currency: string;
  planId: string;
  planName: string;
  routerId: string | null;
}

/** Writes a complimentary voucher's ledger row in the caller's transaction (registered by payments, which owns the ledger). */
export type ComplimentaryHandler = (manager: EntityManager, providerId: string, voucher: ComplimentaryVoucher, at: Date) => Promise<void>;

/** What payments and the captive portal get back: enough to log the buyer in. */
export interface IssuedVoucher {
  id: string;
  code: string;
  /** The hotspot password (the code unless the voucher has a separate one). */
  password: string;
  paymentReference: string;
  status: VoucherStatus;
  planId: string;
  planName: string;
  priceMinor: number;
  currency: string;
  routerId: string | null;
  soldAt: Date | null;
  expiresAt: Date | null;
  /** true when this call found an earlier sale with the same key */
  replayed: boolean;
}

/** Which vouchers a cash sale names: by id, by typed or scanned code, or a batch (optionally a range of print positions). */
export type CashSaleSelection = { voucherIds: string[] } | { codes: string[] } | { batchId: string; fromSeq?: number | null; toSeq?: number | null };

/** A voucher just recorded as sold for cash: what its ledger row needs. */
interface CashSoldVoucher {
  id: string;
  code: string;
  planId: string;
  planName: string;
  priceMinor: number;
  currency: string;
  routerId: string | null;
  /** false = never put on a router (a batch generated without the push) and never logged in */
  onRouters: boolean;
  /** A reseller's card (docs/resellers.md): its sale is the reseller's, owed at `resellerPriceMinor`. */
  resellerId: string | null;
  resellerPriceMinor: number | null;
}

/** A reseller's card sold at its first login (docs/resellers.md): what its ledger row needs. */
export interface ResellerCardSold {
  id: string;
  resellerId: string;
  resellerPriceMinor: number;
  currency: string;
  planId: string;
  planName: string;
  routerId: string | null;
}

/**
 * Writes the ledger rows of reseller cards sold at their first login, inside the usage report's
 * transaction (registered by payments, which owns the ledger).
 */
export type ResellerSalesHandler = (manager: EntityManager, providerId: string, cards: ResellerCardSold[], at: Date) => Promise<void>;

/** A card a handover or a return did not move, and why. */
export interface ResellerCardNote {
  id: string;
  code: string;
  batchSeq: number | null;
  status: VoucherStatus;
  reason: ResellerRefusal;
}

export interface ResellerCardsMoved {
  moved: Array<{ id: string; priceMinor: number; currency: string }>;
  refused: ResellerCardNote[];
}

/** A voucher a cash sale did not record, and why. */
export interface CashSaleNote {
  id: string;
  code: string;
  batchSeq: number | null;
  status: VoucherStatus;
  reason: CashSkip | CashRefusal;
}

export interface CashSaleVouchers {
  recorded: CashSoldVoucher[];
  skipped: CashSaleNote[];
  refused: CashSaleNote[];
}

const SALE_ATTEMPTS = 10;
const LISTED = 10;

/**
 * Selling vouchers, for payments and the captive portal, always inside the caller's transaction:
 * issue a new sold voucher, sell an existing one (by payment reference or id), or reserve one for a
 * purchase about to be paid. Idempotent by sale key; the hotspot user is queued for its routers.
 */
@Injectable()
export class VoucherSalesService {
  private resellerSales: ResellerSalesHandler | null = null;
  private complimentary: ComplimentaryHandler | null = null;

  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly plans: PlansService,
    private readonly routers: VoucherRouters,
    private readonly codes: VoucherCodeGenerator,
    private readonly clock: Clock,
    private readonly actions: VoucherActionsService,
  ) {}

  /**
   * Refunds a sold voucher inside the caller's transaction (payments writes the ledger reversal
   * in the same one): locks it, marks it refunded, queues its removal from the routers and
   * audits `voucher.refunded` with `details`. 404 for another provider's voucher, 409 unless sold.
   */
  refund(manager: EntityManager, providerId: string, id: string, reason: string, actor: Principal | null, context: RequestContext | undefined, details: Record<string, unknown>): Promise<VoucherDto> {
    return this.actions.refund(providerId, id, reason, actor, context, manager, details);
  }

  /**
   * Issues a new voucher for `planId`, already sold, inside the caller's transaction, and
   * queues the hotspot user for its routers. Idempotent by `saleKey`: the same key returns the
   * voucher of the first call (replayed = true), whatever the other arguments.
   */
  async issueForSale(manager: EntityManager, providerId: string, input: IssueInput): Promise<IssuedVoucher> {
    const existing = await this.vouchers.findBySaleKey(manager, providerId, input.saleKey);
    if (existing) return toIssued(existing, true);
    const plan = await this.planForSale(manager, providerId, input.planId, input.routerId);
    const now = input.now ?? this.clock.now();
    const common = {
      ...snapshotColumns(plan),
      ...(input.price === undefined ? {} : { priceMinor: toMinor(input.price, plan.currency) }),
      providerId,
      batchId: null,
      routerId: input.routerId ?? null,
      status: nextVoucherStatus('available', 'sell'),
      expiresAt: expiryAtSale(plan, now),
      soldAt: now,
      pushedAt: now,
      buyerPhone: input.buyerPhone ? (normaliseMsisdn(input.buyerPhone) ?? input.buyerPhone) : null,
      paymentId: input.paymentId ?? null,
      saleKey: input.saleKey,
    };
    for (let attempt = 0; attempt < SALE_ATTEMPTS; attempt++) {
      const code = input.code ?? this.codes.codes(1, { length: input.codeLength ?? 8, alphabet: input.alphabet ?? 'mixed' })[0];
      const [reference] = this.codes.references(1);
      const written = await this.vouchers.insertMany(manager, common, [{ code, password: input.password ?? null, reference, seq: null }]);
      const id = written.get(code);
      if (id) {
        const voucher = (await this.vouchers.findById(providerId, id, manager))!;
        const routerIds = await this.routers.routerIdsFor(providerId, voucher.routerId, plan, manager);
        await this.routers.enqueue(manager, providerId, this.routers.upsertOps(routerIds, plan, voucher));
        return toIssued(voucher, false);
      }
      // nothing written: the code/reference was taken (retry) or the same sale raced us (replay)
      const raced = await this.vouchers.findBySaleKey(manager, providerId, input.saleKey);
      if (raced) return toIssued(raced, true);
      if (input.code !== undefined && (await this.vouchers.findByCode(providerId, input.code, manager))) {
        throw new VoucherException(VoucherErrorCode.VOUCHER_CODE_TAKEN, `A voucher with the code ${input.code} already exists`, [{ field: 'name', messages: ['a voucher already has this code'] }]);
      }
    }
    throw new VoucherException(VoucherErrorCode.VOUCHER_CODES_EXHAUSTED, 'Could not find a free voucher code; try again');
  }

  /** Sells an existing available voucher (e.g. paid by its payment reference), in the caller's transaction. */
  async sellByReference(manager: EntityManager, providerId: string, reference: string, input: SaleInput): Promise<IssuedVoucher> {
    const voucher = await this.vouchers.findByReference(providerId, reference.trim().toUpperCase(), manager, true);
    if (!voucher) throw VoucherException.notFound();
    return this.sellLocked(manager, voucher, input);
  }

  /** Sells an existing available voucher by id, in the caller's transaction. */
  async sellVoucher(manager: EntityManager, providerId: string, voucherId: string, input: SaleInput): Promise<IssuedVoucher> {
    const [sold] = await this.sellVouchers(manager, [{ providerId, voucherId, sale: input }]);
    if (sold instanceof VoucherException) throw sold;
    return sold;
  }

  /**
   * sellVoucher for a group of sales (any providers; the paid-callback path settles callbacks in
   * groups, docs/mpesa.md): the locks and sale-key checks in one statement, the sales in one more,
   * then their hotspot users queued per provider. Each sale's answer is in its place: the voucher,
   * or the VoucherException sellVoucher would have thrown.
   */
  async sellVouchers(manager: EntityManager, sales: Array<{ providerId: string; voucherId: string; sale: SaleInput }>): Promise<Array<IssuedVoucher | VoucherException>> {
    const locked = await this.vouchers.lockManyForSale(
      manager,
      sales.map((x) => ({ providerId: x.providerId, id: x.voucherId, saleKey: x.sale.saleKey })),
    );
    const found = new Map(locked.map((l) => [l.voucher.id, l]));
    // another provider's voucher is not found either
    const lockedFor = sales.map((x) => (found.get(x.voucherId)?.voucher.providerId === x.providerId ? found.get(x.voucherId)! : null));
    const sold = await this.sellAllLocked(
      manager,
      sales.flatMap((x, i) => (lockedFor[i] ? [{ voucher: lockedFor[i].voucher, input: x.sale, saleKeyTaken: lockedFor[i].saleKeyHolder !== null }] : [])),
    );
    return lockedFor.map((l) => (l ? sold.shift()! : VoucherException.notFound()));
  }

  /**
   * Creates one `available` voucher of `planId` for a purchase about to be paid (its payment
   * reference is the STK AccountReference / C2B account number), in the caller's transaction.
   * Not put on any router until sold; unpaid, it expires after `holdSeconds` (default 1 day).
   */
  async reserveForPurchase(manager: EntityManager, providerId: string, input: { planId: string; routerId?: string | null; holdSeconds?: number; now?: Date }): Promise<VoucherSummary> {
    const plan = await this.planForSale(manager, providerId, input.planId, input.routerId);
    const now = input.now ?? this.clock.now();
    const common = {
      ...snapshotColumns(plan),
      providerId,
      batchId: null,
      routerId: input.routerId ?? null,
      status: 'available' as const,
      expiresAt: new Date(now.getTime() + (input.holdSeconds ?? 86_400) * 1000),
    };
    for (let attempt = 0; attempt < SALE_ATTEMPTS; attempt++) {
      const [code] = this.codes.codes(1, { length: 8, alphabet: 'mixed' });
      const [reference] = this.codes.references(1);
      const id = (await this.vouchers.insertMany(manager, common, [{ code, password: null, reference, seq: null }])).get(code);
      if (id)
        return {
          id,
          status: 'available',
          planId: plan.id,
          planName: plan.name,
          priceMinor: plan.priceMinor,
          price: toWhole(plan.priceMinor, plan.currency),
          currency: plan.currency,
          routerId: common.routerId,
          paymentReference: reference,
        };
    }
    throw new VoucherException(VoucherErrorCode.VOUCHER_CODES_EXHAUSTED, 'Could not find a free voucher code; try again');
  }

  /** `saleKeyTaken`: already known whether another voucher holds the sale key (else it is looked up). */
  private async sellLocked(manager: EntityManager, voucher: Voucher, input: SaleInput, saleKeyTaken?: boolean): Promise<IssuedVoucher> {
    const [sold] = await this.sellAllLocked(manager, [{ voucher, input, saleKeyTaken }]);
    if (sold instanceof VoucherException) throw sold;
    return sold;
  }

  /**
   * Locked vouchers sold, in order (a voucher named twice is sold once: the second sale sees it
   * sold), written in one statement; their hotspot users queued with one enqueue per provider.
   */
  private async sellAllLocked(manager: EntityManager, items: Array<{ voucher: Voucher; input: SaleInput; saleKeyTaken?: boolean }>): Promise<Array<IssuedVoucher | VoucherException>> {
    const current = new Map<string, Voucher>();
    const keysTaken = new Set<string>();
    const answers: Array<IssuedVoucher | VoucherException> = [];
    for (const item of items) {
      const voucher = current.get(item.voucher.id) ?? item.voucher;
      const { input } = item;
      if (voucher.saleKey === input.saleKey) {
        answers.push(toIssued(voucher, true));
        continue;
      }
      if (voucher.status !== 'available') {
        answers.push(new VoucherException(VoucherErrorCode.VOUCHER_NOT_AVAILABLE, `This voucher is ${voucher.status.replace('_', ' ')}, not available for sale`));
        continue;
      }
      const keyed = `${voucher.providerId}:${input.saleKey}`;
      const clash = keysTaken.has(keyed) || (item.saleKeyTaken ?? (await this.vouchers.findBySaleKey(manager, voucher.providerId, input.saleKey)) !== null);
      if (clash) {
        answers.push(new VoucherException(VoucherErrorCode.VOUCHER_SALE_KEY_CONFLICT, 'This sale key already bought another voucher'));
        continue;
      }
      const now = input.now ?? this.clock.now();
      const sold: Voucher = {
        ...voucher,
        status: nextVoucherStatus(voucher.status, 'sell'),
        soldAt: now,
        expiresAt: expiryAtSale(voucher, now),
        saleKey: input.saleKey,
        buyerPhone: input.buyerPhone ? (normaliseMsisdn(input.buyerPhone) ?? input.buyerPhone) : null,
        paymentId: input.paymentId ?? null,
        pushedAt: voucher.pushedAt ?? now,
      };
      current.set(sold.id, sold);
      keysTaken.add(keyed);
      answers.push(toIssued(sold, false));
    }
    const sold = [...current.values()];
    await this.vouchers.markSold(manager, sold);
    await this.queueForRouters(manager, sold);
    return answers;
  }

  /** Vouchers just sold put on their routers: one plan look-up and one enqueue per provider. */
  private async queueForRouters(manager: EntityManager, sold: Voucher[]): Promise<void> {
    const byProvider = new Map<string, Voucher[]>();
    for (const v of sold) {
      if (!byProvider.has(v.providerId)) byProvider.set(v.providerId, []);
      byProvider.get(v.providerId)!.push(v);
    }
    for (const [providerId, vouchers] of byProvider) {
      const plans = new Map(
        (
          await this.plans.getSnapshots(
            providerId,
            vouchers.map((v) => v.planId),
            manager,
          )
        ).map((p) => [p.id, p]),
      );
      const offeredOn = new Map<string, string[]>();
      const ops: ProvisioningOpInput[] = [];
      for (const v of vouchers) {
        const plan = plans.get(v.planId) ?? null;
        const key = v.routerId ?? `plan:${v.planId}`;
        if (!offeredOn.has(key)) offeredOn.set(key, await this.routers.routerIdsFor(providerId, v.routerId, plan, manager));
        ops.push(...this.routers.upsertOps(offeredOn.get(key)!, plan, v));
      }
      await this.routers.enqueue(manager, providerId, ops);
    }
  }

  /**
   * Cash sales (docs/cash-sales.md), in the caller's transaction: locks the vouchers named (id
   * order), decides each one's outcome (voucher-cash.ts cashOutcome) and marks the recorded ones
   * with their sale key (available cards become sold at `soldAt`). Unknown ids, codes or batch →
   * 404; an unreadable code, an empty range or more than 10,000 vouchers → 400. The ledger rows
   * are the caller's (payments).
   */
  async sellForCash(manager: EntityManager, providerId: string, selection: CashSaleSelection, soldAt: Date): Promise<CashSaleVouchers> {
    const vouchers = await this.lockForCash(manager, providerId, selection);
    const now = this.clock.now();
    const result: CashSaleVouchers = { recorded: [], skipped: [], refused: [] };
    const marks: Array<{ id: string; saleKey: string; status: VoucherStatus; sell: boolean; expiresAt: Date | null }> = [];
    for (const v of vouchers) {
      const outcome = cashOutcome(v, now);
      if (outcome.kind === 'skip' || outcome.kind === 'refuse') {
        (outcome.kind === 'skip' ? result.skipped : result.refused).push({ id: v.id, code: v.code, batchSeq: v.batchSeq, status: v.status, reason: outcome.reason });
        continue;
      }
      const sell = outcome.kind === 'sell';
      marks.push({
        id: v.id,
        saleKey: v.resellerId ? resellerSaleKey(v.id) : cashSaleKey(v.id),
        status: sell ? nextVoucherStatus(v.status, 'sell') : v.status,
        sell,
        expiresAt: sell ? expiryAtSale(v, soldAt) : v.expiresAt,
      });
      result.recorded.push({
        id: v.id,
        code: v.code,
        planId: v.planId,
        planName: v.planName,
        priceMinor: v.priceMinor,
        currency: v.currency,
        routerId: v.routerId,
        onRouters: v.pushedAt !== null || v.firstLoginAt !== null,
        resellerId: v.resellerId,
        resellerPriceMinor: v.resellerPriceMinor,
      });
    }
    await this.vouchers.markCashSales(manager, providerId, marks, soldAt);
    const order = (a: CashSaleNote, b: CashSaleNote) => (a.batchSeq ?? 0) - (b.batchSeq ?? 0) || a.code.localeCompare(b.code);
    result.skipped.sort(order);
    result.refused.sort(order);
    return result;
  }

  /**
   * Payments registers here how a reseller card's sale reaches the ledger; until then (a test
   * module without payments) a reseller card's first login records no sale (docs/resellers.md).
   */
  onResellerCardsSold(handler: ResellerSalesHandler): void {
    this.resellerSales = handler;
  }

  /** Payments registers here how a complimentary voucher reaches the ledger (method comp, 0 revenue). */
  onComplimentary(handler: ComplimentaryHandler): void {
    this.complimentary = handler;
  }

  /**
   * Issues a complimentary voucher (price 0, sold now, expiring like any sold voucher) for one
   * router, queued there through the outbox like every sale, with its ledger row (method comp, 0
   * revenue) in the same transaction.
   */
  async issueComplimentary(manager: EntityManager, providerId: string, input: { planId: string; routerId: string; saleKey: string }): Promise<IssuedVoucher> {
    const issued = await this.issueForSale(manager, providerId, { ...input, price: 0 });
    if (!issued.replayed && this.complimentary) {
      await this.complimentary(
        manager,
        providerId,
        { id: issued.id, currency: issued.currency, planId: issued.planId, planName: issued.planName, routerId: issued.routerId },
        issued.soldAt ?? this.clock.now(),
      );
    }
    return issued;
  }

  /** Whether a first login can record a reseller card's sale (a handler is registered). */
  recordsResellerSales(): boolean {
    return this.resellerSales !== null;
  }

  /** The usage report's reseller cards sold at first login, in its transaction: their ledger rows. */
  async resellerCardsSold(manager: EntityManager, providerId: string, cards: ResellerCardSold[], at: Date): Promise<void> {
    if (cards.length > 0 && this.resellerSales) await this.resellerSales(manager, providerId, cards, at);
  }

  /**
   * Hands cards to a reseller (docs/resellers.md), in the caller's transaction: locks the cards
   * named (like a cash sale, the same 404s and 400s), moves those that may go (voucher-cash.ts
   * handoverRefusal) with their reseller price, and reports the others as refused.
   */
  async handOverToReseller(manager: EntityManager, providerId: string, selection: CashSaleSelection, resellerId: string, handoverId: string, pricing: ResellerPricing): Promise<ResellerCardsMoved> {
    const vouchers = await this.lockForCash(manager, providerId, selection);
    const now = this.clock.now();
    const result: ResellerCardsMoved = { moved: [], refused: [] };
    for (const v of vouchers) {
      const reason = handoverRefusal(v, resellerId, now);
      if (reason) result.refused.push({ id: v.id, code: v.code, batchSeq: v.batchSeq, status: v.status, reason });
      else result.moved.push({ id: v.id, priceMinor: resellerPrice(v.priceMinor, v.currency, pricing), currency: v.currency });
    }
    await this.vouchers.markResellerHandover(manager, providerId, resellerId, handoverId, result.moved);
    result.refused.sort(byPrintOrder);
    return result;
  }

  /** Takes unsold cards back from a reseller, in the caller's transaction (returnRefusal says which may come back). */
  async returnFromReseller(manager: EntityManager, providerId: string, selection: CashSaleSelection, resellerId: string): Promise<ResellerCardsMoved> {
    const vouchers = await this.lockForCash(manager, providerId, selection);
    const result: ResellerCardsMoved = { moved: [], refused: [] };
    for (const v of vouchers) {
      const reason = returnRefusal(v, resellerId);
      if (reason) result.refused.push({ id: v.id, code: v.code, batchSeq: v.batchSeq, status: v.status, reason });
      else result.moved.push({ id: v.id, priceMinor: v.resellerPriceMinor ?? 0, currency: v.currency });
    }
    await this.vouchers.clearReseller(
      manager,
      providerId,
      result.moved.map((m) => m.id),
    );
    result.refused.sort(byPrintOrder);
    return result;
  }

  /** Unsold cards each reseller holds now: count and value at the reseller price. */
  resellerHoldings(providerId: string, resellerIds: string[], manager?: EntityManager): Promise<Map<string, { cards: number; valueMinor: number }>> {
    return this.vouchers.resellerHoldings(providerId, resellerIds, manager);
  }

  private async lockForCash(manager: EntityManager, providerId: string, selection: CashSaleSelection): Promise<Voucher[]> {
    if ('voucherIds' in selection) {
      const ids = [...new Set(selection.voucherIds.map((id) => id.toLowerCase()))];
      const found = await this.vouchers.findManyForUpdate(manager, providerId, ids);
      const have = new Set(found.map((v) => v.id));
      const missing = ids.filter((id) => !have.has(id));
      if (missing.length) throw notFound('voucherIds', missing);
      return found;
    }
    if ('codes' in selection) {
      const codes = new Set<string>();
      const unreadable: string[] = [];
      selection.codes.forEach((text, i) => {
        const code = codeFromScan(text);
        if (code) codes.add(code);
        else unreadable.push(`entry ${i + 1} (${JSON.stringify(text.slice(0, 40))}) is not a voucher code or a printed card's QR link`);
      });
      if (unreadable.length) throw CommonException.validation([{ field: 'codes', messages: unreadable.slice(0, LISTED) }]);
      const found = await this.vouchers.findByCodesForUpdate(manager, providerId, [...codes]);
      const have = new Set(found.map((v) => v.code));
      const missing = [...codes].filter((c) => !have.has(c));
      if (missing.length) throw notFound('codes', missing);
      return found;
    }
    const batch = await this.vouchers.findBatch(providerId, selection.batchId, manager);
    if (!batch) throw VoucherException.batchNotFound();
    if (batch.status !== 'ready')
      throw new VoucherException(VoucherErrorCode.VOUCHER_BATCH_NOT_READY, batch.status === 'failed' ? 'This batch failed to generate' : 'This batch is still being generated');
    const fromSeq = selection.fromSeq ?? null;
    const toSeq = selection.toSeq ?? null;
    if (fromSeq !== null && toSeq !== null && fromSeq > toSeq) throw CommonException.validation([{ field: 'toSeq', messages: ['toSeq must not be before fromSeq'] }]);
    const found = await this.vouchers.findBatchRangeForUpdate(manager, providerId, batch.id, fromSeq, toSeq, CASH_SALE_MAX_VOUCHERS + 1);
    if (found.length > CASH_SALE_MAX_VOUCHERS) throw CommonException.validation([{ field: 'toSeq', messages: [`at most ${CASH_SALE_MAX_VOUCHERS} vouchers per sale`] }]);
    if (found.length === 0) throw CommonException.validation([{ field: fromSeq !== null ? 'fromSeq' : 'batchId', messages: [`this batch has no card in that range (it has ${batch.quantity})`] }]);
    return found;
  }

  /** The plan a new sale or reservation is for: active, and offered on `routerId` when one is given. */
  private async planForSale(manager: EntityManager, providerId: string, planId: string, routerId: string | null | undefined): Promise<PlanSnapshot> {
    const plan = await this.plans.getSnapshot(providerId, planId, manager);
    if (plan.status !== 'active') throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_ARCHIVED, 'This plan is no longer sold');
    if (routerId) {
      await this.routers.api.requireRouters(providerId, [routerId], manager);
      if (!(await this.plans.routerIdsFor(plan, manager)).includes(routerId)) {
        throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'That router does not offer this plan');
      }
    }
    return plan;
  }
}

export function snapshotColumns(plan: PlanSnapshot) {
  return {
    planId: plan.id,
    planName: plan.name,
    priceMinor: plan.priceMinor,
    currency: plan.currency,
    kind: plan.kind,
    uptimeLimitSeconds: plan.uptimeLimitSeconds,
    dataLimitBytes: plan.dataLimitBytes,
    validitySeconds: plan.validitySeconds,
    validityFrom: plan.validityFrom,
    profileName: plan.profileName,
  };
}

const byPrintOrder = (a: { batchSeq: number | null; code: string }, b: { batchSeq: number | null; code: string }) => (a.batchSeq ?? 0) - (b.batchSeq ?? 0) || a.code.localeCompare(b.code);

function notFound(field: string, missing: string[]): VoucherException {
  const listed = missing.slice(0, LISTED).join(', ') + (missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '');
  return new VoucherException(VoucherErrorCode.VOUCHER_NOT_FOUND, `${missing.length} of the vouchers named ${missing.length === 1 ? 'was' : 'were'} not found`, [
    { field, messages: [`not found: ${listed}`] },
  ]);
}

function toIssued(v: Voucher, replayed: boolean): IssuedVoucher {
  return {
    id: v.id,
    code: v.code,
    password: v.password ?? v.code,
    paymentReference: v.paymentReference,
    status: v.status,
    planId: v.planId,
    planName: v.planName,
    priceMinor: v.priceMinor,
    currency: v.currency,
    routerId: v.routerId,
    soldAt: v.soldAt,
    expiresAt: v.expiresAt,
    replayed,
  };
}
