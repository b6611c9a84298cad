import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LEDGER_SOURCES, LedgerSource } from './entities/ledger-entry.entity';
import { WebhookLog } from './entities/webhook-log.entity';

export type RevenueGroup = 'day' | 'week' | 'month' | 'plan' | 'router' | 'method';

/** How each ledger source (the sale's method) is named to people. */
const METHOD_LABELS: Record<LedgerSource, string> = { stk: 'M-Pesa STK', c2b: 'M-Pesa paybill', cash: 'Cash', reseller: 'Reseller', comp: 'Complimentary' };

/** Ledger totals of one method (stk, c2b, cash, reseller) and currency. */
export interface MethodTotalRow extends LedgerTotalRow {
  method: LedgerSource;
  label: string;
}

/** STK pushes of one provider (providerId null: all of them) over a range; see stkOutcomesByProvider. */
export interface StkOutcomeRow {
  providerId: string | null;
  started: number;
  paid: number;
  failed: number;
  expired: number;
  medianSecondsToPaid: number | null;
}

/** Sales and refunds: `count`/`grossMinor` are sales (a refund never hides a sale); commission and net are after refunds, so gross − refunds = commission + net. */
interface LedgerSums {
  count: number;
  grossMinor: number;
  refundCount: number;
  /** Refunded gross, a positive number. */
  refundsMinor: number;
  commissionMinor: number;
  netMinor: number;
}

export interface LedgerTotalRow extends LedgerSums {
  currency: string;
}

export interface RevenueRow extends LedgerSums {
  key: string;
  label: string | null;
}

/** The sums of LedgerSums over ledger entries aliased `l`. */
const SUMS = `count(*) FILTER (WHERE l.kind = 'sale')::int AS count, coalesce(sum(l.gross_minor) FILTER (WHERE l.kind = 'sale'), 0)::bigint AS gross,
              count(*) FILTER (WHERE l.kind = 'refund')::int AS refund_count, coalesce(-sum(l.gross_minor) FILTER (WHERE l.kind = 'refund'), 0)::bigint AS refunds,
              sum(l.commission_minor)::bigint AS commission, sum(l.net_minor)::bigint AS net`;
type SumsSql = { count: number; gross: string; refund_count: number; refunds: string; commission: string; net: string };
const sums = (r: SumsSql): LedgerSums => ({
  count: r.count,
  grossMinor: Number(r.gross),
  refundCount: r.refund_count,
  refundsMinor: Number(r.refunds),
  commissionMinor: Number(r.commission),
  netMinor: Number(r.net),
});

/** Read-only figures for the revenue report and the dashboards (docs/product.md §9): ledger totals, payment and webhook outcomes. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
      method: `l.source`,
    };
    const label = group === 'plan' ? 'max(l.plan_name)' : 'NULL';
    const byGross = group === 'plan' || group === 'router' || group === 'method';
    const params: unknown[] = [from, to];
    let where = 'l.occurred_at >= $1 AND l.occurred_at < $2';
    if (providerId) {
      params.push(providerId);
      where += ' AND l.provider_id = $3';
    }
    const rows = await this.dataSource.query<Array<SumsSql & { key: string; label: string | null }>>(
      `SELECT ${key[group]} AS key, ${label} AS label, ${SUMS}
         FROM ledger_entries l WHERE ${where} GROUP BY 1 ORDER BY ${byGross ? 'gross DESC, 1' : '1'}`,
      params,
    );
    return rows.map((r) => ({ key: r.key, label: group === 'method' ? (METHOD_LABELS[r.key as LedgerSource] ?? r.key) : r.label, ...sums(r) }));
  }

  /**
   * Ledger totals per method and currency over [from, to); every method is listed (zeros
   * included) for each currency sold in, KES when none. providerId null = the whole platform.
   */
  async ledgerByMethod(providerId: string | null, from: Date, to: Date): Promise<MethodTotalRow[]> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const rows = await this.dataSource.query<Array<SumsSql & { method: LedgerSource; currency: string }>>(
      `SELECT l.source AS method, l.currency, ${SUMS}
         FROM ledger_entries l WHERE l.occurred_at >= $1 AND l.occurred_at < $2 ${providerId ? 'AND l.provider_id = $3' : ''}
        GROUP BY l.source, l.currency`,
      params,
    );
    const currencies = [...new Set(rows.map((r) => r.currency))].sort();
    if (currencies.length === 0) currencies.push('KES');
    return currencies.flatMap((currency) =>
      LEDGER_SOURCES.map((method) => {
        const r = rows.find((x) => x.method === method && x.currency === currency);
        const zero: LedgerSums = { count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 };
        return { method, label: METHOD_LABELS[method], currency, ...(r ? sums(r) : zero) };
      }),
    );
  }

  /** Ledger totals per currency over [from, to); providerId null = the whole platform. */
  async ledgerTotals(providerId: string | null, from: Date, to: Date): Promise<LedgerTotalRow[]> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const rows = await this.dataSource.query<Array<SumsSql & { currency: string }>>(
      `SELECT l.currency, ${SUMS}
         FROM ledger_entries l WHERE l.occurred_at >= $1 AND l.occurred_at < $2 ${providerId ? 'AND l.provider_id = $3' : ''}
        GROUP BY l.currency ORDER BY gross DESC, l.currency`,
      params,
    );
    return rows.map((r) => ({ currency: r.currency, ...sums(r) }));
  }

  /** Ledger per Nairobi day and currency over [from, to). */
  async ledgerDaily(providerId: string | null, from: Date, to: Date): Promise<Array<LedgerTotalRow & { day: string }>> {
    const params: unknown[] = [from, to];
    if (providerId) params.push(providerId);
    const rows = await this.dataSource.query<Array<SumsSql & { day: string; currency: string }>>(
      `SELECT to_char(l.occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD') AS day, l.currency, ${SUMS}
         FROM ledger_entries l WHERE l.occurred_at >= $1 AND l.occurred_at < $2 ${providerId ? 'AND l.provider_id = $3' : ''}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      params,
    );
    return rows.map((r) => ({ day: r.day, currency: r.currency, ...sums(r) }));
  }

  /** Best-selling plans of a provider over [from, to), by gross sales (refunds aside). */
  async topPlans(providerId: string, from: Date, to: Date, limit: number): Promise<Array<{ planId: string; planName: string; currency: string; count: number; grossMinor: number }>> {
    const rows = await this.dataSource.query<{ plan_id: string; plan_name: string; currency: string; count: number; gross: string }[]>(
      `SELECT plan_id::text AS plan_id, max(plan_name) AS plan_name, currency, count(*)::int AS count, sum(gross_minor)::bigint AS gross
         FROM ledger_entries WHERE provider_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND kind = 'sale'
        GROUP BY plan_id, currency ORDER BY sum(gross_minor) DESC, count(*) DESC, plan_id LIMIT $4`,
      [providerId, from, to, limit],
    );
    return rows.map((r) => ({ planId: r.plan_id, planName: r.plan_name, currency: r.currency, count: r.count, grossMinor: Number(r.gross) }));
  }

  /** Ledger totals per provider and currency over [from, to), for the given providers (the performance report). */
  async ledgerByProvider(providerIds: string[], from: Date, to: Date): Promise<Array<LedgerTotalRow & { providerId: string }>> {
    if (providerIds.length === 0) return [];
    const rows = await this.dataSource.query<Array<SumsSql & { provider_id: string; currency: string }>>(
      `SELECT l.provider_id, l.currency, ${SUMS}
         FROM ledger_entries l WHERE l.occurred_at >= $2 AND l.occurred_at < $3 AND l.provider_id = ANY($1::uuid[])
        GROUP BY l.provider_id, l.currency`,
      [providerIds, from, to],
    );
    return rows.map((r) => ({ providerId: r.provider_id, currency: r.currency, ...sums(r) }));
  }

  /**
   * STK pushes started in [from, to) per provider and, in the row whose providerId is null, for all
   * of them together (the median is not additive): started, paid, failed (failed or cancelled),
   * expired, and the median seconds from the push to paid over the paid ones.
   */
  async stkOutcomesByProvider(providerIds: string[], from: Date, to: Date): Promise<StkOutcomeRow[]> {
    if (providerIds.length === 0) return [];
    const rows = await this.dataSource.query<Array<{ provider_id: string | null; started: number; paid: number; failed: number; expired: number; median: number | null }>>(
      `SELECT provider_id, count(*)::int AS started, count(*) FILTER (WHERE status = 'paid')::int AS paid,
              count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS failed, count(*) FILTER (WHERE status = 'expired')::int AS expired,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM paid_at - created_at)) FILTER (WHERE status = 'paid' AND paid_at IS NOT NULL) AS median
         FROM payments WHERE source = 'stk' AND created_at >= $2 AND created_at < $3 AND provider_id = ANY($1::uuid[])
        GROUP BY GROUPING SETS ((provider_id), ())`,
      [providerIds, from, to],
    );
    return rows.map((r) => ({
      providerId: r.provider_id,
      started: r.started,
      paid: r.paid,
      failed: r.failed,
      expired: r.expired,
      medianSecondsToPaid: r.median === null ? null : Math.round(Number(r.median)),
    }));
  }

  /** Each provider's latest sale ever (any method), one index probe per provider on (provider_id, occurred_at). */
  async lastSaleByProvider(providerIds: string[]): Promise<Map<string, Date>> {
    if (providerIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; at: Date | null }>>(
      `SELECT p.id, (SELECT max(l.occurred_at) FROM ledger_entries l WHERE l.provider_id = p.id AND l.kind = 'sale') AS at FROM unnest($1::uuid[]) AS p(id)`,
      [providerIds],
    );
    return new Map(rows.filter((r) => r.at !== null).map((r) => [r.id, new Date(r.at!)]));
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
}
