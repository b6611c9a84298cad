import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const WEBHOOK_KINDS = ['stk', 'c2b_validation', 'c2b_confirmation'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const WEBHOOK_OUTCOMES = ['received', 'processed', 'duplicate', 'ignored', 'rejected', 'flagged', 'failed'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** Every Daraja callback, stored raw before it is processed; kept 90 days (retention job). */
@Entity('webhook_logs')
@Index('idx_webhook_logs_created', ['createdAt'])
@Index('idx_webhook_logs_provider_created', ['providerId', 'createdAt'])
@Index('idx_webhook_logs_provider_receipt', ['providerId', 'receipt'], { where: 'receipt IS NOT NULL' })
@Index('idx_webhook_logs_provider_external', ['providerId', 'externalId'], { where: 'external_id IS NOT NULL' })
@Index('idx_webhook_logs_provider_reference', ['providerId', 'paymentReference'], { where: 'payment_reference IS NOT NULL' })
@Index('idx_webhook_logs_flagged_c2b', ['providerId', 'createdAt'], { where: `kind = 'c2b_confirmation' AND outcome = 'flagged'` })
@Index('idx_webhook_logs_provider_phone', ['providerId', 'phoneHash'], { where: 'phone_hash IS NOT NULL' })
@Index('idx_webhook_logs_unrouted', ['createdAt'], { where: 'provider_id IS NULL' })
export class WebhookLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The provider the callback is for; on the platform's own C2B URLs, the provider the money was routed to (null until routed, or never). */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  /** Came in on the platform shortcode's C2B URLs (routed by payment reference or by phone and amount), not on a provider's own URLs. */
  @Column({ type: 'boolean', default: false })
  platform: boolean;

  @Column({ type: 'varchar', length: 20 })
  kind: WebhookKind;

  @Column({ type: 'jsonb' })
  body: unknown;

  @Column({ type: 'varchar', length: 45, nullable: true })
  sourceIp: string | null;

  /** CheckoutRequestID or TransID, for support searches. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  /** MpesaReceiptNumber / TransID, taken from the body on arrival (the log viewer's search; webhook-search.ts). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  receipt: string | null;

  /** BillRefNumber (C2B) on arrival, or the STK purchase's reference once the callback is handled. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  paymentReference: string | null;

  /** SHA-256 of the payer's normalised MSISDN (C2B v1 sends only this); the stored body keeps the number masked. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  /** The payment this callback led to (or confirmed), set when it is handled. */
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 12, default: 'received' })
  outcome: WebhookOutcome;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  @Column({ type: 'int', nullable: true })
  durationMs: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
