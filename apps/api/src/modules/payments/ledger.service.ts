import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { toMinor } from '../../common/money';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { RoutersService } from '../routers';
import { CreatePayoutDto, ledgerCsv, mapRevenueRow, PayoutBalanceDto, RevenueQueryDto, RevenueReportDto, revenueCsv } from './dto/payment.dto';
import { LedgerRepository } from './ledger.repository';
import { ReportsRepository } from './reports.repository';
import { PaymentSettingsService } from './payment-settings.service';

const MAX_RANGE_MS = 400 * 86_400_000;
const CSV_ROW_LIMIT = 100_000;

/** Revenue reports, CSV exports and the payouts balance, all from ledger_entries (exact integers). */
@Injectable()
export class LedgerService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reports: ReportsRepository,
    private readonly settings: PaymentSettingsService,
    private readonly routers: RoutersService,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `providerId` null = the whole platform (super admin). */
  async revenue(providerId: string | null, query: RevenueQueryDto): Promise<RevenueReportDto> {
    const { from, to } = this.range(query);
    const groupBy = query.groupBy ?? 'day';
    const [rows, byMethod] = await Promise.all([this.reports.revenue(providerId, groupBy, from, to).then((r) => r.map(mapRevenueRow)), this.reports.ledgerByMethod(providerId, from, to)]);
    if (groupBy === 'router' && providerId) {
      const names = new Map((await this.routers.listRouters(providerId)).map((r) => [r.id, r.name]));
      for (const row of rows) row.label = row.key === 'all' ? 'All routers' : (names.get(row.key) ?? 'Removed router');
    }
    const total = rows.reduce(
      (t, r) => ({ ...t, count: t.count + r.count, grossMinor: t.grossMinor + r.grossMinor, commissionMinor: t.commissionMinor + r.commissionMinor, netMinor: t.netMinor + r.netMinor }),
      {
        key: 'total',
        label: null,
        count: 0,
        grossMinor: 0,
        commissionMinor: 0,
        netMinor: 0,
      },
    );
    return { groupBy, from: from.toISOString(), to: to.toISOString(), currency: 'KES', rows, total, byMethod };
  }

  async revenueCsv(providerId: string | null, query: RevenueQueryDto): Promise<{ filename: string; body: string }> {
    const report = await this.revenue(providerId, query);
    return { filename: `revenue-by-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`, body: revenueCsv(report) };
  }

  async ledgerCsv(providerId: string | null, query: RevenueQueryDto): Promise<{ filename: string; body: string }> {
    const { from, to } = this.range(query);
    const rows = await this.ledger.ledgerRows(providerId, from, to, CSV_ROW_LIMIT);
    return { filename: `ledger-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`, body: ledgerCsv(rows) };
  }

  async balance(providerId: string): Promise<PayoutBalanceDto> {
    const settings = await this.settings.row(providerId);
    const { owedMinor, paidOutMinor } = await this.ledger.payoutBalance(providerId);
    return { mode: settings.mode, owedMinor, paidOutMinor, balanceMinor: owedMinor - paidOutMinor, currency: 'KES' };
  }

  /** Super admin records money paid out to a platform-collection provider. */
  async recordPayout(providerId: string, dto: CreatePayoutDto, actor: Principal, context: RequestContext): Promise<PayoutBalanceDto> {
    await this.providers.get(providerId);
    const before = await this.balance(providerId);
    const amountMinor = toMinor(dto.amount, 'KES');
    if (amountMinor > before.balanceMinor) throw CommonException.validation([{ field: 'amount', messages: ['amount exceeds what the platform owes this provider'] }]);
    await this.ledger.insertPayout({ providerId, amountMinor, currency: 'KES', reference: dto.reference.trim(), note: dto.note?.trim() || null, createdBy: actor.userId });
    await this.audit.record({ action: 'payments.payout_recorded', actor, providerId, target: { type: 'provider', id: providerId }, context, metadata: { amountMinor, reference: dto.reference } });
    return this.balance(providerId);
  }

  private range(query: RevenueQueryDto): { from: Date; to: Date } {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw CommonException.validation([{ field: 'from', messages: ['from must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw CommonException.validation([{ field: 'from', messages: ['the range may span at most 400 days'] }]);
    return { from, to };
  }
}
