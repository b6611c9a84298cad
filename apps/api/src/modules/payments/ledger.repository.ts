import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { Payout } from './entities/payout.entity';

/** The ledger (one entry per settled payment) and the payouts made against it (docs/architecture.md rules 1 and 3). */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertLedgerEntry(manager: EntityManager, row: Partial<LedgerEntry>): Promise<void> {
    await manager.createQueryBuilder().insert().into(LedgerEntry).values(row).orIgnore().execute();
  }

  /** A complimentary voucher's ledger row: method comp, gross, commission and net 0 (docs/routers.md). */
  async insertComplimentaryEntry(
    manager: EntityManager,
    providerId: string,
    occurredAt: Date,
    v: { voucherId: string; currency: string; planId: string; planName: string; routerId: string | null },
  ): Promise<void> {
    await this.insertLedgerEntry(manager, {
      providerId,
      paymentId: null,
      source: 'comp',
      kind: 'sale',
      collectionMode: 'own_account',
      grossMinor: 0,
      commissionRateBp: 0,
      commissionMinor: 0,
      netMinor: 0,
      currency: v.currency as LedgerEntry['currency'],
      receipt: null,
      phoneMasked: null,
      planId: v.planId,
      planName: v.planName,
      routerId: v.routerId,
      voucherId: v.voucherId,
      occurredAt,
    });
  }

  /**
   * Ledger rows of printed cards sold without a payment, in one statement: cash sales
   * (docs/cash-sales.md) and reseller cards (docs/resellers.md: method reseller, gross = the
   * reseller price, with the reseller). A voucher that already has such a row is skipped by
   * uq_ledger_entries_voucher_sale. Returns the vouchers written.
   */
  async insertCashEntries(
    manager: EntityManager,
    providerId: string,
    occurredAt: Date,
    rows: Array<{ voucherId: string; grossMinor: number; currency: string; planId: string; planName: string; routerId: string | null; resellerId: string | null }>,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const written: { voucher_id: string }[] = await manager.query(
      `INSERT INTO ledger_entries (provider_id, payment_id, source, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency,
         receipt, phone_masked, plan_id, plan_name, router_id, voucher_id, reseller_id, occurred_at)
       SELECT $1, NULL, CASE WHEN r.reseller_id IS NULL THEN 'cash' ELSE 'reseller' END, 'own_account', r.gross, 0, 0, r.gross, r.currency, NULL, NULL,
              r.plan_id, r.plan_name, r.router_id, r.voucher_id, r.reseller_id, $2
         FROM unnest($3::uuid[], $4::bigint[], $5::varchar[], $6::uuid[], $7::varchar[], $8::uuid[], $9::uuid[]) AS r(voucher_id, gross, currency, plan_id, plan_name, router_id, reseller_id)
       ON CONFLICT (voucher_id) WHERE source IN ('cash', 'reseller') AND kind = 'sale' DO NOTHING
       RETURNING voucher_id`,
      [
        providerId,
        occurredAt,
        rows.map((r) => r.voucherId),
        rows.map((r) => r.grossMinor),
        rows.map((r) => r.currency),
        rows.map((r) => r.planId),
        rows.map((r) => r.planName),
        rows.map((r) => r.routerId),
        rows.map((r) => r.resellerId),
      ],
    );
    return new Set(written.map((w) => w.voucher_id));
  }

  /** A voucher's sales not yet refunded (normally one), read inside the refund's transaction after the voucher lock. */
  salesToRefund(manager: EntityManager, providerId: string, voucherId: string): Promise<LedgerEntry[]> {
    return manager
      .createQueryBuilder(LedgerEntry, 'l')
      .where(`l.provider_id = :providerId AND l.voucher_id = :voucherId AND l.kind = 'sale'`, { providerId, voucherId })
      .andWhere(`NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = l.id)`)
      .orderBy('l.occurred_at', 'ASC')
      .getMany();
  }

  /** A refund entry; no ON CONFLICT: a second refund of the same sale fails on `uq_ledger_entries_reverses`. */
  async insertRefund(manager: EntityManager, row: Partial<LedgerEntry>): Promise<LedgerEntry> {
    return manager.save(manager.create(LedgerEntry, { ...row, kind: 'refund' }));
  }

  async backfillLedgerReceipt(manager: EntityManager, paymentId: string, receipt: string): Promise<void> {
    await manager.update(LedgerEntry, { paymentId, receipt: IsNull() }, { receipt });
  }

  /** Ledger rows for CSV export (bounded). */
  ledgerRows(providerId: string | null, from: Date, to: Date, limit: number): Promise<LedgerEntry[]> {
    const qb = this.dataSource.createQueryBuilder(LedgerEntry, 'l').where('l.occurred_at >= :from AND l.occurred_at < :to', { from, to });
    if (providerId) qb.andWhere('l.provider_id = :providerId', { providerId });
    return qb.orderBy('l.occurred_at', 'ASC').addOrderBy('l.id', 'ASC').take(limit).getMany();
  }

  /** Platform-collected net owed to a provider, and what was paid out. */
  async payoutBalance(providerId: string, manager: EntityManager = this.dataSource.manager): Promise<{ owedMinor: number; paidOutMinor: number }> {
    const [row] = await manager.query<{ owed: string; paid: string }[]>(
      `SELECT (SELECT coalesce(sum(net_minor), 0) FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform')::bigint AS owed,
              (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE provider_id = $1)::bigint AS paid`,
      [providerId],
    );
    return { owedMinor: Number(row.owed), paidOutMinor: Number(row.paid) };
  }

  /** Serialises payouts of one provider (transaction-scoped advisory lock), so two at once cannot overdraw the balance. */
  async lockPayouts(manager: EntityManager, providerId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('payouts:' || $1, 0))`, [providerId]);
  }

  insertPayout(manager: EntityManager, row: Partial<Payout>): Promise<Payout> {
    return manager.save(manager.create(Payout, row));
  }

  /** What the platform owes each provider with platform-collected money or payouts: owed (net after refunds), paid out, last payout. */
  async balances(): Promise<Array<{ providerId: string; owedMinor: number; paidOutMinor: number; lastPayoutAt: Date | null }>> {
    const rows = await this.dataSource.query<{ provider_id: string; owed: string; paid: string; last_payout_at: Date | null }[]>(
      `SELECT coalesce(l.provider_id, p.provider_id) AS provider_id, coalesce(l.owed, 0)::bigint AS owed, coalesce(p.paid, 0)::bigint AS paid, p.last_payout_at
         FROM (SELECT provider_id, sum(net_minor) AS owed FROM ledger_entries WHERE collection_mode = 'platform' GROUP BY provider_id) l
         FULL JOIN (SELECT provider_id, sum(amount_minor) AS paid, max(created_at) AS last_payout_at FROM payouts GROUP BY provider_id) p ON p.provider_id = l.provider_id
        ORDER BY coalesce(l.owed, 0) - coalesce(p.paid, 0) DESC, 1`,
    );
    return rows.map((r) => ({ providerId: r.provider_id, owedMinor: Number(r.owed), paidOutMinor: Number(r.paid), lastPayoutAt: r.last_payout_at }));
  }

  /** The payouts balance just before `at` (platform-collected net after refunds − payouts). */
  async balanceBefore(providerId: string, at: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ balance: string }[]>(
      `SELECT ((SELECT coalesce(sum(net_minor), 0) FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform' AND occurred_at < $2)
             - (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE provider_id = $1 AND created_at < $2))::bigint AS balance`,
      [providerId, at],
    );
    return Number(row.balance);
  }

  /** Platform-collected sales and refunds per Nairobi day over [from, to), oldest first. */
  async statementDays(
    providerId: string,
    from: Date,
    to: Date,
  ): Promise<Array<{ day: string; count: number; grossMinor: number; refundCount: number; refundsMinor: number; commissionMinor: number; netMinor: number }>> {
    const rows = await this.dataSource.query<{ day: string; count: number; gross: string; refund_count: number; refunds: string; commission: string; net: string }[]>(
      `SELECT to_char(occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE kind = 'sale')::int AS count, coalesce(sum(gross_minor) FILTER (WHERE kind = 'sale'), 0)::bigint AS gross,
              count(*) FILTER (WHERE kind = 'refund')::int AS refund_count, coalesce(-sum(gross_minor) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunds,
              sum(commission_minor)::bigint AS commission, sum(net_minor)::bigint AS net
         FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform' AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY 1 ORDER BY 1`,
      [providerId, from, to],
    );
    return rows.map((r) => ({
      day: r.day,
      count: r.count,
      grossMinor: Number(r.gross),
      refundCount: r.refund_count,
      refundsMinor: Number(r.refunds),
      commissionMinor: Number(r.commission),
      netMinor: Number(r.net),
    }));
  }

  /** Payouts made over [from, to), oldest first. */
  payoutsBetween(providerId: string, from: Date, to: Date): Promise<Payout[]> {
    return this.dataSource
      .createQueryBuilder(Payout, 'p')
      .where('p.provider_id = :providerId AND p.created_at >= :from AND p.created_at < :to', { providerId, from, to })
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }
}
