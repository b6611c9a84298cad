import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MESSAGE_CHANNELS = ['email', 'sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const SMS_ACCOUNTS = ['own', 'platform'] as const;
export type SmsAccount = (typeof SMS_ACCOUNTS)[number];

export const DELIVERY_STATUSES = ['in_transit', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dead'] as const;
/**
 * queued: waiting for its first attempt; sending: claimed by a sender under a lease (a crashed
 * sender's lease runs out and another takes it); sent; failed: an attempt failed, the next waits
 * for next_attempt_at; dead: failed OUTBOX_MAX_ATTEMPTS times, kept for the operator.
 */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * One message to one recipient (docs/email.md). Written by the caller in the same transaction as
 * the event that causes it; the idempotency key (derived from that event) makes a second write
 * for the same event a no-op, so nobody gets a message twice for one event.
 */
@Entity('outbound_messages')
@Index('uq_outbound_messages_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('idx_outbound_messages_due', ['status', 'nextAttemptAt'])
@Index('idx_outbound_messages_provider', ['providerId', 'createdAt'])
@Index('idx_outbound_messages_gateway_id', ['gatewayMessageId'], { where: 'gateway_message_id IS NOT NULL' })
@Index('idx_outbound_messages_voucher', ['voucherId', 'createdAt'], { where: 'voucher_id IS NOT NULL' })
export class OutboundMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the provider the message is for or paid by; null for platform messages (password reset) */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'varchar', length: 8 })
  channel: MessageChannel;

  /** an e-mail address (lower-cased) or an E.164 phone number without the + */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 64 })
  templateKey: string;

  @Column({ type: 'varchar', length: 5, default: 'en' })
  locale: string;

  /** e-mail only */
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  /** the rendered text (e-mail plain-text part, or the SMS) */
  @Column({ type: 'text' })
  body: string;

  /** e-mail only: the rendered HTML part */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** bodies carrying a secret (a reset link): replaced by a placeholder once sent or dead */
  @Column({ type: 'boolean', default: false })
  sensitive: boolean;

  /** `<event>:<id>`, e.g. `password_reset:<token id>` */
  @Column({ type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 8, default: 'queued' })
  status: MessageStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** the sender's lease while `sending` */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** the gateway's id (SMTP Message-ID, Africa's Talking messageId) */
  @Column({ type: 'varchar', length: 200, nullable: true })
  gatewayMessageId: string | null;

  /** the voucher an SMS carries the code of (resend, recovery and the message log link to it) */
  @Column({ type: 'uuid', nullable: true })
  voucherId: string | null;

  /** SMS: parts billed (GSM-7 160/153, UCS-2 70/67; docs/sms.md §4), counted when queued */
  @Column({ type: 'int', nullable: true })
  segments: number | null;

  /** SMS: whose Africa's Talking account sent it (`own` | `platform`), set when sent */
  @Column({ type: 'varchar', length: 8, nullable: true })
  smsAccount: SmsAccount | null;

  /** SMS: what the gateway charged, in minor units (0 when refused) */
  @Column({ type: 'int', nullable: true })
  costMinor: number | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  /** SMS: from the delivery reports (`in_transit` | `delivered` | `failed`); null until the first */
  @Column({ type: 'varchar', length: 12, nullable: true })
  deliveryStatus: DeliveryStatus | null;

  /** SMS: the report's status and failure reason, e.g. `Failed: AbsentSubscriber` */
  @Column({ type: 'varchar', length: 80, nullable: true })
  deliveryDetail: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
