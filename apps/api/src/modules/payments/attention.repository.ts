import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PageQueryDto, Page, paginate } from '../../common/pagination/page';
import { AttentionItem, AttentionKind, AttentionState } from './entities/attention-item.entity';

/** Whose items: one provider's, or every item (the super admin; `providerId` optionally narrows it). */
export type AttentionScope = { providerId: string; admin?: false } | { admin: true; providerId?: string };

/** The Needs attention queue's table: collected from payments, webhook logs and statement lines; resolved by people (rules 1 and 3). */
@Injectable()
export class AttentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds what needs a person and is not in the queue yet, once per source row (the unique
   * indexes): flagged payments; C2B confirmations flagged without any payment (unknown
   * reference, another shortcode; on the platform's shortcode also money no provider could be
   * found for, kept with no provider for the super admin); unmatched statement lines, unless the same receipt already
   * came in as an unmatched C2B confirmation (one sum of money, one item).
   */
  async collect(providerId: string | null): Promise<void> {
    const scoped = (column: string) => (providerId ? `AND ${column} = $1` : '');
    const params = providerId ? [providerId] : [];
    await this.dataSource.query(
      `INSERT INTO attention_items (provider_id, kind, payment_id, reason, amount_minor, currency, receipt, reference, phone_masked, occurred_at)
       SELECT p.provider_id, 'flagged_payment', p.id, left(COALESCE(p.flag_reason, 'held for review'), 300), p.amount_minor, p.currency, p.receipt, p.payment_reference, p.phone_masked, p.created_at
         FROM payments p WHERE p.status = 'flagged' ${scoped('p.provider_id')}
       ON CONFLICT DO NOTHING`,
      params,
    );
    await this.dataSource.query(
      `INSERT INTO attention_items (provider_id, kind, webhook_log_id, reason, amount_minor, currency, receipt, reference, phone_masked, occurred_at)
       SELECT w.provider_id, 'unmatched_c2b', w.id, left(COALESCE(w.detail, 'matched no payment'), 300),
              CASE WHEN w.body->>'TransAmount' ~ '^[0-9]{1,9}(\\.[0-9]{1,2})?$' THEN round((w.body->>'TransAmount')::numeric * 100)::bigint ELSE 0 END,
              'KES', w.receipt, w.payment_reference, left(w.body->>'MSISDN', 20), w.created_at
         FROM webhook_logs w
        WHERE w.kind = 'c2b_confirmation' AND w.outcome = 'flagged' AND w.payment_id IS NULL ${scoped('w.provider_id')}
          AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.shortcode = w.body->>'BusinessShortCode' AND p.receipt = w.receipt)
       ON CONFLICT DO NOTHING`,
      params,
    );
    await this.dataSource.query(
      `INSERT INTO attention_items (provider_id, kind, statement_line_id, reason, amount_minor, currency, receipt, reference, phone_masked, occurred_at)
       SELECT l.provider_id, 'unmatched_statement_line', l.id, left(COALESCE(l.detail, 'matched nothing'), 300), l.amount_minor, l.currency, l.receipt, l.reference, l.phone_masked, COALESCE(l.occurred_at, l.created_at)
         FROM statement_lines l
        WHERE l.status = 'unmatched' ${scoped('l.provider_id')}
          AND NOT EXISTS (SELECT 1 FROM attention_items a WHERE a.kind = 'unmatched_c2b' AND a.receipt = l.receipt AND a.provider_id IS NOT DISTINCT FROM l.provider_id)
       ON CONFLICT DO NOTHING`,
      params,
    );
  }

  /** A provider's claim that an expired push was paid; null when that payment already has an item. */
  async insertClaim(
    manager: EntityManager,
    row: Pick<AttentionItem, 'providerId' | 'paymentId' | 'reason' | 'amountMinor' | 'currency' | 'receipt' | 'reference' | 'phoneMasked' | 'occurredAt'>,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO attention_items (provider_id, kind, payment_id, reason, amount_minor, currency, receipt, reference, phone_masked, occurred_at)
       VALUES ($1, 'expired_stk_claim', $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
      [row.providerId, row.paymentId, row.reason, row.amountMinor, row.currency, row.receipt, row.reference, row.phoneMasked, row.occurredAt],
    );
    return rows[0]?.id ?? null;
  }

  list(scope: AttentionScope, filter: { state?: AttentionState; kind?: AttentionKind }, page: PageQueryDto): Promise<Page<AttentionItem>> {
    const qb = this.dataSource.createQueryBuilder(AttentionItem, 'a').where('a.state = :state', { state: filter.state ?? 'open' });
    if (scope.providerId) qb.andWhere('a.provider_id = :providerId', { providerId: scope.providerId });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    return paginate(qb, page, 'occurredAt');
  }

  /**
   * Open items of providers (not the platform's unrouted money) that joined the queue after
   * `since`, oldest first; the provider's own claims are left out (they raised them).
   */
  async openCreatedSince(since: Date, limit: number): Promise<AttentionItem[]> {
    return this.dataSource
      .createQueryBuilder(AttentionItem, 'a')
      .where(`a.state = 'open' AND a.provider_id IS NOT NULL AND a.kind <> 'expired_stk_claim' AND a.created_at > :since`, { since })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .getMany();
  }

  async countOpen(scope: AttentionScope): Promise<number> {
    const qb = this.dataSource.createQueryBuilder(AttentionItem, 'a').where(`a.state = 'open'`);
    if (scope.providerId) qb.andWhere('a.provider_id = :providerId', { providerId: scope.providerId });
    return qb.getCount();
  }

  find(scope: AttentionScope, id: string, manager?: EntityManager): Promise<AttentionItem | null> {
    const qb = (manager ?? this.dataSource.manager).createQueryBuilder(AttentionItem, 'a').where('a.id = :id', { id });
    if (!scope.admin) qb.andWhere('a.provider_id = :providerId', { providerId: scope.providerId });
    return qb.getOne();
  }

  /** The item locked for a resolution: a second request for the same item waits here, then finds it resolved. */
  lock(manager: EntityManager, scope: AttentionScope, id: string): Promise<AttentionItem | null> {
    const qb = manager.createQueryBuilder(AttentionItem, 'a').setLock('pessimistic_write').where('a.id = :id', { id });
    if (!scope.admin) qb.andWhere('a.provider_id = :providerId', { providerId: scope.providerId });
    return qb.getOne();
  }

  /**
   * Whether the money behind this payment is already in the ledger under another payment: its own
   * receipt, or its push's (an STK success whose receipt another payment had counted).
   */
  async receiptCountedElsewhere(manager: EntityManager, paymentId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM payments p
         JOIN stk_requests s ON s.payment_id = p.id
         JOIN payments other ON other.shortcode = p.shortcode AND other.receipt = COALESCE(p.receipt, s.receipt) AND other.id <> p.id
        WHERE p.id = $1
        LIMIT 1`,
      [paymentId],
    );
    return rows.length > 0;
  }

  /** The shortcode an unmatched C2B item's money arrived on (from its webhook log). */
  async shortcodeOfLog(manager: EntityManager, webhookLogId: string): Promise<string | null> {
    const rows: { shortcode: string | null }[] = await manager.query(`SELECT body->>'BusinessShortCode' AS shortcode FROM webhook_logs WHERE id = $1`, [webhookLogId]);
    return rows[0]?.shortcode ?? null;
  }

  async resolve(manager: EntityManager, id: string, change: Pick<AttentionItem, 'state' | 'note' | 'voucherId' | 'resolvedByUserId' | 'resolvedByEmail' | 'resolvedAt'>): Promise<void> {
    await manager.update(AttentionItem, { id }, change);
  }
}
