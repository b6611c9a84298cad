import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { retryDelayMs } from './backoff';
import { ChannelError, EMAIL_SENDER, NotSetUpSender, type ChannelSender } from './channels';
import type { MessageChannel, OutboundMessage } from './entities/outbound-message.entity';
import { MessageQueue } from './message-queue';

const SENDER_JOB = 'outbound-messages';
/** messages claimed per round */
const BATCH = 20;
/** a claimed message's lease: longer than nodemailer's connection + greeting + socket timeouts */
const LEASE_MS = 60_000;

export interface SendCounts {
  sent: number;
  failed: number;
  dead: number;
  [key: string]: number;
}

/**
 * Sends the outbound message queue: claims due messages (FOR UPDATE SKIP LOCKED, under a lease,
 * committed before any gateway call), hands each to its channel, then marks it sent, or
 * schedules a retry with exponential backoff, or marks it dead after OUTBOX_MAX_ATTEMPTS. A
 * channel that is not set up is not claimed at all, so its messages wait without spending
 * attempts. Several instances may run at once: a row is claimed by one of them only.
 */
@Injectable()
export class MessageSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageSender.name);
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<unknown> | null = null;
  private stopped = false;
  /** the SMS module registers its sender at start (useChannel), so this module does not depend on it */
  private sms: ChannelSender = new NotSetUpSender();

  constructor(
    private readonly queue: MessageQueue,
    private readonly jobs: JobRunner,
    @Inject(EMAIL_SENDER) private readonly email: ChannelSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(SENDER_JOB, () => this.drainOnce());
  }

  onApplicationBootstrap(): void {
    if (!this.email.ready) this.logger.warn('No SMTP server configured (SMTP_URL or SMTP_HOST): e-mails wait in the queue until one is');
    if (!this.config.jobs.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.outbox.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Interval trigger: a job run is recorded only when something is due. */
  private async tick(): Promise<void> {
    if (this.draining || this.stopped) return;
    const run = (async () => {
      if (await this.queue.anyDue(this.readyChannels())) await this.jobs.runNow(SENDER_JOB, () => this.drainOnce());
    })();
    this.draining = run;
    try {
      await run;
    } catch (err) {
      this.logger.error({ err }, 'outbound message tick failed');
    } finally {
      this.draining = null;
    }
  }

  /** Puts a channel's sender in place (the SMS module, when it starts). */
  useChannel(channel: 'sms', sender: ChannelSender): void {
    if (channel === 'sms') this.sms = sender;
  }

  /** false: no SMTP server configured (system health says so). */
  get emailReady(): boolean {
    return this.email.ready;
  }

  private readyChannels(): MessageChannel[] {
    return [...(this.email.ready ? (['email'] as const) : []), ...(this.sms.ready ? (['sms'] as const) : [])];
  }

  /** Sends everything due now (bounded rounds); safe to call from tests and from several instances at once. */
  async drainOnce(): Promise<SendCounts> {
    const counts: SendCounts = { sent: 0, failed: 0, dead: 0 };
    for (let round = 0; round < 500 && !this.stopped; round++) {
      const messages = await this.queue.claimDue(this.readyChannels(), BATCH, LEASE_MS);
      if (messages.length === 0) break;
      const results = await Promise.all(messages.map((m) => this.sendOne(m)));
      for (const r of results) counts[r]++;
      // what failed this round waits for its backoff: a round that only failed ends the drain
      if (results.every((r) => r !== 'sent')) break;
    }
    return counts;
  }

  private async sendOne(message: OutboundMessage): Promise<'sent' | 'failed' | 'dead'> {
    const channel = message.channel === 'email' ? this.email : this.sms;
    try {
      const receipt = await channel.send(message);
      await this.queue.markSent(message, receipt);
      return 'sent';
    } catch (err) {
      const error = err instanceof ChannelError ? err : new ChannelError(err instanceof Error ? err.message : String(err));
      const attempts = message.attempts + 1;
      const dead = error.permanent || attempts >= this.config.outbox.maxAttempts;
      const wait = Math.max(retryDelayMs(attempts, this.config.outbox.backoffMs), error.retryAfterMs ?? 0);
      await this.queue.markFailed(message, attempts, dead, new Date(Date.now() + wait), error.message);
      if (dead) this.logger.warn({ messageId: message.id, channel: message.channel, template: message.templateKey, attempts }, 'outbound message dead');
      return dead ? 'dead' : 'failed';
    }
  }
}
