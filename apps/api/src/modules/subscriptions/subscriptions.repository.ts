import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { Notification } from './entities/notification.entity';
import { PesapalIpnRegistration } from './entities/pesapal-ipn.entity';
import { PlatformPlan } from './entities/platform-plan.entity';
import { PlatformSettings } from './entities/platform-settings.entity';
import { ProviderSubscription } from './entities/provider-subscription.entity';
import { InvoiceStatus, SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { SubscriptionStatus } from './subscription-status';

export interface RevenueRow {
  month: string;
  currency: string;
  amountMinor: number;
  invoices: number;
}

/** The subscriptions module's tables: platform plans, provider subscriptions, invoices, notifications, IPN ids. */
@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ── platform settings (one row, created by the migration) ─────────
  async findSettings(manager?: EntityManager): Promise<PlatformSettings> {
    const row = await this.m(manager).getRepository(PlatformSettings).findOneBy({ id: 'default' });
    if (!row) throw new Error('platform_settings has no default row (run the migrations)');
    return row;
  }

  async updateSettings(manager: EntityManager, changes: Partial<PlatformSettings>): Promise<void> {
    await manager.getRepository(PlatformSettings).update({ id: 'default' }, changes);
  }

  // ── platform plans ────────────────────────────────────────────────
  listPlans(onlyActive: boolean): Promise<PlatformPlan[]> {
    return this.dataSource.getRepository(PlatformPlan).find({ where: onlyActive ? { active: true } : {}, order: { priceMinor: 'ASC', name: 'ASC' } });
  }

  findPlan(id: string, manager?: EntityManager): Promise<PlatformPlan | null> {
    return this.m(manager).getRepository(PlatformPlan).findOneBy({ id });
  }

  insertPlan(manager: EntityManager, data: Partial<PlatformPlan>): Promise<PlatformPlan> {
    const repo = manager.getRepository(PlatformPlan);
    return repo.save(repo.create(data));
  }

  async updatePlan(manager: EntityManager, id: string, changes: Partial<PlatformPlan>): Promise<void> {
    await manager.getRepository(PlatformPlan).update(id, changes);
  }

  async deletePlan(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(PlatformPlan).delete(id);
  }

  async planInUse(manager: EntityManager, id: string): Promise<boolean> {
    const subs = await manager.getRepository(ProviderSubscription).countBy({ planId: id });
    const invoices = await manager.getRepository(SubscriptionInvoice).countBy({ planId: id });
    return subs + invoices > 0;
  }

  // ── subscriptions ─────────────────────────────────────────────────
  findByProvider(providerId: string, manager?: EntityManager): Promise<ProviderSubscription | null> {
    return this.m(manager).getRepository(ProviderSubscription).findOneBy({ providerId });
  }

  findByProviderForUpdate(manager: EntityManager, providerId: string): Promise<ProviderSubscription | null> {
    return manager.getRepository(ProviderSubscription).createQueryBuilder('s').setLock('pessimistic_write').where('s.provider_id = :providerId', { providerId }).getOne();
  }

  findByIdForUpdate(manager: EntityManager, id: string): Promise<ProviderSubscription | null> {
    return manager.getRepository(ProviderSubscription).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
  }

  /** Inserts unless the provider already has one (approve twice, reactivate): returns whether it did. */
  async insertIfAbsent(manager: EntityManager, data: Partial<ProviderSubscription>): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(ProviderSubscription).values(data).orIgnore().returning(['id']).execute();
    return (result.raw as unknown[]).length > 0;
  }

  async updateSubscription(manager: EntityManager, id: string, changes: Partial<ProviderSubscription>): Promise<void> {
    await manager.getRepository(ProviderSubscription).update(id, changes);
  }

  /** Ids of subscriptions the daily job may have to act on (ending within `horizon`, expired, or in grace). */
  async idsNeedingAttention(horizon: Date): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(ProviderSubscription)
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where(`(s.status IN ('trialing','active') AND s.current_period_end <= :horizon) OR s.status = 'past_due'`, { horizon })
      .orderBy('s.current_period_end', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Trials and paid periods still running at `now` that end by `until`, soonest first. */
  endingBetween(now: Date, until: Date): Promise<ProviderSubscription[]> {
    return this.dataSource
      .getRepository(ProviderSubscription)
      .createQueryBuilder('s')
      .where(`s.status IN ('trialing','active') AND s.current_period_end > :now AND s.current_period_end <= :until`, { now, until })
      .orderBy('s.current_period_end', 'ASC')
      .getMany();
  }

  listSubscriptions(filter: { status?: SubscriptionStatus }, page: PageQueryDto): Promise<Page<ProviderSubscription>> {
    const qb = this.dataSource.getRepository(ProviderSubscription).createQueryBuilder('s').leftJoinAndSelect('s.plan', 'plan');
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    return paginate(qb, page, 'createdAt');
  }

  // ── invoices ──────────────────────────────────────────────────────
  insertInvoice(manager: EntityManager, data: Partial<SubscriptionInvoice>): Promise<SubscriptionInvoice> {
    const repo = manager.getRepository(SubscriptionInvoice);
    return repo.save(repo.create(data));
  }

  async updateInvoice(id: string, changes: Partial<SubscriptionInvoice>, manager?: EntityManager): Promise<void> {
    await this.m(manager).getRepository(SubscriptionInvoice).update(id, changes);
  }

  findInvoiceForProvider(providerId: string, id: string): Promise<SubscriptionInvoice | null> {
    return this.dataSource.getRepository(SubscriptionInvoice).findOneBy({ providerId, id });
  }

  findInvoiceByTrackingId(orderTrackingId: string): Promise<SubscriptionInvoice | null> {
    return this.dataSource.getRepository(SubscriptionInvoice).findOneBy({ orderTrackingId });
  }

  findInvoiceByReference(merchantReference: string): Promise<SubscriptionInvoice | null> {
    return this.dataSource.getRepository(SubscriptionInvoice).findOneBy({ merchantReference });
  }

  findInvoiceForUpdate(manager: EntityManager, id: string): Promise<SubscriptionInvoice | null> {
    return manager.getRepository(SubscriptionInvoice).createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  pageInvoices(providerId: string, page: PageQueryDto): Promise<Page<SubscriptionInvoice>> {
    const qb = this.dataSource.getRepository(SubscriptionInvoice).createQueryBuilder('i').where('i.provider_id = :providerId', { providerId });
    return paginate(qb, page, 'createdAt');
  }

  /** Pending orders to re-check with Pesapal (created before `before`), oldest first. */
  pendingOrders(before: Date, limit: number): Promise<SubscriptionInvoice[]> {
    return this.dataSource
      .getRepository(SubscriptionInvoice)
      .createQueryBuilder('i')
      .where(`i.status = 'pending' AND i.order_tracking_id IS NOT NULL AND i.created_at < :before`, { before })
      .orderBy('i.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Pending invoices older than `before`: never paid, given up on. */
  async expirePendingBefore(before: Date): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SubscriptionInvoice)
      .set({ status: 'expired' as InvoiceStatus, failureReason: 'Not paid in time' })
      .where(`status = 'pending' AND created_at < :before`, { before })
      .execute();
    return result.affected ?? 0;
  }

  /** Paid invoices per Nairobi day and currency over [from, to) (super-admin overview). */
  async revenueByDay(from: Date, to: Date): Promise<Array<{ day: string; currency: string; amountMinor: number; invoices: number }>> {
    const rows = await this.dataSource.query<{ day: string; currency: string; amount: string; invoices: number }[]>(
      `SELECT to_char(paid_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD') AS day, currency, sum(amount_minor)::bigint AS amount, count(*)::int AS invoices
         FROM subscription_invoices WHERE status = 'paid' AND paid_at >= $1 AND paid_at < $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
    return rows.map((r) => ({ day: r.day, currency: r.currency, amountMinor: Number(r.amount), invoices: r.invoices }));
  }

  /** Paid invoices per month (Africa/Nairobi) and currency. */
  async revenueByMonth(): Promise<RevenueRow[]> {
    const rows = await this.dataSource.query<{ month: string; currency: string; amount: string; invoices: number }[]>(
      `SELECT to_char(paid_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM') AS month, currency, sum(amount_minor)::bigint AS amount, count(*)::int AS invoices
         FROM subscription_invoices WHERE status = 'paid' AND paid_at IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
    );
    return rows.map((r) => ({
      month: r.month,
      currency: r.currency,
      amountMinor: Number(r.amount),
      invoices: r.invoices,
    }));
  }

  // ── notifications ─────────────────────────────────────────────────
  /** Once per (provider, dedupeKey): returns whether it was new. */
  async notify(manager: EntityManager, data: Pick<Notification, 'providerId' | 'kind' | 'level' | 'title' | 'body' | 'dedupeKey'>): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(Notification).values(data).orIgnore().returning(['id']).execute();
    return (result.raw as unknown[]).length > 0;
  }

  pageNotifications(providerId: string, page: PageQueryDto): Promise<Page<Notification>> {
    const qb = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.provider_id = :providerId', { providerId });
    return paginate(qb, page, 'createdAt');
  }

  // ── Pesapal IPN registration ─────────────────────────────────────
  findIpn(baseUrl: string, consumerKey: string, url: string): Promise<PesapalIpnRegistration | null> {
    return this.dataSource.getRepository(PesapalIpnRegistration).findOneBy({ baseUrl, consumerKey, url });
  }

  async saveIpn(data: Pick<PesapalIpnRegistration, 'baseUrl' | 'consumerKey' | 'url' | 'ipnId'>): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(PesapalIpnRegistration).values(data).orUpdate(['ipn_id'], ['base_url', 'consumer_key', 'url']).execute();
  }
}
