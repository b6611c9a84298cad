import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { nairobiDay, recentNairobiDays, startOfNairobiDay } from '../../common/time';
import { AuditService } from '../audit';
import { MessageQueue, MessageSender } from '../notifications';
import { JobQueue, JobRunner } from '../jobs';
import { PaymentsService } from '../payments';
import { PlansService } from '../plans';
import { ProvidersService } from '../providers';
import { RouterOverviewService, RoutersService } from '../routers';
import { SubscriptionErrorCode, SubscriptionException, SubscriptionsService } from '../subscriptions';
import { VouchersService } from '../vouchers';
import { DashboardErrorCode, DashboardException } from './dashboards.exception';
import { GETTING_STARTED_STEPS, GettingStartedDto, GettingStartedStepKey } from './dto/getting-started.dto';
import {
  AdminOverviewDto,
  AmountDto,
  DailyRevenueDto,
  JobRunResultDto,
  LedgerTotalDto,
  PlatformDailyDto,
  ProviderOverviewDto,
  RateDto,
  SubscriptionStateDto,
  SystemHealthDto,
} from './dto/overview.dto';

const DAYS = 30;
const DEFAULT_CURRENCY = 'KES';

const rate = (succeeded: number, failed: number, windowDays: number): RateDto => {
  const total = succeeded + failed;
  return { succeeded, total, rate: total === 0 ? null : succeeded / total, windowDays };
};

/** The 30 Nairobi days ending today, oldest first (YYYY-MM-DD). */
function lastNairobiDays(now: Date, days = DAYS): string[] {
  return Array.from({ length: days }, (_, i) => nairobiDay(startOfNairobiDay(now, days - 1 - i)));
}

const dayKey = (day: string, currency: string) => `${day}|${currency}`;

/** One row per currency (KES when there is none) and per day of the last 30 Nairobi days: the charts' series. */
function dailyRows<T>(currencies: string[], now: Date, row: (day: string, currency: string) => T): T[] {
  const distinct = [...new Set(currencies)];
  if (distinct.length === 0) distinct.push(DEFAULT_CURRENCY);
  const days = lastNairobiDays(now);
  return distinct.flatMap((currency) => days.map((day) => row(day, currency)));
}

const sumCount = (rows: LedgerTotalDto[]) => rows.reduce((n, r) => n + r.count, 0);

function addAmount(into: Map<string, number>, currency: string, minor: number): void {
  into.set(currency, (into.get(currency) ?? 0) + minor);
}
const amounts = (m: Map<string, number>): AmountDto[] => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([currency, amountMinor]) => ({ currency, amountMinor }));

/**
 * The overview pages and system health, composed only from other modules' exported services
 * (docs/architecture.md rule 1): payments (ledger), vouchers, routers, subscriptions, providers, jobs.
 */
@Injectable()
export class DashboardsService {
  constructor(
    private readonly payments: PaymentsService,
    private readonly vouchers: VouchersService,
    private readonly routers: RoutersService,
    private readonly routerOverviews: RouterOverviewService,
    private readonly subscriptions: SubscriptionsService,
    private readonly providers: ProvidersService,
    private readonly messages: MessageQueue,
    private readonly messageSender: MessageSender,
    private readonly jobs: JobRunner,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly plans: PlansService,
  ) {}

  async providerOverview(principal: Principal, providerId: string, now = new Date()): Promise<ProviderOverviewDto> {
    const [revenue, outcomes, vouchers, routers, subscription] = await Promise.all([
      this.payments.revenueSummary(providerId, now),
      this.payments.paymentOutcomes(providerId, 7, now),
      this.vouchers.counts(providerId, {}),
      this.routerOverviews.overview(providerId),
      principal.role === 'provider_owner' ? this.subscriptionState(providerId) : Promise.resolve(null),
    ]);
    const byDay = new Map(revenue.daily.map((d) => [dayKey(d.day, d.currency), d]));
    const daily: DailyRevenueDto[] = dailyRows(
      revenue.last30Days.map((r) => r.currency),
      now,
      (day, currency) => {
        const d = byDay.get(dayKey(day, currency));
        return { day, currency, count: d?.count ?? 0, grossMinor: d?.grossMinor ?? 0 };
      },
    );
    return {
      generatedAt: now.toISOString(),
      revenue: { today: revenue.today, last7Days: revenue.last7Days, last30Days: revenue.last30Days },
      sales: { today: sumCount(revenue.today), last7Days: sumCount(revenue.last7Days), last30Days: sumCount(revenue.last30Days) },
      salesByMethod: revenue.byMethod,
      daily,
      topPlans: revenue.topPlans,
      paymentSuccess: rate(outcomes.paid, outcomes.unsuccessful, 7),
      vouchers,
      routers: {
        total: routers.total,
        ...routers.byStatus,
        activeSessions: routers.activeSessions,
        syncPending: routers.syncPending,
        syncFailed: routers.syncFailed,
        alerts: routers.alerts,
      },
      subscription,
    };
  }

  /**
   * The owner's first-day checklist (docs/getting-started.md). Every step is computed from what the
   * other modules hold now, through their services: routers (added; ever answered the platform),
   * plans offered on a router, M-Pesa collection, and a first sale.
   */
  async gettingStarted(principal: Principal, providerId: string, now = new Date()): Promise<GettingStartedDto> {
    const [routers, plans, collection, saved, paid, vouchers] = await Promise.all([
      this.allRouters(providerId),
      this.plans.listSnapshots(providerId, { status: 'active' }),
      this.payments.collectionSetup(providerId),
      this.audit.list(principal, { action: 'payments.settings_changed', limit: 1 }),
      this.payments.list(providerId, { status: 'paid', limit: 1 }),
      this.vouchers.counts(providerId, {}),
    ]);
    const offeredOn = await this.plans.routerIdsByPlan(providerId, plans);
    const planOnRouter = plans.find((p) => (offeredOn.get(p.id) ?? []).length > 0) ?? null;
    // a router counts as connected once it ever answered (test connection or monitoring): a later outage is an alert, not setup
    const connected = routers.find((r) => r.lastSeenAt !== null) ?? null;
    const next = routers.find((r) => r.lastSeenAt === null) ?? routers[0] ?? null;
    const sold = paid.items.length > 0 || vouchers.sold + vouchers.in_use > 0;
    // platform collection is the default, so it counts once the owner saved the M-Pesa settings (or money came in that way);
    // own-account collection counts once Daraja accepted the keys ("Test credentials")
    const mpesa =
      collection.mode === 'own_account' ? collection.ownAccountVerified : collection.mode === 'platform' && collection.platformAvailable && (saved.items.length > 0 || paid.items.length > 0);
    const done: Record<GettingStartedStepKey, boolean> = { router: routers.length > 0, connected: connected !== null, plan: planOnRouter !== null, mpesa, sale: sold };
    const steps = GETTING_STARTED_STEPS.map((key) => ({ key, done: done[key] }));
    return {
      generatedAt: now.toISOString(),
      steps,
      complete: steps.every((s) => s.done),
      routerId: next?.id ?? null,
      routerName: next?.name ?? null,
      connectedRouterName: connected?.name ?? null,
      planName: planOnRouter?.name ?? null,
      mpesaMode: collection.mode,
      platformCollectionAvailable: collection.platformAvailable,
    };
  }

  /** Every router of the provider, page by page (a checklist must not miss the 101st). */
  private async allRouters(providerId: string): Promise<Array<{ id: string; name: string; lastSeenAt: Date | null }>> {
    const out: Array<{ id: string; name: string; lastSeenAt: Date | null }> = [];
    let cursor: string | undefined;
    do {
      const page = await this.routers.list(providerId, { limit: 100, cursor });
      out.push(...page.items.map((r) => ({ id: r.id, name: r.name, lastSeenAt: r.lastSeenAt })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  async adminOverview(now = new Date()): Promise<AdminOverviewDto> {
    const { from, to } = recentNairobiDays(now, DAYS);
    const [providers, gmv, subscriptionDays, payments, webhooks, routers] = await Promise.all([
      this.providers.countByStatus(),
      this.payments.revenueSummary(null, now),
      this.subscriptions.revenueByDay(from, to),
      this.payments.paymentOutcomes(null, 7, now),
      this.payments.webhookOutcomes(7, now),
      this.routerOverviews.healthSummary(24, now),
    ]);
    const subscriptions = new Map<string, number>();
    const commissions = new Map<string, number>();
    for (const s of subscriptionDays) addAmount(subscriptions, s.currency, s.amountMinor);
    for (const c of gmv.last30Days) addAmount(commissions, c.currency, c.commissionMinor);
    const total = new Map<string, number>();
    for (const [c, v] of [...subscriptions, ...commissions]) addAmount(total, c, v);

    const subsByDay = new Map(subscriptionDays.map((s) => [dayKey(s.day, s.currency), s.amountMinor]));
    const ledgerByDay = new Map(gmv.daily.map((d) => [dayKey(d.day, d.currency), d]));
    const daily: PlatformDailyDto[] = dailyRows([...total.keys(), ...gmv.last30Days.map((r) => r.currency)], now, (day, currency) => ({
      day,
      currency,
      subscriptionsMinor: subsByDay.get(dayKey(day, currency)) ?? 0,
      commissionsMinor: ledgerByDay.get(dayKey(day, currency))?.commissionMinor ?? 0,
      gmvMinor: ledgerByDay.get(dayKey(day, currency))?.grossMinor ?? 0,
    }));
    return {
      generatedAt: now.toISOString(),
      providers: { ...providers, total: Object.values(providers).reduce((a, b) => a + b, 0) },
      platformRevenue: { total30Days: amounts(total), subscriptions30Days: amounts(subscriptions), commissions30Days: amounts(commissions) },
      gmv: { today: gmv.today, last7Days: gmv.last7Days, last30Days: gmv.last30Days },
      gmvByMethod: gmv.byMethod,
      daily,
      paymentSuccess: rate(payments.paid, payments.unsuccessful, 7),
      webhookSuccess: rate(webhooks.handled, webhooks.failed, 7),
      routerSync: rate(routers.sync.applied, routers.sync.deadLettered, 1),
      routers: { total: routers.total, ...routers.byStatus, activeSessions: routers.activeSessions },
    };
  }

  async systemHealth(now = new Date()): Promise<SystemHealthDto> {
    const [latest, failures, routers, webhooks, loginAlerts, messages, queues] = await Promise.all([
      this.jobs.latestPerJob(),
      this.jobs.failureCounts(new Date(now.getTime() - 86_400_000)),
      this.routerOverviews.healthSummary(24, now),
      this.payments.recentWebhookFailures(20, now),
      this.audit.accountsUnderAttack(new Date(now.getTime() - 86_400_000)),
      this.messages.stats(),
      this.queue.queueStats(),
    ]);
    const runnable = new Set(this.jobs.registeredNames());
    const names = [...new Set([...runnable, ...latest.map((r) => r.name)])].sort();
    const lastByName = new Map(latest.map((r) => [r.name, r]));
    const providers = await this.providers.getSummaries([
      ...routers.backlog.map((b) => b.providerId),
      ...routers.failing.map((f) => f.providerId),
      ...webhooks.flatMap((w) => (w.providerId ? [w.providerId] : [])),
    ]);
    const providerName = (id: string | null) => (id ? (providers.get(id)?.businessName ?? null) : null);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      generatedAt: now.toISOString(),
      jobs: names.map((name) => {
        const run = lastByName.get(name);
        const f = failures.get(name);
        return {
          name,
          runnable: runnable.has(name),
          lastRun: run ? { status: run.status, startedAt: run.startedAt.toISOString(), finishedAt: iso(run.finishedAt), durationMs: run.durationMs, counts: run.counts, error: run.error } : null,
          runs24h: f?.runs ?? 0,
          failed24h: f?.failed ?? 0,
        };
      }),
      outbox: routers.backlog.map((b) => ({ ...b, providerName: providerName(b.providerId), oldestPendingAt: iso(b.oldestPendingAt) })),
      failingRouters: routers.failing.map((f) => ({ ...f, providerName: providerName(f.providerId), since: iso(f.since) })),
      webhookFailures: webhooks.map((w) => ({ ...w, providerName: providerName(w.providerId), receivedAt: w.receivedAt.toISOString() })),
      loginAlerts: loginAlerts.map((a) => ({ ...a, at: a.at.toISOString() })),
      messages: {
        waiting: messages.waiting,
        dead: messages.dead,
        sentLastDay: messages.sentLastDay,
        oldestWaitingAt: iso(messages.oldestWaitingAt),
        emailConfigured: this.messageSender.emailReady,
        channels: messages.byChannel,
        recentDead: messages.recentDead.map((m) => ({ ...m, updatedAt: m.updatedAt.toISOString() })),
      },
      queues: queues.map((q) => ({ ...q, oldestQueuedAt: iso(q.oldestQueuedAt) })),
    };
  }

  async runJob(name: string, actor: Principal, context: RequestContext): Promise<JobRunResultDto> {
    if (!this.jobs.registeredNames().includes(name)) throw new DashboardException(DashboardErrorCode.JOB_NOT_FOUND, `No job named ${name}`);
    const outcome = (await this.jobs.runRegistered(name))!;
    await this.audit.record({ action: 'job.run_now', actor, target: { type: 'job', id: name }, context, metadata: { status: outcome.status, runId: outcome.runId } });
    return { status: outcome.status, runId: outcome.runId, counts: outcome.counts, error: outcome.error ?? null };
  }

  async retryRouterOutbox(routerId: string, actor: Principal, context: RequestContext): Promise<{ retried: number }> {
    return { retried: await this.routerOverviews.retryForAdmin(routerId, actor, context) };
  }

  private async subscriptionState(providerId: string): Promise<SubscriptionStateDto | null> {
    try {
      const s = await this.subscriptions.getForProvider(providerId);
      return { status: s.status, planName: s.plan?.name ?? null, daysLeft: s.daysLeft, currentPeriodEnd: new Date(s.currentPeriodEnd).toISOString(), canSell: s.canSell };
    } catch (error) {
      // not approved yet: no subscription
      if (error instanceof SubscriptionException && error.code === SubscriptionErrorCode.SUBSCRIPTION_NOT_FOUND) return null;
      throw error;
    }
  }
}
