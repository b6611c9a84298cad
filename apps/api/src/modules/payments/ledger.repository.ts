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

  /**
   * Cash sales' ledger rows in one statement (docs/cash-sales.md); a voucher that already has a
   * cash row is skipped by uq_ledger_entries_cash_voucher. Returns the vouchers written.
   */
  async insertCashEntries(
    manager: EntityManager,
    providerId: string,
    occurredAt: Date,
    rows: Array<{ voucherId: string; grossMinor: number; currency: string; planId: string; planName: string; routerId: string | null }>,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const written: { voucher_id: string }[] = await manager.query(
      `INSERT INTO ledger_entries (provider_id, payment_id, source, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency,
         receipt, phone_masked, plan_id, plan_name, router_id, voucher_id, occurred_at)
       SELECT $1, NULL, 'cash', 'own_account', r.gross, 0, 0, r.gross, r.currency, NULL, NULL, r.plan_id, r.plan_name, r.router_id, r.voucher_id, $2
         FROM unnest($3::uuid[], $4::bigint[], $5::varchar[], $6::uuid[], $7::varchar[], $8::uuid[]) AS r(voucher_id, gross, currency, plan_id, plan_name, router_id)
       ON CONFLICT (voucher_id) WHERE source = 'cash' DO NOTHING
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
      ],
    );
    return new Set(written.map((w) => w.voucher_id));
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
  async payoutBalance(providerId: string): Promise<{ owedMinor: number; paidOutMinor: number }> {
    const [row] = await this.dataSource.query<{ owed: string; paid: string }[]>(
      `SELECT (SELECT coalesce(sum(net_minor), 0) FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform')::bigint AS owed,
              (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE provider_id = $1)::bigint AS paid`,
      [providerId],
    );
    return { owedMinor: Number(row.owed), paidOutMinor: Number(row.paid) };
  }

  insertPayout(row: Partial<Payout>): Promise<Payout> {
    return this.dataSource.manager.save(this.dataSource.manager.create(Payout, row));
  }
}
