import type { OutboundMessage, SmsAccount } from './entities/outbound-message.entity';

/** What a gateway said about a message it accepted. */
export interface ChannelReceipt {
  gatewayMessageId: string | null;
  /** SMS: whose account sent it and what it cost (kept on the message for the log and usage) */
  sms?: { account: SmsAccount; costMinor: number; currency: string | null };
}

/**
 * A way of reaching people (e-mail, SMS). `send` resolves when the gateway accepted the message
 * and throws ChannelError when it did not; the sender retries with backoff.
 */
export interface ChannelSender {
  /** false: not configured; messages of this channel wait in the queue (no attempt is spent) */
  readonly ready: boolean;
  send(message: OutboundMessage): Promise<ChannelReceipt>;
}

/** A refused or failed send. `permanent`: retrying cannot help (a refused recipient): dead at once. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    /** the gateway asked to wait this long before the next attempt (a 429's Retry-After) */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

/**
 * A channel nobody registered (the SMS module registers its sender with
 * `MessageSender.useChannel('sms', …)` when it starts): its messages wait in the queue.
 */
export class NotSetUpSender implements ChannelSender {
  readonly ready = false;

  send(): Promise<ChannelReceipt> {
    return Promise.reject(new ChannelError('channel not set up'));
  }
}
