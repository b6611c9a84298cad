import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Reseller } from './entities/reseller.entity';
import { ResellerCollection } from './entities/reseller-collection.entity';
import { ResellerHandover } from './entities/reseller-handover.entity';

/** What a reseller sold and paid up to some moment: sales and refunds from the ledger, collections. */
export interface ResellerFigures {
  soldCards: number;
  owedMinor: number;
  paidMinor: number;
}

/** Sales or refunds of one reseller on one Nairobi day. */
export interface ResellerLedgerDay {
  day: string;
  kind: 'sale' | 'refund';
  cards: number;
  /** Positive for sales, negative for refunds. */
  amountMinor: number;
  lastAt: Date;
}

/** Resellers, their handovers and the money collected from them (docs/resellers.md); their sales are ledger rows with `reseller_id`. */
@Injectable()
export class ResellersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, row: Partial<Reseller>): Promise<Reseller> {
    return manager.save(manager.create(Reseller, row));
  }

  find(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Reseller | null> {
    return manager.getRepository(Reseller).findOneBy({ providerId, id });
  }

  /** Locked: handovers, returns, collections and edits of one reseller wait for each other. */
  findForUpdate(manager: EntityManager, providerId: string, id: string): Promise<Reseller | null> {
    return manager.getRepository(Reseller).createQueryBuilder('r').setLock('pessimistic_write').where('r.provider_id = :providerId AND r.id = :id', { providerId, id }).getOne();
  }

  /** Active first, then by name; archived ones only when asked. */
  list(providerId: string, includeArchived: boolean): Promise<Reseller[]> {
    const qb = this.dataSource.getRepository(Reseller).createQueryBuilder('r').where('r.provider_id = :providerId', { providerId });
    if (!includeArchived) qb.andWhere('r.archived_at IS NULL');
    return qb.orderBy('r.archived_at IS NOT NULL', 'ASC').addOrderBy('lower(r.name)', 'ASC').addOrderBy('r.id', 'ASC').take(1000).getMany();
  }

  async update(manager: EntityManager, providerId: string, id: string, changes: Partial<Reseller>): Promise<void> {
    await manager.update(Reseller, { providerId, id }, changes);
  }

  insertHandover(manager: EntityManager, row: Partial<ResellerHandover>): Promise<ResellerHandover> {
    return manager.save(manager.create(ResellerHandover, row));
  }

  insertCollection(manager: EntityManager, row: Partial<ResellerCollection>): Promise<ResellerCollection> {
    return manager.save(manager.create(ResellerCollection, row));
  }

  findCollection(manager: EntityManager, providerId: string, resellerId: string, id: string): Promise<ResellerCollection | null> {
    return manager.getRepository(ResellerCollection).findOneBy({ providerId, resellerId, id });
  }

  /** Sold cards (after refunds), owed (sales − refunds at the reseller price) and paid, per reseller; `before` = up to that moment. */
  async figures(providerId: string, resellerIds: string[], before?: Date, manager: EntityManager = this.dataSource.manager): Promise<Map<string, ResellerFigures>> {
    if (resellerIds.length === 0) return new Map();
    const rows = await manager.query<{ reseller_id: string; sold: number; owed: string; paid: string }[]>(
      `SELECT r.id AS reseller_id, coalesce(l.sold, 0)::int AS sold, coalesce(l.owed, 0)::bigint AS owed, coalesce(c.paid, 0)::bigint AS paid
         FROM unnest($2::uuid[]) AS r(id)
         LEFT JOIN (SELECT reseller_id, count(*) FILTER (WHERE kind = 'sale') - count(*) FILTER (WHERE kind = 'refund') AS sold, sum(gross_minor) AS owed
                      FROM ledger_entries WHERE provider_id = $1 AND reseller_id = ANY($2::uuid[]) AND ($3::timestamptz IS NULL OR occurred_at < $3)
                     GROUP BY reseller_id) l ON l.reseller_id = r.id
         LEFT JOIN (SELECT reseller_id, sum(amount_minor) AS paid
                      FROM reseller_collections WHERE provider_id = $1 AND reseller_id = ANY($2::uuid[]) AND ($3::timestamptz IS NULL OR received_at < $3)
                     GROUP BY reseller_id) c ON c.reseller_id = r.id`,
      [providerId, resellerIds, before ?? null],
    );
    return new Map(rows.map((r) => [r.reseller_id, { soldCards: r.sold, owedMinor: Number(r.owed), paidMinor: Number(r.paid) }]));
  }

  /** Handovers and returns over [from, to), oldest first. */
  handoversBetween(providerId: string, resellerId: string, from: Date, to: Date): Promise<ResellerHandover[]> {
    return this.dataSource
      .getRepository(ResellerHandover)
      .createQueryBuilder('h')
      .where('h.provider_id = :providerId AND h.reseller_id = :resellerId AND h.occurred_at >= :from AND h.occurred_at < :to', { providerId, resellerId, from, to })
      .orderBy('h.occurred_at', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .getMany();
  }

  /** Collections over [from, to), oldest first, each with whether a later entry reversed it. */
  async collectionsBetween(providerId: string, resellerId: string, from: Date, to: Date): Promise<Array<ResellerCollection & { reversed: boolean }>> {
    const rows = await this.dataSource
      .getRepository(ResellerCollection)
      .createQueryBuilder('c')
      .where('c.provider_id = :providerId AND c.reseller_id = :resellerId AND c.received_at >= :from AND c.received_at < :to', { providerId, resellerId, from, to })
      .orderBy('c.received_at', 'ASC')
      .addOrderBy('c.created_at', 'ASC')
      .getMany();
    const ids = rows.map((r) => r.id);
    const reversed = ids.length
      ? new Set(
          (await this.dataSource.query<{ reverses_id: string }[]>(`SELECT reverses_id FROM reseller_collections WHERE provider_id = $1 AND reverses_id = ANY($2::uuid[])`, [providerId, ids])).map(
            (r) => r.reverses_id,
          ),
        )
      : new Set<string>();
    return rows.map((r) => Object.assign(r, { reversed: reversed.has(r.id) }));
  }

  /** The reseller's sales and refunds per Nairobi day over [from, to). */
  async ledgerDays(providerId: string, resellerId: string, from: Date, to: Date): Promise<ResellerLedgerDay[]> {
    const rows = await this.dataSource.query<{ day: string; kind: 'sale' | 'refund'; cards: number; amount: string; last_at: Date }[]>(
      `SELECT to_char(occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD') AS day, kind, count(*)::int AS cards, sum(gross_minor)::bigint AS amount, max(occurred_at) AS last_at
         FROM ledger_entries WHERE provider_id = $1 AND reseller_id = $2 AND occurred_at >= $3 AND occurred_at < $4
        GROUP BY 1, 2 ORDER BY 1, 2 DESC`,
      [providerId, resellerId, from, to],
    );
    return rows.map((r) => ({ day: r.day, kind: r.kind, cards: r.cards, amountMinor: Number(r.amount), lastAt: new Date(r.last_at) }));
  }
}
