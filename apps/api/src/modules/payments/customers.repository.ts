import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Payment } from './entities/payment.entity';

export interface CustomerRow {
  id: string;
  phoneMasked: string | null;
  currency: string;
  purchases: number;
  /** of which by STK push and by paybill (C2B); cash sales have no buyer */
  stkPurchases: number;
  paybillPurchases: number;
  totalMinor: number;
  lastPurchaseAt: Date;
  firstPurchaseAt: Date;
  lastPlanName: string;
}

/** A buyer's stable id: md5 of provider + phone (or masked phone) + currency, shaped as a version-4 UUID. */
const customerId = (a: string) => {
  const h = `md5(${a}provider_id::text || ':' || coalesce(${a}phone, ${a}phone_masked) || ':' || ${a}currency)`;
  return `(substr(${h}, 1, 12) || '4' || substr(${h}, 14, 3) || '8' || substr(${h}, 18, 15))::uuid`;
};

/** Buyers: paid payments grouped by phone, their purchases, and the phone behind a buyer or payment (docs/architecture.md rules 1 and 3). */
@Injectable()
export class CustomersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Buyers of a provider: paid payments grouped by phone (or, for C2B without a phone, the
   * masked MSISDN) and currency, newest last purchase first, keyset-paginated on
   * (last_paid_at, id). The id is a stable hash of provider + buyer + currency.
   */
  async customers(providerId: string, filter: { phone?: string; digits?: string; receipt?: string }, limit: number, cursor: { t: string; id: string } | null): Promise<CustomerRow[]> {
    const params: unknown[] = [providerId];
    const where: string[] = [`provider_id = $1`, `status = 'paid'`, `coalesce(phone, phone_masked) IS NOT NULL`];
    if (filter.phone) where.push(`phone = $${params.push(filter.phone)}`);
    if (filter.digits) where.push(`phone LIKE $${params.push(`%${filter.digits}%`)}`);
    if (filter.receipt) where.push(`coalesce(phone, phone_masked) IN (SELECT coalesce(phone, phone_masked) FROM payments WHERE provider_id = $1 AND receipt = $${params.push(filter.receipt)})`);
    let page = '';
    if (cursor) page = `WHERE (c.last_paid_at, c.id) < ($${params.push(cursor.t)}::timestamptz, $${params.push(cursor.id)}::uuid)`;
    params.push(limit);
    const rows = await this.dataSource.query<
      { id: string; phone_masked: string | null; currency: string; purchases: number; stk: number; c2b: number; total: string; last_paid_at: Date; first_paid_at: Date; last_plan_name: string }[]
    >(
      `SELECT * FROM (
         SELECT ${customerId('')} AS id,
                max(phone_masked) AS phone_masked, currency, count(*)::int AS purchases, count(*) FILTER (WHERE source = 'stk')::int AS stk,
                count(*) FILTER (WHERE source = 'c2b')::int AS c2b, sum(amount_minor)::bigint AS total,
                date_trunc('milliseconds', max(paid_at)) AS last_paid_at, min(paid_at) AS first_paid_at, (array_agg(plan_name ORDER BY paid_at DESC))[1] AS last_plan_name
           FROM payments WHERE ${where.join(' AND ')}
          GROUP BY provider_id, coalesce(phone, phone_masked), currency) c
       ${page} ORDER BY c.last_paid_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      phoneMasked: r.phone_masked,
      currency: r.currency,
      purchases: r.purchases,
      stkPurchases: r.stk,
      paybillPurchases: r.c2b,
      totalMinor: Number(r.total),
      lastPurchaseAt: new Date(r.last_paid_at),
      firstPurchaseAt: new Date(r.first_paid_at),
      lastPlanName: r.last_plan_name,
    }));
  }

  /** A buyer's phone (full when M-Pesa gave it, else null) and masked form, by the id `customers` gives; null = no such buyer. */
  async findCustomerPhone(providerId: string, buyerId: string): Promise<{ customerId: string; phone: string | null; phoneMasked: string | null } | null> {
    const rows = await this.dataSource.query<{ phone: string | null; phone_masked: string | null }[]>(
      `SELECT max(phone) AS phone, max(phone_masked) AS phone_masked FROM payments
        WHERE provider_id = $1 AND status = 'paid' AND coalesce(phone, phone_masked) IS NOT NULL AND ${customerId('')} = $2::uuid
       HAVING count(*) > 0`,
      [providerId, buyerId],
    );
    return rows[0] ? { customerId: buyerId, phone: rows[0].phone, phoneMasked: rows[0].phone_masked } : null;
  }

  /** One payment's phone and the id of its buyer (the `customers` id); null = no such payment. */
  async findPaymentPhone(providerId: string, paymentId: string): Promise<{ customerId: string | null; phone: string | null; phoneMasked: string | null } | null> {
    const rows = await this.dataSource.query<{ phone: string | null; phone_masked: string | null; customer_id: string | null }[]>(
      `SELECT phone, phone_masked, CASE WHEN coalesce(phone, phone_masked) IS NULL THEN NULL ELSE ${customerId('')} END AS customer_id
         FROM payments WHERE provider_id = $1 AND id = $2`,
      [providerId, paymentId],
    );
    return rows[0] ? { customerId: rows[0].customer_id, phone: rows[0].phone, phoneMasked: rows[0].phone_masked } : null;
  }

  /** Paid purchases of one buyer (id from `customers`), newest first. */
  async customerPurchases(providerId: string, id: string, limit: number): Promise<Payment[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM payments WHERE provider_id = $1 AND status = 'paid' AND ${customerId('')} = $2::uuid ORDER BY paid_at DESC, id DESC LIMIT $3`,
      [providerId, id, limit],
    );
    if (rows.length === 0) return [];
    const found = await this.dataSource.manager.find(Payment, { where: { providerId, id: In(rows.map((r) => r.id)) } });
    const order = new Map(rows.map((r, i) => [r.id, i]));
    return found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
}
