import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { Payment } from './entities/payment.entity';
import { StatementLine, StatementLineSource, StatementLineStatus } from './entities/statement-line.entity';
import { StatementSource } from './entities/statement-source.entity';
import { StatementUpload } from './entities/statement-upload.entity';

/** What a statement line (Pull row or uploaded row) says, normalised. */
export interface LineFacts {
  shortcode: string;
  receipt: string;
  transactionType: string;
  amountMinor: number;
  reference: string;
  phoneMasked: string | null;
  occurredAt: Date | null;
}

export interface LineOutcome {
  status: StatementLineStatus;
  paymentId: string | null;
  providerId: string | null;
  detail: string | null;
  /** the line matched an STK purchase (so this shortcode's Pull lists STK payments) */
  stk: boolean;
}

/**
 * Statement tables of the payments module (sources we pull, lines seen, uploads) and the payment
 * lookups statement matching needs.
 */
@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- sources -------------------------------------------------------------------------

  findSourceByShortcode(shortcode: string, manager?: EntityManager): Promise<StatementSource | null> {
    return (manager ?? this.dataSource.manager).findOne(StatementSource, { where: { shortcode } });
  }

  findSourceForProvider(providerId: string): Promise<StatementSource | null> {
    return this.dataSource.manager.findOne(StatementSource, { where: { providerId } });
  }

  findPlatformSource(): Promise<StatementSource | null> {
    return this.dataSource.manager.createQueryBuilder(StatementSource, 's').where('s.provider_id IS NULL').getOne();
  }

  listSources(): Promise<StatementSource[]> {
    return this.dataSource.manager.find(StatementSource, { order: { createdAt: 'ASC' } });
  }

  /** Sources the pull job walks: enabled and registered. */
  listPullableSources(): Promise<StatementSource[]> {
    return this.dataSource.manager.createQueryBuilder(StatementSource, 's').where('s.pull_enabled AND s.registered_at IS NOT NULL').orderBy('s.created_at', 'ASC').getMany();
  }

  /** Creates or re-points the source of a shortcode (registration). */
  async saveSource(row: Partial<StatementSource> & { shortcode: string }): Promise<StatementSource> {
    const existing = await this.findSourceByShortcode(row.shortcode);
    const manager = this.dataSource.manager;
    if (existing) return manager.save(Object.assign(existing, row));
    return manager.save(manager.create(StatementSource, row));
  }

  async updateSource(id: string, changes: Partial<StatementSource>): Promise<void> {
    await this.dataSource.manager.update(StatementSource, { id }, changes);
  }

  /**
   * Payments we know arrived on a shortcode in [from, to] that Pull should list: C2B payments
   * always, STK payments only when this shortcode's Pull has been seen to list them.
   */
  async countKnownPulledMoney(shortcode: string, from: Date, to: Date, includeStk: boolean): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM payments
        WHERE shortcode = $1 AND status = 'paid' AND receipt IS NOT NULL AND paid_at >= $2 AND paid_at <= $3 AND (source = 'c2b' OR $4)`,
      [shortcode, from, to, includeStk],
    );
    return row.n;
  }

  // ---- matching ------------------------------------------------------------------------

  /**
   * The STK purchase a statement line pays for: same shortcode, our AccountReference as its bill
   * reference, same amount; unpaid (any unpaid state: a lost answer, an expired or a refused push)
   * or paid without a receipt (settled by STK Query). A receipt-less paid one first (the line only
   * completes it), then the one started closest before the money moved. `providerId` narrows to
   * an own-account provider; null = platform collection (any provider collected on it).
   */
  findStkPurchaseForLine(manager: EntityManager, line: LineFacts, providerId: string | null): Promise<Payment | null> {
    const qb = manager
      .createQueryBuilder(Payment, 'p')
      .where(`p.shortcode = :shortcode AND p.payment_reference = :reference AND p.source = 'stk' AND p.amount_minor = :amount`, {
        shortcode: line.shortcode,
        reference: line.reference,
        amount: line.amountMinor,
      })
      .andWhere(`(p.status IN ('pending', 'expired', 'failed', 'cancelled') OR (p.status = 'paid' AND p.receipt IS NULL))`);
    if (providerId) qb.andWhere('p.provider_id = :providerId', { providerId });
    else qb.andWhere(`p.collection_mode = 'platform'`);
    return qb
      .orderBy(`CASE WHEN p.status = 'paid' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy(`abs(extract(epoch FROM (p.created_at - coalesce(CAST(:at AS timestamptz), now()))))`, 'ASC')
      .setParameter('at', line.occurredAt)
      .getOne();
  }

  // ---- lines ---------------------------------------------------------------------------

  findLine(manager: EntityManager, shortcode: string, receipt: string): Promise<StatementLine | null> {
    return manager.findOne(StatementLine, { where: { shortcode, receipt } });
  }

  /**
   * Records what a line did, once per (shortcode, receipt): a line seen again keeps `settled` (the
   * settlement it caused) and otherwise takes the newest outcome.
   */
  async upsertLine(manager: EntityManager, line: LineFacts, source: StatementLineSource, uploadId: string | null, outcome: LineOutcome): Promise<void> {
    await manager.query(
      `INSERT INTO statement_lines (shortcode, receipt, source, upload_id, provider_id, status, transaction_type, amount_minor, reference, phone_masked, occurred_at, payment_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (shortcode, receipt) DO UPDATE SET
         status = CASE WHEN statement_lines.status = 'settled' THEN 'settled' ELSE EXCLUDED.status END,
         payment_id = coalesce(EXCLUDED.payment_id, statement_lines.payment_id),
         provider_id = coalesce(EXCLUDED.provider_id, statement_lines.provider_id),
         detail = CASE WHEN statement_lines.status = 'settled' THEN statement_lines.detail ELSE EXCLUDED.detail END,
         times_seen = statement_lines.times_seen + 1,
         updated_at = now()`,
      [
        line.shortcode,
        line.receipt,
        source,
        uploadId,
        outcome.providerId,
        outcome.status,
        line.transactionType.slice(0, 60),
        line.amountMinor,
        line.reference.slice(0, 40),
        line.phoneMasked,
        line.occurredAt,
        outcome.paymentId,
        outcome.detail?.slice(0, 300) ?? null,
      ],
    );
  }

  /** Lines of a provider (or, providerId null, of the whole platform for the super admin), newest first. */
  listLines(providerId: string | null, filter: { status?: StatementLineStatus; shortcode?: string }, page: PageQueryDto): Promise<Page<StatementLine>> {
    const qb = this.dataSource.createQueryBuilder(StatementLine, 'l');
    if (providerId) qb.where('l.provider_id = :providerId', { providerId });
    else qb.where('true');
    if (filter.status) qb.andWhere('l.status = :status', { status: filter.status });
    if (filter.shortcode) qb.andWhere('l.shortcode = :shortcode', { shortcode: filter.shortcode });
    return paginate(qb, page, 'createdAt');
  }

  async countLines(providerId: string | null, status: StatementLineStatus): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM statement_lines WHERE status = $1 AND ($2::uuid IS NULL OR provider_id = $2)`, [status, providerId]);
    return row.n;
  }

  // ---- uploads -------------------------------------------------------------------------

  insertUpload(row: Partial<StatementUpload>): Promise<StatementUpload> {
    const manager = this.dataSource.manager;
    return manager.save(manager.create(StatementUpload, row));
  }

  /** An upload of this provider (providerId null = a platform upload). */
  findUpload(providerId: string | null, id: string): Promise<StatementUpload | null> {
    const qb = this.dataSource.createQueryBuilder(StatementUpload, 'u').where('u.id = :id', { id });
    if (providerId) qb.andWhere('u.provider_id = :providerId', { providerId });
    else qb.andWhere('u.provider_id IS NULL');
    return qb.getOne();
  }

  /** One request applies an upload: previewed → applying (an apply that died is claimable again after 15 minutes). */
  async claimUploadForApply(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<[unknown[], number]>(
      `UPDATE statement_uploads SET status = 'applying', applied_at = now()
        WHERE id = $1 AND (status = 'previewed' OR (status = 'applying' AND applied_at < now() - interval '15 minutes')) RETURNING id`,
      [id],
    );
    return rows[0].length > 0;
  }

  /** An apply that failed hands the upload back. */
  async releaseUploadClaim(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE statement_uploads SET status = 'previewed', applied_at = NULL WHERE id = $1`, [id]);
  }

  /** Records what applying did: the counts and each line's outcome. */
  async markUploadApplied(id: string, result: StatementUpload['result'], lines: StatementUpload['lines'], at: Date): Promise<void> {
    await this.dataSource.manager.update(StatementUpload, { id }, { status: 'applied', result, lines, appliedAt: at });
  }

  listUploads(providerId: string | null, page: PageQueryDto): Promise<Page<StatementUpload>> {
    const qb = this.dataSource
      .createQueryBuilder(StatementUpload, 'u')
      .select(['u.id', 'u.providerId', 'u.shortcode', 'u.filename', 'u.periodFrom', 'u.periodTo', 'u.status', 'u.preview', 'u.result', 'u.uploadedBy', 'u.createdAt', 'u.appliedAt']);
    if (providerId) qb.where('u.provider_id = :providerId', { providerId });
    else qb.where('u.provider_id IS NULL');
    return paginate(qb, page, 'createdAt');
  }
}
