import { Inject, Injectable } from '@nestjs/common';
import { DAY_MS } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AttentionService } from '../payments';
import { RouterAlertEvent, RoutersService } from '../routers';
import { SubscriptionsService } from '../subscriptions';
import { ROUTER_EVENT_KINDS } from './alert-kinds';
import type { AlertSubject } from './alert-subject';
import { AlertsRepository, NewAlert } from './alerts.repository';

function fromRouterEvent(e: RouterAlertEvent, detectedAt: Date): NewAlert {
  const base = { routerId: e.routerId, routerName: e.routerName };
  let subject: AlertSubject;
  switch (e.kind) {
    case 'router_offline':
      subject = { kind: e.kind, ...base, status: e.status, since: e.since.toISOString() };
      break;
    case 'router_back':
      subject = { kind: e.kind, ...base, downSince: e.downSince?.toISOString() ?? null, backAt: e.backAt.toISOString() };
      break;
    case 'provisioning_failed':
      subject = { kind: e.kind, ...base, change: e.change, error: e.error };
      break;
  }
  return { providerId: e.providerId, kind: e.kind, sourceKey: e.key, sourceAt: e.recordedAt, subject, detectedAt };
}

/**
 * Takes new alertable events from their sources into `alerts`, once each (the source key):
 * router outages, returns and dead letters from the routers module's events, new Needs
 * attention items from the payments module, subscriptions about to end from the subscriptions
 * module (docs/alerts.md "Events"). Idempotent: reading a source again takes nothing twice.
 */
@Injectable()
export class AlertDetector {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly routers: RoutersService,
    private readonly attention: AttentionService,
    private readonly subscriptions: SubscriptionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async detect(now: Date): Promise<{ routers: number; attention: number; subscription: number }> {
    const routerEvents = await this.routers.alertEventsSince(await this.repo.readFrom(ROUTER_EVENT_KINDS));
    const routers = await this.repo.insertMany(routerEvents.map((e) => fromRouterEvent(e, now)));

    const items = await this.attention.newItemsSince(await this.repo.readFrom(['attention']));
    const attention = await this.repo.insertMany(
      items.map((i) => ({
        providerId: i.providerId,
        kind: 'attention' as const,
        sourceKey: `attention:${i.id}`,
        sourceAt: i.createdAt,
        subject: { kind: 'attention' as const, itemId: i.id, amountMinor: i.amountMinor, currency: i.currency, reason: i.reason, receipt: i.receipt },
        detectedAt: now,
      })),
    );

    return { routers, attention, subscription: await this.detectLapsing(now) };
  }

  /**
   * Each threshold (ALERT_SUBSCRIPTION_DAYS, 7 and 1 days) once per period: a period first seen
   * already past several thresholds gets only the nearest one (a week's warning a day before the
   * end would say the wrong thing). A renewal moves the period's end: a new period, new alerts.
   */
  private async detectLapsing(now: Date): Promise<number> {
    const days = this.config.alerts.subscriptionDays;
    if (days.length === 0) return 0;
    const lapsing = await this.subscriptions.endingBetween(now, new Date(now.getTime() + days[0] * DAY_MS));
    const alerts: NewAlert[] = [];
    for (const s of lapsing) {
      const left = s.periodEnd.getTime() - now.getTime();
      const threshold = [...days].reverse().find((d) => left <= d * DAY_MS);
      if (threshold === undefined) continue;
      const periodEnd = s.periodEnd.toISOString();
      alerts.push({
        providerId: s.providerId,
        kind: 'subscription_lapse',
        sourceKey: `subscription_lapse:${s.id}:${periodEnd}:${threshold}`,
        sourceAt: now,
        subject: { kind: 'subscription_lapse', subscriptionId: s.id, days: Math.max(1, Math.ceil(left / DAY_MS)), periodEnd, trial: s.trial },
        detectedAt: now,
      });
    }
    return this.repo.insertMany(alerts);
  }
}
