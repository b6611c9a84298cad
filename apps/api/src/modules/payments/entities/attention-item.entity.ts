import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../../common/money';

/**
 * flagged_payment: a payment held for review (wrong amount, reference already sold…);
 * unmatched_c2b: a C2B confirmation whose money matched no payment reference (no payment row);
 * unmatched_statement_line: a statement line that matched nothing;
 * expired_stk_claim: an expired STK push the customer says they paid, raised by the provider.
 */
export const ATTENTION_KINDS = ['flagged_payment', 'unmatched_c2b', 'unmatched_statement_line', 'expired_stk_claim'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
/** open: in the queue; the others are resolutions (kept, visible with a filter). */
export const ATTENTION_STATES = ['open', 'voucher_issued', 'refund_due', 'dismissed'] as const;
export type AttentionState = (typeof ATTENTION_STATES)[number];

/**
 * One entry of the Needs attention queue: money that did not turn into a voucher by itself
 * (docs/payments-reconciliation.md "Needs attention"). Found from payments, webhook logs and
 * statement lines by `AttentionService.collect` (once per source row) and resolved by a person.
 */
@Entity('attention_items')
@Index('uq_attention_items_payment', ['paymentId'], { unique: true, where: 'payment_id IS NOT NULL' })
@Index('uq_attention_items_webhook_log', ['webhookLogId'], { unique: true, where: 'webhook_log_id IS NOT NULL' })
@Index('uq_attention_items_statement_line', ['statementLineId'], { unique: true, where: 'statement_line_id IS NOT NULL' })
@Index('idx_attention_items_provider_state', ['providerId', 'state', 'occurredAt', 'id'])
@Index('idx_attention_items_state', ['state', 'occurredAt', 'id'])
/** new items by the time they joined the queue (the alerts module's read, docs/alerts.md) */
@Index('idx_attention_items_created', ['createdAt'])
export class AttentionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** null: money on the platform's shortcode that no provider could be found for (super admin only) */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'varchar', length: 24 })
  kind: AttentionKind;

  @Column({ type: 'varchar', length: 14, default: 'open' })
  state: AttentionState;

  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'uuid', nullable: true })
  webhookLogId: string | null;

  @Column({ type: 'uuid', nullable: true })
  statementLineId: string | null;

  /** Why it needs attention (the flag reason, the unmatched line's detail). */
  @Column({ type: 'varchar', length: 300 })
  reason: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3, default: 'KES' })
  currency: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  receipt: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phoneMasked: string | null;

  /** When the money moved (or the push was made). */
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** The dismissal reason or the refund note. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  voucherId: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedByUserId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  resolvedByEmail: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
