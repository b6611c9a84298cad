import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { DAY_MS, startOfNairobiDay } from '../../common/time';
import { PaymentsService } from '../payments';
import { ProvidersService } from '../providers';
import { RouterOverviewService } from '../routers';
import { VouchersService } from '../vouchers';
import { LedgerTotalDto } from './dto/overview.dto';
import { PerformanceSort, ProviderPerformanceDto, ProviderPerformancePageDto, ProviderPerformanceQueryDto, PushStatsDto } from './dto/performance.dto';

const DEFAULT_DAYS = 30;
const MAX_RANGE_DAYS = 366;
/** The currency `sort=gross` ranks by (the platform's; rows in another currency rank by their KES part, usually 0). */
const SORT_CURRENCY = 'KES';

type Row = ProviderPerformanceDto;

/** An opaque page position: the offset into the sorted rows (the rows are ranked by figures computed per request, so there is no stable key to seek on). */
function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeOffset(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (Number.isInteger(value.o) && (value.o as number) > 0) return value.o as number;
  } catch {
    // fall through
  }
  throw new CommonException(CommonErrorCode.INVALID_CURSOR, 'Invalid cursor', [{ field: 'cursor', messages: ['cursor is not valid'] }]);
}

const pushStats = (s: { started: number; paid: number; failed: number; expired: number; medianSecondsToPaid: number | null } | undefined): PushStatsDto => ({
  started: s?.started ?? 0,
  paid: s?.paid ?? 0,
  failed: s?.failed ?? 0,
  expired: s?.expired ?? 0,
  successRate: s && s.started > 0 ? s.paid / s.started : null,
  medianSecondsToPaid: s?.medianSecondsToPaid ?? null,
});

const byGrossDesc = (a: LedgerTotalDto, b: LedgerTotalDto) => b.grossMinor - a.grossMinor || a.currency.localeCompare(b.currency);
const kesGross = (r: Row) => r.sales.find((s) => s.currency === SORT_CURRENCY)?.grossMinor ?? 0;

/** The sort key of a row; null sorts last whatever the order (a provider without pushes has no success rate). */
const SORT_KEYS: Record<Exclude<PerformanceSort, 'name'>, (r: Row) => number | null> = {
  gross: kesGross,
  successRate: (r) => r.pushes.successRate,
  routersOffline: (r) => r.routers.offline,
};

function compareRows(sort: PerformanceSort, order: 'asc' | 'desc'): (a: Row, b: Row) => number {
  const sign = order === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.providerId.localeCompare(b.providerId);
  if (sort === 'name') return (a, b) => sign * byName(a, b);
  const key = SORT_KEYS[sort];
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  };
}

/**
 * The super admin's per-provider performance report (docs/product.md §9, "Provider performance"):
 * one row per provider over a range, composed from the owning modules' services in a fixed
 * number of grouped queries (ledger, STK outcomes, latest sale, collection modes, routers,
 * vouchers) whatever the number of providers; the rows are then merged, sorted and paged here.
 */
@Injectable()
export class ProviderPerformanceService {
  constructor(
    private readonly providers: ProvidersService,
    private readonly payments: PaymentsService,
    private readonly routers: RouterOverviewService,
    private readonly vouchers: VouchersService,
    private readonly clock: Clock,
  ) {}

  async report(query: ProviderPerformanceQueryDto): Promise<ProviderPerformancePageDto> {
    const now = this.clock.now();
    const { from, to } = this.range(query, now);
    const sort = query.sort ?? 'gross';
    const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
    const limit = query.limit ?? 20;
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;

    const providers = await this.providers.listAllSummaries();
    const ids = providers.map((p) => p.id);
    const [payments, routers, vouchersSold] = await Promise.all([this.payments.performanceByProvider(ids, from, to), this.routers.countsByProvider(ids), this.vouchers.soldByProvider(ids, from, to)]);

    const sales = new Map<string, LedgerTotalDto[]>();
    for (const { providerId, ...row } of payments.ledger) sales.set(providerId, [...(sales.get(providerId) ?? []), row]);
    const stk = new Map(payments.stk.map((s) => [s.providerId, s]));

    const rows: Row[] = providers.map((p) => {
      const ledger = (sales.get(p.id) ?? []).sort(byGrossDesc);
      return {
        providerId: p.id,
        name: p.businessName,
        status: p.status,
        collectionMode: payments.modes.get(p.id) ?? 'platform',
        sales: ledger,
        salesCount: ledger.reduce((n, s) => n + s.count, 0),
        pushes: pushStats(stk.get(p.id)),
        routers: routers.get(p.id) ?? { total: 0, online: 0, offline: 0 },
        vouchersSold: vouchersSold.get(p.id) ?? 0,
        lastSaleAt: payments.lastSale.get(p.id)?.toISOString() ?? null,
      };
    });

    const totals = this.totals(rows, pushStats(stk.get(null)));
    const term = query.search?.trim().toLocaleLowerCase('en');
    const matching = (term ? rows.filter((r) => r.name.toLocaleLowerCase('en').includes(term)) : rows).sort(compareRows(sort, order));
    const items = matching.slice(offset, offset + limit);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: now.toISOString(),
      sort,
      order,
      totals,
      total: matching.length,
      items,
      nextCursor: offset + limit < matching.length ? encodeOffset(offset + limit) : null,
    };
  }

  /** The same figures summed over every provider; the median push time is the platform's own (medians do not add up). */
  private totals(rows: Row[], pushes: PushStatsDto): ProviderPerformancePageDto['totals'] {
    const sales = new Map<string, LedgerTotalDto>();
    const routers = { total: 0, online: 0, offline: 0 };
    let vouchersSold = 0;
    let lastSaleAt: string | null = null;
    for (const r of rows) {
      for (const s of r.sales) {
        const t = sales.get(s.currency) ?? { currency: s.currency, count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 };
        t.count += s.count;
        t.grossMinor += s.grossMinor;
        t.refundCount += s.refundCount;
        t.refundsMinor += s.refundsMinor;
        t.commissionMinor += s.commissionMinor;
        t.netMinor += s.netMinor;
        sales.set(s.currency, t);
      }
      routers.total += r.routers.total;
      routers.online += r.routers.online;
      routers.offline += r.routers.offline;
      vouchersSold += r.vouchersSold;
      if (r.lastSaleAt && (!lastSaleAt || r.lastSaleAt > lastSaleAt)) lastSaleAt = r.lastSaleAt;
    }
    const ledger = [...sales.values()].sort(byGrossDesc);
    return { providers: rows.length, sales: ledger, salesCount: ledger.reduce((n, s) => n + s.count, 0), pushes, routers, vouchersSold, lastSaleAt };
  }

  /** [from, to): default the last 30 Nairobi days (today included); at most 366 days. */
  private range(query: ProviderPerformanceQueryDto, now: Date): { from: Date; to: Date } {
    const to = query.to ? new Date(query.to) : startOfNairobiDay(now, -1);
    const from = query.from ? new Date(query.from) : query.to ? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS) : startOfNairobiDay(now, DEFAULT_DAYS - 1);
    if (from >= to) throw CommonException.validation([{ field: 'from', messages: ['from must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw CommonException.validation([{ field: 'from', messages: [`the range may span at most ${MAX_RANGE_DAYS} days`] }]);
    return { from, to };
  }
}
