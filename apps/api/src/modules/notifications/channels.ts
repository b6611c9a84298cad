import type { OutboundMessage } from './entities/outbound-message.entity';

/** What a gateway said about a message it accepted. */
export interface ChannelReceipt {
  gatewayMessageId: string | null;
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
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
/**
 * The SMS slot: a ChannelSender over `@wavu/africastalking` fills it next (docs/email.md,
 * "SMS"); until then the NotSetUpSender below stands in and SMS messages wait in the queue.
 */
export const SMS_SENDER = Symbol('SMS_SENDER');

export class NotSetUpSender implements ChannelSender {
  readonly ready = false;

  send(): Promise<ChannelReceipt> {
    return Promise.reject(new ChannelError('channel not set up'));
  }
}
