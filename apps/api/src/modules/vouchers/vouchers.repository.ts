import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { RawRows } from '../../database/raw-rows';
import { preparedQuery } from '../../database/prepared';
import { Voucher } from './entities/voucher.entity';
import { VoucherBatch } from './entities/voucher-batch.entity';
import { ALPHABETS, CodeAlphabet } from './voucher-codes';
import { statusesAllowing, VoucherStatus } from './voucher-status';

export interface VoucherFilter {
  status?: VoucherStatus;
  planId?: string;
  batchId?: string;
  routerId?: string;
  /** cards handed to this reseller (docs/resellers.md) */
  resellerId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** exact code or payment reference (upper-cased), or a normalised phone */
  search?: string;
  phone?: string | null;
  /** recorded: a sale key (M-Pesa or cash); not_recorded: used, in use or expired, without one */
  sale?: 'recorded' | 'not_recorded';
}

export type VoucherSort = 'newest' | 'oldest';

/** Values every voucher of one insert shares (the plan snapshot and batch). */
export interface VoucherInsertCommon {
  providerId: string;
  planId: string;
  batchId: string | null;
  routerId: string | null;
  status: VoucherStatus;
  planName: string;
  priceMinor: number;
  currency: string;
  kind: string;
  uptimeLimitSeconds: number | null;
  dataLimitBytes: number | null;
  validitySeconds: number | null;
  validityFrom: string;
  profileName: string;
  expiresAt: Date | null;
  soldAt?: Date | null;
  pushedAt?: Date | null;
  buyerPhone?: string | null;
  paymentId?: string | null;
  saleKey?: string | null;
}

export interface VoucherInsertRow {
  code: string;
  password: string | null;
  reference: string;
  seq: number | null;
}

/** A voucher's usage as the router last reported it. */
export interface UsageCounters {
  id: string;
  uptimeUsedSeconds: number;
  bytesUsed: number;
}

/** A voucher the expiry job just expired. */
export interface ExpiredVoucherRow {
  id: string;
  providerId: string;
  planId: string;
  routerId: string | null;
  code: string;
  /** null = never put on a router: nothing to remove */
  pushedAt: Date | null;
}

const LIVE = ['available', 'sold', 'in_use'];

@Injectable()
export class VouchersRepository {
  private readonly rows: RawRows<Voucher>;
  /** lockManyForSale's statement, built once (prepared statements are named after their text) */
  private readonly lockForSaleSql: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.rows = new RawRows(dataSource, Voucher);
    this.lockForSaleSql = `SELECT ${this.rows.select('v')}, (SELECT o.id FROM vouchers o WHERE o.provider_id = k.provider_id AND o.sale_key = k.sale_key AND o.id <> v.id LIMIT 1) AS sale_key_holder
         FROM vouchers v JOIN unnest($1::uuid[], $2::uuid[], $3::varchar[]) AS k(provider_id, id, sale_key) ON v.provider_id = k.provider_id AND v.id = k.id
        ORDER BY v.id FOR UPDATE OF v`;
  }

  /**
   * One multi-row insert through `unnest` (a handful of array parameters whatever the row
   * count). `ON CONFLICT DO NOTHING` skips rows whose code (per provider) or reference (across
   * providers) is taken; the caller retries those with new values. Returns the codes written.
   */
  async insertMany(manager: EntityManager, common: VoucherInsertCommon, rows: VoucherInsertRow[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const result: { id: string; code: string }[] = await manager.query(
      `INSERT INTO vouchers (provider_id, plan_id, batch_id, router_id, status, plan_name, price_minor, currency, kind, uptime_limit_seconds,
         data_limit_bytes, validity_seconds, validity_from, profile_name, expires_at, sold_at, buyer_phone, payment_id, sale_key, pushed_at, code, password, payment_reference, batch_seq)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, r.code, r.password, r.reference, r.seq
         FROM unnest($21::text[], $22::text[], $23::text[], $24::int[]) AS r(code, password, reference, seq)
       ON CONFLICT DO NOTHING
       RETURNING id, code`,
      [
        common.providerId,
        common.planId,
        common.batchId,
        common.routerId,
        common.status,
        common.planName,
        common.priceMinor,
        common.currency,
        common.kind,
        common.uptimeLimitSeconds,
        common.dataLimitBytes,
        common.validitySeconds,
        common.validityFrom,
        common.profileName,
        common.expiresAt,
        common.soldAt ?? null,
        common.buyerPhone ?? null,
        common.paymentId ?? null,
        common.saleKey ?? null,
        common.pushedAt ?? null,
        rows.map((r) => r.code),
        rows.map((r) => r.password),
        rows.map((r) => r.reference),
        rows.map((r) => r.seq),
      ],
    );
    return new Map(result.map((r) => [r.code, r.id]));
  }

  /** Vouchers of a phone (bought or texted) since a time that can still log in: sold, in use, or an unexpired available one. */
  usableForPhone(providerId: string, phone: string, since: Date, now: Date, limit: number): Promise<Voucher[]> {
    return this.dataSource
      .getRepository(Voucher)
      .createQueryBuilder('v')
      .where('v.providerId = :providerId AND v.buyerPhone = :phone', { providerId, phone })
      .andWhere("v.status IN ('available', 'sold', 'in_use')")
      .andWhere('COALESCE(v.soldAt, v.createdAt) >= :since', { since })
      .andWhere('(v.expiresAt IS NULL OR v.expiresAt > :now)', { now })
      .orderBy('COALESCE(v.soldAt, v.createdAt)', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** A batch's vouchers with batch_seq in [from, to] (a generation chunk). */
  batchSeqRange(manager: EntityManager, batchId: string, from: number, to: number): Promise<Voucher[]> {
    return manager.getRepository(Voucher).createQueryBuilder('v').where('v.batchId = :batchId AND v.batchSeq BETWEEN :from AND :to', { batchId, from, to }).orderBy('v.batchSeq', 'ASC').getMany();
  }

  /** Records whose phone each voucher went to (a batch generated for phone numbers). */
  async assignBuyerPhones(manager: EntityManager, pairs: Array<{ id: string; phone: string }>): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(`UPDATE vouchers v SET buyer_phone = p.phone FROM unnest($1::uuid[], $2::varchar[]) AS p(id, phone) WHERE v.id = p.id`, [pairs.map((p) => p.id), pairs.map((p) => p.phone)]);
  }

  findById(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Voucher | null> {
    return manager.getRepository(Voucher).findOneBy({ providerId, id });
  }

  findByIdForUpdate(manager: EntityManager, providerId: string, id: string): Promise<Voucher | null> {
    return manager.getRepository(Voucher).createQueryBuilder('v').setLock('pessimistic_write').where('v.provider_id = :providerId AND v.id = :id', { providerId, id }).getOne();
  }

  /**
   * Vouchers locked for sales (any providers) in one statement, in id order, each with the id of
   * another of its provider's vouchers that already holds the sale's key (its idempotency key): the
   * paid-callback path. One row per voucher found.
   */
  async lockManyForSale(manager: EntityManager, sales: Array<{ providerId: string; id: string; saleKey: string }>): Promise<Array<{ voucher: Voucher; saleKeyHolder: string | null }>> {
    if (sales.length === 0) return [];
    const rows = await preparedQuery(manager, this.lockForSaleSql, [sales.map((x) => x.providerId), sales.map((x) => x.id), sales.map((x) => x.saleKey)]);
    return rows.map((row) => ({ voucher: this.rows.read(row, 'v'), saleKeyHolder: (row.sale_key_holder as string | null) ?? null }));
  }

  /** Locked available vouchers sold (the changes VoucherSalesService computed), in one raw statement: every paid purchase comes through here. */
  async markSold(manager: EntityManager, sold: Array<Pick<Voucher, 'providerId' | 'id' | 'status' | 'soldAt' | 'expiresAt' | 'saleKey' | 'buyerPhone' | 'paymentId' | 'pushedAt'>>): Promise<void> {
    if (sold.length === 0) return;
    const rows = sold.map((v) => ({
      provider_id: v.providerId,
      id: v.id,
      status: v.status,
      sold_at: v.soldAt,
      expires_at: v.expiresAt,
      sale_key: v.saleKey,
      buyer_phone: v.buyerPhone,
      payment_id: v.paymentId,
      pushed_at: v.pushedAt,
    }));
    await preparedQuery(
      manager,
      // `v.id = ANY(…)`: the vouchers found by their key (PostgreSQL guesses 100 rows for any
      // jsonb_to_recordset and would scan the whole table of a young provider to join them)
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(provider_id uuid, id uuid, status varchar, sold_at timestamptz, expires_at timestamptz, sale_key varchar,
                    buyer_phone varchar, payment_id uuid, pushed_at timestamptz))
       UPDATE vouchers v SET status = x.status, sold_at = x.sold_at, expires_at = x.expires_at, sale_key = x.sale_key, buyer_phone = x.buyer_phone, payment_id = x.payment_id,
              pushed_at = x.pushed_at, updated_at = now()
         FROM x WHERE v.provider_id = x.provider_id AND v.id = x.id AND v.id = ANY(ARRAY(SELECT id FROM x))`,
      [JSON.stringify(rows)],
    );
  }

  findManyForUpdate(manager: EntityManager, providerId: string, ids: string[]): Promise<Voucher[]> {
    return manager.getRepository(Voucher).createQueryBuilder('v').setLock('pessimistic_write').where('v.provider_id = :providerId AND v.id = ANY(:ids)', { providerId, ids }).orderBy('v.id').getMany();
  }

  /** The provider's vouchers among these exact codes or ids, unlocked (matching a router's hotspot users to vouchers). */
  findByCodesOrIds(providerId: string, codes: string[], ids: string[]): Promise<Array<Pick<Voucher, 'id' | 'code' | 'status'>>> {
    if (codes.length === 0 && ids.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(Voucher)
      .createQueryBuilder('v')
      .select(['v.id', 'v.code', 'v.status'])
      .where('v.provider_id = :providerId AND (v.code = ANY(:codes) OR v.id = ANY(:ids))', { providerId, codes, ids })
      .getMany();
  }

  /** Vouchers by exact code (codes are stored upper-case), locked in id order (cash sales). */
  findByCodesForUpdate(manager: EntityManager, providerId: string, codes: string[]): Promise<Voucher[]> {
    return manager
      .getRepository(Voucher)
      .createQueryBuilder('v')
      .setLock('pessimistic_write')
      .where('v.provider_id = :providerId AND v.code = ANY(:codes)', { providerId, codes })
      .orderBy('v.id')
      .getMany();
  }

  /** A batch's vouchers at print positions [fromSeq, toSeq] (null = open end), at most `limit`, locked in id order (cash sales). */
  findBatchRangeForUpdate(manager: EntityManager, providerId: string, batchId: string, fromSeq: number | null, toSeq: number | null, limit: number): Promise<Voucher[]> {
    const qb = manager.getRepository(Voucher).createQueryBuilder('v').setLock('pessimistic_write').where('v.provider_id = :providerId AND v.batch_id = :batchId', { providerId, batchId });
    if (fromSeq !== null) qb.andWhere('v.batch_seq >= :fromSeq', { fromSeq });
    if (toSeq !== null) qb.andWhere('v.batch_seq <= :toSeq', { toSeq });
    return qb.orderBy('v.id').take(limit).getMany();
  }

  /**
   * Records cash sales in one statement: every row gets its sale key and status; rows with `sell`
   * are sold at `soldAt` with their new expiry (the others keep their times).
   */
  async markCashSales(
    manager: EntityManager,
    providerId: string,
    rows: Array<{ id: string; saleKey: string; status: VoucherStatus; sell: boolean; expiresAt: Date | null }>,
    soldAt: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE vouchers v
          SET sale_key = r.sale_key,
              status = r.status,
              sold_at = CASE WHEN r.sell THEN $2 ELSE v.sold_at END,
              expires_at = CASE WHEN r.sell THEN r.expires_at ELSE v.expires_at END,
              updated_at = now()
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[]) AS r(id, sale_key, status, sell, expires_at)
        WHERE v.provider_id = $1 AND v.id = r.id`,
      [providerId, soldAt, rows.map((r) => r.id), rows.map((r) => r.saleKey), rows.map((r) => r.status), rows.map((r) => r.sell), rows.map((r) => r.expiresAt)],
    );
  }

  /** Hands cards to a reseller in one statement: each gets the reseller, the handover and its reseller price (docs/resellers.md). */
  async markResellerHandover(manager: EntityManager, providerId: string, resellerId: string, handoverId: string, rows: Array<{ id: string; priceMinor: number }>): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE vouchers v SET reseller_id = $2, reseller_handover_id = $3, reseller_price_minor = r.price, updated_at = now()
         FROM unnest($4::uuid[], $5::bigint[]) AS r(id, price)
        WHERE v.provider_id = $1 AND v.id = r.id`,
      [providerId, resellerId, handoverId, rows.map((r) => r.id), rows.map((r) => r.priceMinor)],
    );
  }

  /** Cards a reseller gave back unsold: back with the provider. */
  async clearReseller(manager: EntityManager, providerId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE vouchers SET reseller_id = NULL, reseller_handover_id = NULL, reseller_price_minor = NULL, updated_at = now() WHERE provider_id = $1 AND id = ANY($2::uuid[])`, [
      providerId,
      ids,
    ]);
  }

  /** Unsold cards each reseller holds now (available, no sale recorded): count and value at the reseller price. */
  async resellerHoldings(providerId: string, resellerIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, { cards: number; valueMinor: number }>> {
    if (resellerIds.length === 0) return new Map();
    const rows = await manager.query<{ reseller_id: string; cards: number; value: string }[]>(
      `SELECT reseller_id, count(*)::int AS cards, coalesce(sum(reseller_price_minor), 0)::bigint AS value
         FROM vouchers WHERE provider_id = $1 AND reseller_id = ANY($2::uuid[]) AND status = 'available' AND sale_key IS NULL AND payment_id IS NULL
        GROUP BY reseller_id`,
      [providerId, resellerIds],
    );
    return new Map(rows.map((r) => [r.reseller_id, { cards: r.cards, valueMinor: Number(r.value) }]));
  }

  findBySaleKey(manager: EntityManager, providerId: string, saleKey: string): Promise<Voucher | null> {
    return manager.getRepository(Voucher).findOneBy({ providerId, saleKey });
  }

  /** Exact code (codes are stored upper-case), for the captive portal's redemption check. */
  findByCode(providerId: string, code: string, manager: EntityManager = this.dataSource.manager): Promise<Voucher | null> {
    return manager.getRepository(Voucher).findOneBy({ providerId, code });
  }

  findByReference(providerId: string, reference: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Voucher | null> {
    const qb = manager.getRepository(Voucher).createQueryBuilder('v').where('v.provider_id = :providerId AND v.payment_reference = :reference', { providerId, reference });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The voucher of a payment reference at any provider (the reference is unique across providers). */
  findByReferenceAnyProvider(reference: string, manager: EntityManager = this.dataSource.manager): Promise<Voucher | null> {
    return manager.getRepository(Voucher).findOne({ where: { paymentReference: reference } });
  }

  async update(manager: EntityManager, providerId: string, id: string, changes: Partial<Voucher>): Promise<void> {
    await manager.getRepository(Voucher).update({ providerId, id }, changes);
  }

  /** The usage counters of many vouchers in one statement: what most usage syncs change (docs/capacity.md). */
  async updateUsageCounters(manager: EntityManager, providerId: string, rows: UsageCounters[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE vouchers v SET uptime_used_seconds = u.uptime, bytes_used = u.bytes, updated_at = now()
         FROM unnest($2::uuid[], $3::bigint[], $4::bigint[]) AS u(id, uptime, bytes)
        WHERE v.provider_id = $1 AND v.id = u.id`,
      [providerId, rows.map((r) => r.id), rows.map((r) => String(r.uptimeUsedSeconds)), rows.map((r) => String(r.bytesUsed))],
    );
  }

  list(providerId: string, filter: VoucherFilter, page: PageQueryDto, sort: VoucherSort): Promise<Page<Voucher>> {
    const qb = this.filtered(providerId, filter);
    return paginate(qb, page, 'createdAt', sort === 'oldest' ? 'ASC' : 'DESC');
  }

  /** Counts per status for the filter (the status filter itself ignored). */
  async countByStatus(providerId: string, filter: VoucherFilter): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.filtered(providerId, { ...filter, status: undefined })
      .select('v.status', 'status')
      .addSelect('count(*)::int', 'n')
      .groupBy('v.status')
      .getRawMany();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Vouchers sold in [from, to) (sold_at; later refunds or expiry keep them counted) per provider, for the given providers. */
  soldByProvider(providerIds: string[], from: Date, to: Date): Promise<Array<{ provider_id: string; count: number }>> {
    if (providerIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(`SELECT provider_id, count(*)::int AS count FROM vouchers WHERE sold_at >= $2 AND sold_at < $3 AND provider_id = ANY($1::uuid[]) GROUP BY provider_id`, [
      providerIds,
      from,
      to,
    ]);
  }

  /** Up to `limit` vouchers matching the filter, oldest first (exports). */
  exportRows(providerId: string, filter: VoucherFilter, limit: number): Promise<Voucher[]> {
    return this.filtered(providerId, filter).orderBy('v.batch_id').addOrderBy('v.batch_seq').addOrderBy('v.created_at').addOrderBy('v.id').take(limit).getMany();
  }

  /** A batch's vouchers in print order. */
  batchVouchers(providerId: string, batchId: string, manager: EntityManager = this.dataSource.manager): Promise<Voucher[]> {
    return manager.getRepository(Voucher).createQueryBuilder('v').where('v.provider_id = :providerId AND v.batch_id = :batchId', { providerId, batchId }).orderBy('v.batch_seq', 'ASC').getMany();
  }

  /** Records that the batch's vouchers in `statuses` are put on routers (first push only keeps its time). */
  async markBatchPushed(manager: EntityManager, providerId: string, batchId: string, statuses: string[], at: Date): Promise<number> {
    const rows: unknown[] = await manager.query(
      `UPDATE vouchers SET pushed_at = $4, updated_at = now() WHERE provider_id = $1 AND batch_id = $2 AND status = ANY($3::text[]) AND pushed_at IS NULL RETURNING 1`,
      [providerId, batchId, statuses, at],
    );
    return rows.length;
  }

  async deleteBatchVouchers(manager: EntityManager, providerId: string, batchId: string): Promise<number> {
    const result = await manager.getRepository(Voucher).delete({ providerId, batchId });
    return result.affected ?? 0;
  }

  /**
   * Expires up to `limit` due vouchers through the partial index on expires_at (cost ∝ rows
   * due, not table size); rows locked by someone else are left for the next run.
   */
  async expireDue(manager: EntityManager, now: Date, limit: number): Promise<ExpiredVoucherRow[]> {
    return manager.query(
      `WITH due AS (
         SELECT id FROM vouchers
          WHERE expires_at <= $1 AND expires_at IS NOT NULL AND status = ANY($2::varchar[])
          ORDER BY expires_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED),
       expired AS (
         UPDATE vouchers v SET status = 'expired', expired_at = $1, updated_at = now()
           FROM due WHERE v.id = due.id
         RETURNING v.id, v.provider_id AS "providerId", v.plan_id AS "planId", v.router_id AS "routerId", v.code, v.pushed_at AS "pushedAt")
       SELECT * FROM expired`,
      [now, statusesAllowing('expire'), limit],
    );
  }

  /** Vouchers named in a usage report (comment `wavu:<id>`), locked. */
  findForUsage(manager: EntityManager, providerId: string, ids: string[]): Promise<Voucher[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(Voucher)
      .createQueryBuilder('v')
      .setLock('pessimistic_write')
      .where('v.provider_id = :providerId AND v.id = ANY(:ids) AND v.status = ANY(:live)', { providerId, ids, live: LIVE })
      .orderBy('v.id')
      .getMany();
  }

  // ---- batches ----

  /** Vouchers ordered in batches since `since` (failed batches excluded): the plan's monthly voucher usage. */
  /**
   * Codes of one format (alphabet + random length) that can still log in: usable, not past their
   * expiry; batch vouchers by their batch's format, sale vouchers (no batch) by their code's
   * characters and length; plus the rows batches still being generated will add.
   */
  async liveCodesOfFormat(manager: EntityManager, providerId: string, format: { alphabet: CodeAlphabet; length: number }, now: Date): Promise<number> {
    const charset = `^[${ALPHABETS[format.alphabet]}]+$`;
    const [row] = await manager.query<Array<{ n: number }>>(
      `SELECT (SELECT count(*)::int FROM vouchers v LEFT JOIN voucher_batches b ON b.id = v.batch_id
                WHERE v.provider_id = $1 AND v.status IN ('available', 'sold', 'in_use') AND (v.expires_at IS NULL OR v.expires_at > $2)
                  AND CASE WHEN v.batch_id IS NULL THEN length(v.code) = $4 AND v.code ~ $5 ELSE b.alphabet = $3 AND b.code_length = $4 END)
            + (SELECT coalesce(sum(greatest(b.quantity - b.generated, 0)), 0)::int FROM voucher_batches b
                WHERE b.provider_id = $1 AND b.status = 'generating' AND b.alphabet = $3 AND b.code_length = $4) AS n`,
      [providerId, now, format.alphabet, format.length, charset],
    );
    return Number(row?.n ?? 0);
  }

  async batchQuantitySince(manager: EntityManager, providerId: string, since: Date): Promise<number> {
    const row = await manager
      .getRepository(VoucherBatch)
      .createQueryBuilder('b')
      .select('coalesce(sum(b.quantity), 0)::int', 'n')
      .where(`b.provider_id = :providerId AND b.created_at >= :since AND b.status <> 'failed'`, { providerId, since })
      .getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }

  async createBatch(manager: EntityManager, data: Partial<VoucherBatch>): Promise<VoucherBatch> {
    const repo = manager.getRepository(VoucherBatch);
    return repo.save(repo.create(data));
  }

  findBatch(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<VoucherBatch | null> {
    return manager.getRepository(VoucherBatch).findOneBy({ providerId, id });
  }

  async updateBatch(id: string, changes: Partial<VoucherBatch>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(VoucherBatch).update(id, changes);
  }

  listBatches(providerId: string, page: PageQueryDto): Promise<Page<VoucherBatch>> {
    return paginate(this.dataSource.getRepository(VoucherBatch).createQueryBuilder('b').where('b.provider_id = :providerId', { providerId }), page, 'createdAt');
  }

  /** Batches left `generating` by a process that died. */
  findBatchById(id: string): Promise<VoucherBatch | null> {
    return this.dataSource.getRepository(VoucherBatch).findOneBy({ id });
  }

  staleBatches(before: Date, manager: EntityManager = this.dataSource.manager): Promise<VoucherBatch[]> {
    return manager.getRepository(VoucherBatch).createQueryBuilder('b').where(`b.status = 'generating' AND b.updated_at < :before`, { before }).getMany();
  }

  private filtered(providerId: string, filter: VoucherFilter): SelectQueryBuilder<Voucher> {
    const qb = this.dataSource.getRepository(Voucher).createQueryBuilder('v').where('v.provider_id = :providerId', { providerId });
    if (filter.status) qb.andWhere('v.status = :status', { status: filter.status });
    if (filter.planId) qb.andWhere('v.plan_id = :planId', { planId: filter.planId });
    if (filter.batchId) qb.andWhere('v.batch_id = :batchId', { batchId: filter.batchId });
    if (filter.resellerId) qb.andWhere('v.reseller_id = :resellerId', { resellerId: filter.resellerId });
    if (filter.routerId) qb.andWhere('v.router_id = :routerId', { routerId: filter.routerId });
    if (filter.createdFrom) qb.andWhere('v.created_at >= :from', { from: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('v.created_at < :to', { to: filter.createdTo });
    // used but no sale recorded: served by the partial index idx_vouchers_provider_unrecorded_use
    if (filter.sale === 'not_recorded') qb.andWhere(`v.first_login_at IS NOT NULL AND v.sale_key IS NULL AND v.payment_id IS NULL AND v.status IN ('in_use', 'expired')`);
    if (filter.sale === 'recorded') qb.andWhere('v.sale_key IS NOT NULL');
    if (filter.search) {
      // a code or payment reference PREFIX in any case, served by idx_vouchers_provider_code_prefix /
      // idx_vouchers_provider_reference_prefix (provider_id, upper(…) text_pattern_ops); LIKE's own
      // wildcards in the term are escaped, so they match literally
      const prefix = `${filter.search.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) => {
          w.where('upper(v.code) LIKE :prefix', { prefix }).orWhere('upper(v.payment_reference) LIKE :prefix');
          if (filter.phone) w.orWhere('v.buyer_phone = :phone', { phone: filter.phone });
        }),
      );
    }
    return qb;
  }
}
