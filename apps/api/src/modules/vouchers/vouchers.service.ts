import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { toWhole } from '../../common/money';
import { Page, mapPage } from '../../common/pagination/page';
import { normaliseMsisdn } from '../../common/phone';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { PlanSnapshot, PlansService } from '../plans';
import { ProvisioningOpInput, UsageReport } from '../routers';
import {
  BulkVoucherActionDto,
  BulkVoucherResultDto,
  ListVouchersQueryDto,
  mapVoucher,
  VoucherCountsDto,
  VoucherDetailDto,
  VoucherDto,
  VoucherOnRouterDto,
  VoucherFilterQueryDto,
} from './dto/voucher.dto';
import { Voucher } from './entities/voucher.entity';
import { CodeAlphabet, VoucherCodeGenerator } from './voucher-codes';
import { expiryAtFirstLogin, expiryAtSale, extendValidity, isExhausted } from './voucher-expiry';
import { hotspotLoginUrl, VoucherRouters } from './voucher-routers';
import { assertActionAllowed, nextVoucherStatus, VOUCHER_STATUSES, VoucherStatus } from './voucher-status';
import { VoucherErrorCode, VoucherException } from './vouchers.exception';
import { ExpiredVoucherRow, VoucherFilter, VouchersRepository } from './vouchers.repository';

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
}

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

/** A voucher as the public payment reference shows it (no code). */
export interface VoucherSummary {
  id: string;
  status: VoucherStatus;
  planId: string;
  planName: string;
  priceMinor: number;
  price: number;
  currency: string;
  routerId: string | null;
  paymentReference: string;
}

export interface ExpiryRunCounts {
  [key: string]: number;
  expired: number;
  removalsQueued: number;
}

const EXPIRY_CHUNK = 5000;
const SALE_ATTEMPTS = 10;

export interface VoucherRedemptionCheck {
  usable: boolean;
  reason: 'not_found' | 'expired' | 'disabled' | 'other_router' | null;
  planName: string | null;
  expiresAt: Date | null;
}

@Injectable()
export class VouchersService implements OnModuleInit {
  private readonly logger = new Logger(VouchersService.name);

  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly plans: PlansService,
    private readonly routers: VoucherRouters,
    private readonly codes: VoucherCodeGenerator,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.routers.api.onUsage(async (report) => {
      await this.applyUsage(report);
    });
  }

  // ---- dashboard ----------------------------------------------------------------------

  async list(providerId: string, query: ListVouchersQueryDto): Promise<Page<VoucherDto>> {
    const { limit, cursor, sort, ...filter } = query;
    const page = await this.vouchers.list(providerId, toFilter(filter), { limit, cursor }, sort ?? 'newest');
    return mapPage(page, mapVoucher);
  }

  async counts(providerId: string, query: VoucherFilterQueryDto): Promise<VoucherCountsDto> {
    const counts = await this.vouchers.countByStatus(providerId, toFilter(query));
    const result = Object.fromEntries(VOUCHER_STATUSES.map((s) => [s, counts[s] ?? 0])) as Omit<VoucherCountsDto, 'total'>;
    return { ...result, total: Object.values(result).reduce((a, b) => a + b, 0) };
  }

  async get(providerId: string, id: string): Promise<VoucherDto> {
    const voucher = await this.vouchers.findById(providerId, id);
    if (!voucher) throw VoucherException.notFound();
    return mapVoucher(voucher);
  }

  /** One voucher with, per router it belongs on, whether that router holds it. */
  async detail(providerId: string, id: string): Promise<VoucherDetailDto> {
    const voucher = await this.vouchers.findById(providerId, id);
    if (!voucher) throw VoucherException.notFound();
    const routerIds = await this.routerIds(this.dataSource.manager, voucher);
    const [summaries, confirmation] = await Promise.all([this.routers.summaries(providerId, routerIds), this.routers.api.confirmation(providerId, routerIds, [voucher.code])]);
    const usable = ['available', 'sold', 'in_use'].includes(voucher.status);
    const routers = summaries.map((r): VoucherOnRouterDto => {
      const c = confirmation.get(r.id);
      const state = c?.confirmed ? 'on_router' : c?.wanted ? 'waiting' : !usable && voucher.pushedAt ? 'not_wanted' : 'not_pushed';
      return { routerId: r.id, routerName: r.name, state };
    });
    return { ...mapVoucher(voucher), routers };
  }

  /** Puts the voucher (and its plan's profile) on its routers through the outbox: a printed card that was never pushed, or one a router lost. */
  push(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.pushed', actor, context, async (manager, v, now) => {
      assertActionAllowed(v.status, 'push');
      const plan = await this.planOf(manager, v);
      const routerIds = await this.routers.routerIdsFor(providerId, v.routerId, plan, manager);
      if (routerIds.length === 0) throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'No router offers this voucher’s plan, so there is nothing to push to');
      return { changes: { pushedAt: v.pushedAt ?? now }, ops: this.routers.upsertOps(routerIds, plan, v), metadata: { routers: routerIds.length } };
    });
  }

  disable(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.disabled', actor, context, async (manager, v, now) => {
      const status = nextVoucherStatus(v.status, 'disable');
      const changes: Partial<Voucher> = { status, statusBeforeDisable: v.status, disabledAt: now };
      const ops = v.pushedAt ? this.routers.simpleOps(await this.routerIds(manager, v), 'disable_user', v.code) : [];
      return { changes, ops, metadata: { from: v.status } };
    });
  }

  enable(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.enabled', actor, context, async (manager, v) => {
      const status = nextVoucherStatus(v.status, 'enable', v.statusBeforeDisable);
      const changes: Partial<Voucher> = { status, statusBeforeDisable: null, disabledAt: null };
      const ops = v.pushedAt ? this.routers.simpleOps(await this.routerIds(manager, v), 'enable_user', v.code) : [];
      return { changes, ops, metadata: { to: status } };
    });
  }

  /** Marks refunded, records the reason and takes the user off its routers. */
  refund(providerId: string, id: string, reason: string, actor: Principal | null, context?: RequestContext, manager?: EntityManager): Promise<VoucherDto> {
    return this.change(
      providerId,
      id,
      'voucher.refunded',
      actor,
      context,
      async (m, v, now) => {
        const status = nextVoucherStatus(v.status, 'refund');
        const changes: Partial<Voucher> = { status, refundedAt: now, refundReason: reason };
        const ops = v.pushedAt ? this.routers.simpleOps(await this.routerIds(m, v), 'remove_user', v.code) : [];
        return { changes, ops, metadata: { reason } };
      },
      manager,
    );
  }

  /** Moves the voucher to another router offering its plan (off the old ones, onto the new one). */
  transfer(providerId: string, id: string, routerId: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.transferred', actor, context, async (manager, v) => {
      assertActionAllowed(v.status, 'transfer');
      await this.routers.api.requireRouters(providerId, [routerId], manager);
      const plan = await this.planOf(manager, v);
      if (plan && !(await this.plans.routerIdsFor(plan, manager)).includes(routerId)) {
        throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'That router does not offer this voucher’s plan', [
          { field: 'routerId', messages: ['the plan is not offered on this router'] },
        ]);
      }
      const ops: ProvisioningOpInput[] = [];
      if (v.pushedAt) {
        const old = (await this.routerIds(manager, v)).filter((r) => r !== routerId);
        ops.push(...this.routers.simpleOps(old, 'remove_user', v.code), ...this.routers.upsertOps([routerId], plan, v));
      }
      return { changes: { routerId }, ops, metadata: { from: v.routerId, to: routerId } };
    });
  }

  /** Adds validity (platform-side wall clock; the router limits are unchanged). */
  extend(providerId: string, id: string, seconds: number, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.extended', actor, context, async (_manager, v, now) => {
      assertActionAllowed(v.status, 'extend');
      const next = extendValidity(v.expiresAt, v.validitySeconds, seconds, now);
      return { changes: next, ops: [], metadata: { seconds, from: v.expiresAt?.toISOString() ?? null, to: next.expiresAt?.toISOString() ?? null } };
    });
  }

  async bulk(providerId: string, dto: BulkVoucherActionDto, actor: Principal, context: RequestContext): Promise<BulkVoucherResultDto> {
    const result: BulkVoucherResultDto = { succeeded: [], failed: [] };
    for (const id of [...new Set(dto.ids)]) {
      try {
        if (dto.action === 'disable') await this.disable(providerId, id, actor, context);
        else await this.enable(providerId, id, actor, context);
        result.succeeded.push(id);
      } catch (error) {
        if (!(error instanceof VoucherException)) throw error;
        result.failed.push({ id, code: error.code, message: error.message });
      }
    }
    return result;
  }

  // ---- for payments and the captive portal ------------------------------------------

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
      const [code] = this.codes.codes(1, { length: input.codeLength ?? 8, alphabet: input.alphabet ?? 'mixed' });
      const [reference] = this.codes.references(1);
      const written = await this.vouchers.insertMany(manager, common, [{ code, password: null, reference, seq: null }]);
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
    const voucher = await this.vouchers.findByIdForUpdate(manager, providerId, voucherId);
    if (!voucher) throw VoucherException.notFound();
    return this.sellLocked(manager, voucher, input);
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

  /** The public view of a payment reference (null if unknown): what is being paid for. */
  async findByPaymentReference(providerId: string, reference: string, manager?: EntityManager): Promise<VoucherSummary | null> {
    const v = await this.vouchers.findByReference(providerId, reference.trim().toUpperCase(), manager);
    return v
      ? {
          id: v.id,
          status: v.status,
          planId: v.planId,
          planName: v.planName,
          priceMinor: v.priceMinor,
          price: toWhole(v.priceMinor, v.currency),
          currency: v.currency,
          routerId: v.routerId,
          paymentReference: v.paymentReference,
        }
      : null;
  }

  /**
   * The captive portal's "I have a voucher" check: whether the code can log in on this router
   * (status available/sold/in use, not past its expiry, the plan offered there). Never says
   * more than usable-or-why-not; the password is not returned.
   */
  async checkRedemption(providerId: string, routerId: string, code: string, now: Date = this.clock.now()): Promise<VoucherRedemptionCheck> {
    const v = await this.vouchers.findByCode(providerId, code.trim().toUpperCase());
    if (!v) return { usable: false, reason: 'not_found', planName: null, expiresAt: null };
    const base = { planName: v.planName, expiresAt: v.expiresAt };
    if (v.status === 'disabled' || v.status === 'refunded') return { usable: false, reason: 'disabled', ...base };
    if (v.status === 'expired' || (v.expiresAt && v.expiresAt.getTime() <= now.getTime())) return { usable: false, reason: 'expired', ...base };
    const plan = await this.planOf(this.dataSource.manager, v);
    const routerIds = await this.routers.routerIdsFor(providerId, v.routerId, plan);
    if (!routerIds.includes(routerId)) return { usable: false, reason: 'other_router', ...base };
    return { usable: true, reason: null, ...base };
  }

  /** Code, password and a login link, to show or resend to the buyer. */
  async getCredentials(providerId: string, voucherId: string, manager?: EntityManager): Promise<{ code: string; password: string; loginUrl: string | null; status: VoucherStatus }> {
    const v = await this.vouchers.findById(providerId, voucherId, manager);
    if (!v) throw VoucherException.notFound();
    const plan = await this.planOf(manager ?? this.dataSource.manager, v);
    const routers = await this.routers.summaries(providerId, await this.routers.routerIdsFor(providerId, v.routerId, plan, manager), manager);
    const dns = routers.find((r) => r.hotspotDnsName)?.hotspotDnsName ?? null;
    const password = v.password ?? v.code;
    return { code: v.code, password, loginUrl: dns ? hotspotLoginUrl(dns, v.code, password) : null, status: v.status };
  }

  // ---- expiry job and usage sync -----------------------------------------------------

  /**
   * Expires every voucher due at `now` through the due-index, in chunks (one transaction
   * each), and queues the removal of those that are on routers. Idempotent.
   */
  async expireDue(now: Date = this.clock.now()): Promise<ExpiryRunCounts> {
    const counts: ExpiryRunCounts = { expired: 0, removalsQueued: 0 };
    for (;;) {
      const n = await inTransaction(this.dataSource, async (manager) => {
        const rows = await this.vouchers.expireDue(manager, now, EXPIRY_CHUNK);
        counts.expired += rows.length;
        counts.removalsQueued += await this.queueRemovals(manager, rows);
        return rows.length;
      });
      if (n < EXPIRY_CHUNK) break;
    }
    return counts;
  }

  /** Usage sync: first login (→ in_use, usage windows start) and exhaustion (→ expired, removed). */
  async applyUsage(report: UsageReport): Promise<{ updated: number; firstLogins: number; exhausted: number }> {
    const byId = new Map<string, UsageReport['users'][number]>();
    for (const user of report.users) {
      const match = /^wavu:([0-9a-f-]{36})$/i.exec(user.comment ?? '');
      if (match) byId.set(match[1].toLowerCase(), user);
    }
    const result = { updated: 0, firstLogins: 0, exhausted: 0 };
    if (byId.size === 0) return result;
    await inTransaction(this.dataSource, async (manager) => {
      const vouchers = await this.vouchers.findForUsage(manager, report.providerId, [...byId.keys()]);
      for (const v of vouchers) {
        const usage = byId.get(v.id)!;
        const bytes = usage.bytesIn + usage.bytesOut;
        const changes: Partial<Voucher> = {
          uptimeUsedSeconds: Math.max(v.uptimeUsedSeconds, usage.uptimeSeconds),
          bytesUsed: Math.max(v.bytesUsed, bytes),
        };
        let status = v.status;
        const used = usage.active || usage.uptimeSeconds > 0 || bytes > 0;
        if (used && !v.firstLoginAt && (status === 'available' || status === 'sold')) {
          if (status === 'available') {
            // a printed card sold offline: its first login is its sale
            status = nextVoucherStatus(status, 'sell');
            changes.soldAt = report.at;
            changes.expiresAt = expiryAtSale(v, report.at);
          }
          status = nextVoucherStatus(status, 'first_login');
          changes.firstLoginAt = report.at;
          changes.expiresAt = expiryAtFirstLogin(v, changes.expiresAt !== undefined ? changes.expiresAt : v.expiresAt, report.at);
          result.firstLogins++;
        }
        if (status === 'in_use' && isExhausted(v, { uptimeSeconds: changes.uptimeUsedSeconds!, bytes: changes.bytesUsed!, limitReached: usage.limitReached })) {
          status = nextVoucherStatus(status, 'expire');
          changes.expiredAt = report.at;
          result.exhausted++;
          const routerIds = await this.routerIds(manager, v);
          await this.routers.enqueue(manager, v.providerId, this.routers.simpleOps(routerIds.includes(report.routerId) ? routerIds : [...routerIds, report.routerId], 'remove_user', v.code));
        }
        changes.status = status;
        await this.vouchers.update(manager, v.providerId, v.id, changes);
        result.updated++;
      }
    });
    return result;
  }

  // ---- internals ----------------------------------------------------------------------

  private async sellLocked(manager: EntityManager, voucher: Voucher, input: SaleInput): Promise<IssuedVoucher> {
    if (voucher.saleKey === input.saleKey) return toIssued(voucher, true);
    if (voucher.status !== 'available') {
      throw new VoucherException(VoucherErrorCode.VOUCHER_NOT_AVAILABLE, `This voucher is ${voucher.status.replace('_', ' ')}, not available for sale`);
    }
    const clash = await this.vouchers.findBySaleKey(manager, voucher.providerId, input.saleKey);
    if (clash) throw new VoucherException(VoucherErrorCode.VOUCHER_SALE_KEY_CONFLICT, 'This sale key already bought another voucher');
    const now = input.now ?? this.clock.now();
    const changes: Partial<Voucher> = {
      status: nextVoucherStatus(voucher.status, 'sell'),
      soldAt: now,
      expiresAt: expiryAtSale(voucher, now),
      saleKey: input.saleKey,
      buyerPhone: input.buyerPhone ? (normaliseMsisdn(input.buyerPhone) ?? input.buyerPhone) : null,
      paymentId: input.paymentId ?? null,
      pushedAt: voucher.pushedAt ?? now,
    };
    await this.vouchers.update(manager, voucher.providerId, voucher.id, changes);
    const sold = { ...voucher, ...changes };
    const plan = await this.planOf(manager, sold);
    const routerIds = await this.routers.routerIdsFor(sold.providerId, sold.routerId, plan, manager);
    await this.routers.enqueue(manager, sold.providerId, this.routers.upsertOps(routerIds, plan, sold));
    return toIssued(sold, false);
  }

  /** Locks the voucher, applies `work`'s changes and router ops, audits — one transaction. */
  private async change(
    providerId: string,
    id: string,
    action: string,
    actor: Principal | null,
    context: RequestContext | undefined,
    work: (manager: EntityManager, v: Voucher, now: Date) => Promise<{ changes: Partial<Voucher>; ops: ProvisioningOpInput[]; metadata?: Record<string, unknown> }>,
    outer?: EntityManager,
  ): Promise<VoucherDto> {
    const run = async (manager: EntityManager) => {
      const voucher = await this.vouchers.findByIdForUpdate(manager, providerId, id);
      if (!voucher) throw VoucherException.notFound();
      const { changes, ops, metadata } = await work(manager, voucher, this.clock.now());
      await this.vouchers.update(manager, providerId, id, changes);
      await this.routers.enqueue(manager, providerId, ops);
      await this.audit.record({ action, actor, providerId, target: { type: 'voucher', id }, context, metadata: { code: voucher.code, ...metadata } }, manager);
      return (await this.vouchers.findById(providerId, id, manager))!;
    };
    const updated = outer ? await run(outer) : await inTransaction(this.dataSource, run);
    return mapVoucher(updated);
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

  private async planOf(manager: EntityManager, v: Pick<Voucher, 'providerId' | 'planId'>): Promise<PlanSnapshot | null> {
    return (await this.plans.getSnapshots(v.providerId, [v.planId], manager))[0] ?? null;
  }

  private async routerIds(manager: EntityManager, v: Voucher): Promise<string[]> {
    return this.routers.routerIdsFor(v.providerId, v.routerId, v.routerId ? null : await this.planOf(manager, v), manager);
  }

  /** remove_user for each expired voucher that was put on routers. */
  private async queueRemovals(manager: EntityManager, rows: ExpiredVoucherRow[]): Promise<number> {
    const onRouters = rows.filter((r) => r.pushedAt);
    let queued = 0;
    const byProvider = new Map<string, typeof onRouters>();
    for (const row of onRouters) byProvider.set(row.providerId, [...(byProvider.get(row.providerId) ?? []), row]);
    for (const [providerId, list] of byProvider) {
      const needPlans = [...new Set(list.filter((r) => !r.routerId).map((r) => r.planId))];
      const planRouters = await this.plans.routerIdsByPlan(providerId, await this.plans.getSnapshots(providerId, needPlans, manager), manager);
      const ops = list.flatMap((r) => this.routers.simpleOps(r.routerId ? [r.routerId] : (planRouters.get(r.planId) ?? []), 'remove_user', r.code));
      await this.routers.enqueue(manager, providerId, ops);
      queued += ops.length;
    }
    return queued;
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

function toFilter(query: VoucherFilterQueryDto): VoucherFilter {
  const search = query.search?.replace(/\s+/g, '');
  return {
    status: query.status,
    planId: query.planId,
    batchId: query.batchId,
    routerId: query.routerId,
    createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
    createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
    search,
    phone: search ? normaliseMsisdn(search) : null,
  };
}
