import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DAY_MS } from '../../common/time';
import { AlertDetector } from './alert-detector.service';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertsRepository } from './alerts.repository';

/** Sent alerts are kept this long (the alerts job's own table; every source's read is hours behind at most). */
const KEEP_DAYS = 90;

/**
 * The alerts job's work (docs/alerts.md): take new events from their sources, then send what
 * has waited its window. Idempotent and safe to call directly (tests drive it with the injected
 * clock instead of waiting).
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly detector: AlertDetector,
    private readonly dispatcher: AlertDispatcher,
    private readonly repo: AlertsRepository,
    private readonly clock: Clock,
  ) {}

  async run(now: Date = this.clock.now()): Promise<Record<string, number>> {
    const detected = await this.detector.detect(now);
    const sent = await this.dispatcher.dispatchDue(now);
    const forgotten = await this.repo.deleteSentBefore(new Date(now.getTime() - KEEP_DAYS * DAY_MS));
    return {
      routerEvents: detected.routers,
      attentionItems: detected.attention,
      subscriptionReminders: detected.subscription,
      alertsSent: sent.alerts,
      digests: sent.digests,
      messagesQueued: sent.messages,
      forgotten,
    };
  }
}
