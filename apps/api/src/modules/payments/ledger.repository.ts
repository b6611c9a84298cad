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
