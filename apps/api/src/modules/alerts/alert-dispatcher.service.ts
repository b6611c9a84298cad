import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { MessageQueue } from '../notifications';
import { ProvidersService } from '../providers';
import { CATEGORY_OF, type AlertChannel, type AlertKind } from './alert-kinds';
import { AlertRecipient, AlertRecipients } from './alert-recipients';
import type { AlertSubject } from './alert-subject';
import { emailItem, smsText } from './alert-words';
import { AlertsRepository } from './alerts.repository';
import type { Alert } from './entities/alert.entity';

const TEMPLATE = {
  router_offline: 'alert_router_offline',
  router_back: 'alert_router_back',
  provisioning_failed: 'alert_provisioning_failed',
  attention: 'alert_attention',
  subscription_lapse: 'alert_subscription_lapse',
} as const satisfies Record<AlertKind, string>;

export interface DispatchCounts {
  alerts: number;
  digests: number;
  messages: number;
}

/**
 * Sends what waited long enough (docs/alerts.md "Storms"): a provider's alerts of one kind wait
 * ALERT_DIGEST_WINDOW_SECONDS from the first of them; then, in one transaction, they are
 * locked, turned into messages for each person who chose that category (one per channel), and
 * marked sent. More than ALERT_DIGEST_THRESHOLD of them become one digest per person and
 * channel instead of one message each. Messages go through the durable queue with keys derived
 * from the alerts, so nothing is sent twice.
 */
@Injectable()
export class AlertDispatcher {
  private readonly logger = new Logger(AlertDispatcher.name);

  constructor(
    private readonly repo: AlertsRepository,
    private readonly recipients: AlertRecipients,
    private readonly queue: MessageQueue,
    private readonly providers: ProvidersService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatchDue(now: Date): Promise<DispatchCounts> {
    const counts: DispatchCounts = { alerts: 0, digests: 0, messages: 0 };
    const groups = await this.repo.dueGroups(new Date(now.getTime() - this.config.alerts.digestWindowSeconds * 1000));
    for (const group of groups) {
      const done = await this.dispatchGroup(group.providerId, group.kind, now);
      counts.alerts += done.alerts;
      counts.digests += done.digest ? 1 : 0;
      counts.messages += done.messages;
    }
    return counts;
  }

  private async dispatchGroup(providerId: string, kind: AlertKind, now: Date): Promise<{ alerts: number; digest: boolean; messages: number }> {
    // read before the transaction: who and the business name need no lock
    const [people, provider] = await Promise.all([this.recipients.forProvider(providerId), this.providers.getSummary(providerId)]);
    const business = provider?.businessName ?? 'your business';
    return inTransaction(this.dataSource, async (manager) => {
      const alerts = await this.repo.lockPending(manager, providerId, kind);
      if (alerts.length === 0) return { alerts: 0, digest: false, messages: 0 };
      const digest = alerts.length > this.config.alerts.digestThreshold;
      let total = 0;
      for (const batch of digest ? [alerts] : alerts.map((a) => [a])) {
        const key = `${digest ? 'alert_digest' : 'alert'}:${batch[0].id}`;
        let messages = 0;
        for (const person of people) {
          for (const channel of this.channelsFor(person, kind)) {
            const queued = await this.queue.enqueue(manager, this.message(channel, kind, batch, person, business, key));
            if (queued) messages++;
          }
        }
        await this.repo.markDispatched(
          manager,
          batch.map((a) => a.id),
          now,
          digest ? batch[0].id : null,
          messages,
        );
        total += messages;
      }
      if (digest) this.logger.log({ providerId, kind, alerts: alerts.length, messages: total }, 'alerts sent as one digest');
      return { alerts: alerts.length, digest, messages: total };
    });
  }

  private channelsFor(person: AlertRecipient, kind: AlertKind): AlertChannel[] {
    const chosen = person.choices[CATEGORY_OF[kind]];
    return [...(chosen.email ? (['email'] as const) : []), ...(chosen.sms && person.phone ? (['sms'] as const) : [])];
  }

  /** The page to act on: the one router / item when the message is about one, else the list. */
  private link(kind: AlertKind, subjects: AlertSubject[]): string {
    const base = this.config.http.publicUrl;
    const one = subjects.length === 1 ? subjects[0] : null;
    switch (kind) {
      case 'router_offline':
      case 'router_back':
      case 'provisioning_failed':
        return one && 'routerId' in one ? `${base}/app/routers/${one.routerId}` : `${base}/app/routers`;
      case 'attention':
        return one?.kind === 'attention' ? `${base}/app/attention/${one.itemId}` : `${base}/app/attention`;
      case 'subscription_lapse':
        return `${base}/app/subscription`;
    }
  }

  private message(channel: AlertChannel, kind: AlertKind, batch: Alert[], person: AlertRecipient, business: string, key: string) {
    const subjects = batch.map((a) => a.subject);
    const common = { providerId: batch[0].providerId, locale: person.language, idempotencyKey: `${key}:${person.userId}:${channel}` };
    if (channel === 'sms') return { ...common, channel, to: person.phone!, template: TEMPLATE[kind], text: smsText(subjects, person.language) };
    return {
      ...common,
      channel,
      to: person.email,
      template: TEMPLATE[kind],
      params: {
        name: person.name,
        business,
        items: subjects.map((s) => emailItem(s, person.language)),
        link: this.link(kind, subjects),
        settingsLink: `${this.config.http.publicUrl}/app/account#alerts`,
      },
    };
  }
}
