import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus, SmsAccount } from './outbound-message.entity';

/**
 * A delivery report that arrived before its SMS was marked sent (the gateway can report within
 * milliseconds of accepting, before our answer is written): kept here and applied when the
 * message records its gateway id (MessageQueue.markSent). Older than a day: dropped.
 */
@Entity('early_delivery_reports')
export class EarlyDeliveryReport {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  gatewayMessageId: string;

  /** the account whose report URL it came to; for `own`, the provider */
  @Column({ type: 'varchar', length: 8 })
  smsAccount: SmsAccount;

  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'varchar', length: 12 })
  outcome: DeliveryStatus;

  @Column({ type: 'varchar', length: 80 })
  detail: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
