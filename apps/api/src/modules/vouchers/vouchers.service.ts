import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { toWhole } from '../../common/money';
import { Page, mapPage } from '../../common/pagination/page';
import { normaliseMsisdn } from '../../common/phone';
import { ListVouchersQueryDto, mapVoucher, VoucherCountsDto, VoucherDetailDto, VoucherDto, VoucherOnRouterDto, VoucherFilterQueryDto } from './dto/voucher.dto';
import { hotspotLoginUrl, VoucherRouters } from './voucher-routers';
import { VOUCHER_STATUSES, VoucherStatus } from './voucher-status';
import { VoucherException } from './vouchers.exception';
import { VoucherFilter, VouchersRepository } from './vouchers.repository';
import type { Voucher } from './entities/voucher.entity';

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

const summaryOf = (v: Voucher): VoucherSummary => ({
  id: v.id,
  status: v.status,
  planId: v.planId,
  planName: v.planName,
  priceMinor: v.priceMinor,
  price: toWhole(v.priceMinor, v.currency),
  currency: v.currency,
  routerId: v.routerId,
  paymentReference: v.paymentReference,
});

export interface VoucherRedemptionCheck {
  usable: boolean;
  reason: 'not_found' | 'expired' | 'disabled' | 'other_router' | null;
  planName: string | null;
  expiresAt: Date | null;
}

/**
 * Reading vouchers: the dashboard's list, counts and detail, and the look-ups payments and the
 * captive portal make (payment reference, redemption check, credentials). Sales live in
 * VoucherSalesService, staff actions in VoucherActionsService, expiry and usage in VoucherUsageService.
 */
@Injectable()
export class VouchersService {
  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly routers: VoucherRouters,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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

  /** Vouchers sold in [from, to) per provider (the performance report); providers without any are absent. */
  async soldByProvider(providerIds: string[], from: Date, to: Date): Promise<Map<string, number>> {
    return new Map((await this.vouchers.soldByProvider(providerIds, from, to)).map((r) => [r.provider_id, r.count]));
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
    const routerIds = await this.routers.routerIdsOf(this.dataSource.manager, voucher);
    const [summaries, confirmation] = await Promise.all([this.routers.summaries(providerId, routerIds), this.routers.api.confirmation(providerId, routerIds, [voucher.code])]);
    const usable = ['available', 'sold', 'in_use'].includes(voucher.status);
    const routers = summaries.map((r): VoucherOnRouterDto => {
      const c = confirmation.get(r.id);
      const state = c?.confirmed ? 'on_router' : c?.wanted ? 'waiting' : !usable && voucher.pushedAt ? 'not_wanted' : 'not_pushed';
      return { routerId: r.id, routerName: r.name, state };
    });
    return { ...mapVoucher(voucher), routers };
  }

  /** The public view of a payment reference (null if unknown): what is being paid for. */
  /**
   * "Recover by phone": the codes bought by (or generated for) this phone at this provider in the
   * last `days` days that can still log in, newest first (at most `limit`).
   */
  async usableForPhone(providerId: string, phone: string, days: number, limit: number): Promise<Array<{ id: string; code: string; password: string | null; planName: string }>> {
    const since = new Date(this.clock.now().getTime() - days * 86_400_000);
    const rows = await this.vouchers.usableForPhone(providerId, phone, since, this.clock.now(), limit);
    return rows.map((v) => ({ id: v.id, code: v.code, password: v.password, planName: v.planName }));
  }

  async findByPaymentReference(providerId: string, reference: string, manager?: EntityManager): Promise<VoucherSummary | null> {
    const v = await this.vouchers.findByReference(providerId, reference.trim().toUpperCase(), manager);
    return v ? summaryOf(v) : null;
  }

  /**
   * Whose voucher a payment reference is, across providers (references are unique across providers):
   * how money paid to the platform's shortcode with only a reference finds its provider. Null if unknown.
   */
  async findByPaymentReferenceAnyProvider(reference: string, manager?: EntityManager): Promise<(VoucherSummary & { providerId: string }) | null> {
    const v = await this.vouchers.findByReferenceAnyProvider(reference.trim().toUpperCase(), manager);
    return v ? { ...summaryOf(v), providerId: v.providerId } : null;
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
    const plan = await this.routers.planOf(this.dataSource.manager, v);
    const routerIds = await this.routers.routerIdsFor(providerId, v.routerId, plan);
    if (!routerIds.includes(routerId)) return { usable: false, reason: 'other_router', ...base };
    return { usable: true, reason: null, ...base };
  }

  /** Code, password and a login link, to show or resend to the buyer. */
  async getCredentials(providerId: string, voucherId: string, manager?: EntityManager): Promise<{ code: string; password: string; loginUrl: string | null; status: VoucherStatus }> {
    const v = await this.vouchers.findById(providerId, voucherId, manager);
    if (!v) throw VoucherException.notFound();
    const plan = await this.routers.planOf(manager ?? this.dataSource.manager, v);
    const routers = await this.routers.summaries(providerId, await this.routers.routerIdsFor(providerId, v.routerId, plan, manager), manager);
    const dns = routers.find((r) => r.hotspotDnsName)?.hotspotDnsName ?? null;
    const password = v.password ?? v.code;
    return { code: v.code, password, loginUrl: dns ? hotspotLoginUrl(dns, v.code, password) : null, status: v.status };
  }
}

function toFilter(query: VoucherFilterQueryDto): VoucherFilter {
  const search = query.search?.replace(/\s+/g, '');
  return {
    status: query.status,
    planId: query.planId,
    batchId: query.batchId,
    routerId: query.routerId,
    resellerId: query.resellerId,
    createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
    createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
    search,
    phone: search ? normaliseMsisdn(search) : null,
    sale: query.sale,
  };
}
