import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { formatMoney, toMinor } from '../../common/money';
import { nairobiDay } from '../../common/time';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { RoutersService } from '../routers';
import {
  CreatePayoutDto,
  ledgerCsv,
  mapPayout,
  mapRevenueRow,
  PayoutBalanceDto,
  PayoutStatementDto,
  ProviderBalanceDto,
  RevenueQueryDto,
  RevenueReportDto,
  revenueCsv,
  StatementDayDto,
  StatementQueryDto,
  statementCsv,
} from './dto/payment.dto';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
      (t, r) => ({
        ...t,
        count: t.count + r.count,
        grossMinor: t.grossMinor + r.grossMinor,
        refundCount: t.refundCount + r.refundCount,
        refundsMinor: t.refundsMinor + r.refundsMinor,
        commissionMinor: t.commissionMinor + r.commissionMinor,
        netMinor: t.netMinor + r.netMinor,
      }),
      { key: 'total', label: null, count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
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

  /**
   * Super admin records money paid out to a provider (docs/mpesa.md, Payouts): amount > 0 and at
   * most the balance now (no advances; a refund can make the balance negative, then nothing can be
   * paid until sales cover it). Checked under a per-provider lock, so two payouts at once cannot
   * overdraw it; audited in the same transaction.
   */
  async recordPayout(providerId: string, dto: CreatePayoutDto, actor: Principal, context: RequestContext): Promise<PayoutBalanceDto> {
    await this.providers.get(providerId);
    const amountMinor = toMinor(dto.amount, 'KES');
    const reference = dto.reference.trim();
    await inTransaction(this.dataSource, async (manager) => {
      await this.ledger.lockPayouts(manager, providerId);
      const { owedMinor, paidOutMinor } = await this.ledger.payoutBalance(providerId, manager);
      const balanceMinor = owedMinor - paidOutMinor;
      if (amountMinor > balanceMinor) {
        throw CommonException.validation([{ field: 'amount', messages: [`amount exceeds what the platform owes this provider (${formatMoney(Math.max(balanceMinor, 0), 'KES')})`] }]);
      }
      await this.ledger.insertPayout(manager, { providerId, amountMinor, currency: 'KES', method: dto.method, reference, note: dto.note?.trim() || null, createdBy: actor.userId });
      await this.audit.record(
        { action: 'payments.payout_recorded', actor, providerId, target: { type: 'provider', id: providerId }, context, metadata: { amountMinor, method: dto.method, reference } },
        manager,
      );
    });
    return this.balance(providerId);
  }

  /** Super admin: what the platform owes each provider that collected through it or was paid out, largest balance first. */
  async balances(): Promise<ProviderBalanceDto[]> {
    const rows = await this.ledger.balances();
    const names = await this.providers.getSummaries(rows.map((r) => r.providerId));
    const modes = await this.settings.modes(rows.map((r) => r.providerId));
    return rows.map((r) => ({
      providerId: r.providerId,
      businessName: names.get(r.providerId)?.businessName ?? null,
      mode: modes.get(r.providerId) ?? 'platform',
      owedMinor: r.owedMinor,
      paidOutMinor: r.paidOutMinor,
      balanceMinor: r.owedMinor - r.paidOutMinor,
      currency: 'KES',
      lastPayoutAt: r.lastPayoutAt?.toISOString() ?? null,
    }));
  }

  /** A provider's payout statement over [from, to): per Nairobi day sales, commission, refunds, payouts and the running balance. `checkProvider`: 404 for an unknown id (super admin). */
  async statement(providerId: string, query: StatementQueryDto, checkProvider = false): Promise<PayoutStatementDto> {
    const { from, to } = this.range(query);
    if (checkProvider) await this.providers.get(providerId);
    const [opening, days, payouts] = await Promise.all([
      this.ledger.balanceBefore(providerId, from),
      this.ledger.statementDays(providerId, from, to),
      this.ledger.payoutsBetween(providerId, from, to),
    ]);
    const byDay = new Map<string, StatementDayDto>();
    const day = (key: string): StatementDayDto => {
      let d = byDay.get(key);
      if (!d) byDay.set(key, (d = { day: key, count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0, payoutsMinor: 0, balanceMinor: 0 }));
      return d;
    };
    for (const d of days) Object.assign(day(d.day), d);
    for (const p of payouts) day(nairobiDay(p.createdAt)).payoutsMinor += p.amountMinor;
    const rows = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    let balance = opening;
    const total: StatementDayDto = { day: 'total', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0, payoutsMinor: 0, balanceMinor: 0 };
    for (const r of rows) {
      balance += r.netMinor - r.payoutsMinor;
      r.balanceMinor = balance;
      for (const k of ['count', 'grossMinor', 'refundCount', 'refundsMinor', 'commissionMinor', 'netMinor', 'payoutsMinor'] as const) total[k] += r[k];
    }
    total.balanceMinor = balance;
    return {
      providerId,
      from: from.toISOString(),
      to: to.toISOString(),
      currency: 'KES',
      openingBalanceMinor: opening,
      closingBalanceMinor: balance,
      total,
      days: rows,
      payouts: payouts.map(mapPayout),
    };
  }

  async statementCsv(providerId: string, query: StatementQueryDto, checkProvider = false): Promise<{ filename: string; body: string }> {
    const s = await this.statement(providerId, query, checkProvider);
    return { filename: `payout-statement-${s.from.slice(0, 10)}-${s.to.slice(0, 10)}.csv`, body: statementCsv(s) };
  }

  private range(query: StatementQueryDto): { from: Date; to: Date } {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw CommonException.validation([{ field: 'from', messages: ['from must be before to'] }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw CommonException.validation([{ field: 'from', messages: ['the range may span at most 400 days'] }]);
    return { from, to };
  }
}
