import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { nairobiDate } from './notification-text';
import { dueEvent, dueReminder, stateOf, transition } from './subscription-status';
import { SubscriptionsRepository } from './subscriptions.repository';

const DAY_MS = 86_400_000;

/** The daily job's work: reminders before the end, expiry into the grace period, then the pause of sales. */
@Injectable()
export class SubscriptionLifecycleService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Daily: reminders 7/3/1 days before the end, expiry (→ past_due with a grace period), then
   * paused when the grace ends. Idempotent: each step re-reads the locked row, notifications are
   * unique per (provider, key).
   */
  async runDaily(now: Date = this.clock.now()): Promise<{ reminders: number; expired: number; paused: number }> {
    const counts = { reminders: 0, expired: 0, paused: 0 };
    const ids = await this.repo.idsNeedingAttention(new Date(now.getTime() + 7 * DAY_MS));
    for (const id of ids) {
      await inTransaction(this.dataSource, async (manager) => {
        const sub = await this.repo.findByIdForUpdate(manager, id);
        if (!sub) return;
        let state = stateOf(sub);
        for (let event = dueEvent(state, now); event; event = dueEvent(state, now)) {
          const periodEnd = state.currentPeriodEnd;
          state = transition(state, event === 'expire' ? { type: 'expire', graceDays: this.config.subscriptions.graceDays } : { type: 'pause' }, now);
          if (event === 'expire') {
            counts.expired++;
            await this.repo.notify(manager, {
              providerId: sub.providerId,
              kind: 'subscription.expired',
              level: 'critical',
              title: sub.status === 'trialing' ? 'Your trial has ended' : 'Your subscription has expired',
              body: `Pay by ${nairobiDate(state.graceEndsAt!)} to keep selling: after that, voucher sales on your hotspots are paused until you pay.`,
              dedupeKey: `expired:${periodEnd.toISOString()}`,
            });
          } else {
            counts.paused++;
            await this.repo.notify(manager, {
              providerId: sub.providerId,
              kind: 'subscription.paused',
              level: 'critical',
              title: 'Sales paused',
              body: 'Your grace period is over: your hotspots no longer sell vouchers. Pay your subscription to resume at once.',
              dedupeKey: `paused:${periodEnd.toISOString()}`,
            });
          }
        }
        if (state.status !== sub.status) {
          await this.repo.updateSubscription(manager, sub.id, state);
          await this.audit.record(
            {
              action: `subscription.${state.status === 'paused' ? 'paused' : 'expired'}`,
              providerId: sub.providerId,
              target: { type: 'provider_subscription', id: sub.id },
              metadata: { from: sub.status, to: state.status },
            },
            manager,
          );
        }
        const reminder = dueReminder(state, now);
        if (reminder !== null) {
          const created = await this.repo.notify(manager, {
            providerId: sub.providerId,
            kind: 'subscription.reminder',
            level: reminder === 1 ? 'critical' : 'warning',
            title: `${state.status === 'trialing' ? 'Your trial ends' : 'Your subscription expires'} in ${reminder === 1 ? '1 day' : `${reminder} days`}`,
            body: `It ends on ${nairobiDate(state.currentPeriodEnd)}. Renew from the Subscription page to keep selling without interruption.`,
            dedupeKey: `reminder:${reminder}:${state.currentPeriodEnd.toISOString()}`,
          });
          if (created) counts.reminders++;
        }
      });
    }
    return counts;
  }
}
