import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber, BillingPeriod } from './platform-plan.entity';

export const INVOICE_STATUSES = ['pending', 'paid', 'failed', 'reversed', 'rejected', 'expired', 'waived'] as const;
/**
 * pending → paid | failed | rejected (amount/currency/reference mismatch) | expired (never paid);
 * failed → paid (a late success wins); paid → reversed. `waived`: granted by the super admin.
 */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** One Pesapal order per invoice (or a waiver). */
@Entity('subscription_invoices')
@Index('uq_subscription_invoices_merchant_reference', ['merchantReference'], { unique: true })
@Index('uq_subscription_invoices_order_tracking_id', ['orderTrackingId'], { unique: true, where: 'order_tracking_id IS NOT NULL' })
@Index('idx_subscription_invoices_provider_created', ['providerId', 'createdAt'])
@Index('idx_subscription_invoices_status_created', ['status', 'createdAt'])
export class SubscriptionInvoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @Column({ type: 'uuid' })
  planId: string;

  /** Snapshot of the plan's name when invoiced. */
  @Column({ type: 'varchar', length: 80 })
  planName: string;

  /** Per provider, 1, 2, 3… */
  @Column({ type: 'int' })
  number: number;

  /** Bumped when an order submission must be retried with a fresh reference. */
  @Column({ type: 'int', default: 1 })
  attempt: number;

  /** Our Pesapal `id`: SUB-<tenant8>-<number>-<attempt>; waivers: WAIVE-… */
  @Column({ type: 'varchar', length: 50 })
  merchantReference: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 8 })
  period: BillingPeriod;

  /** How many periods this invoice buys (waivers may grant more than one). */
  @Column({ type: 'int', default: 1 })
  periods: number;

  @Column({ type: 'varchar', length: 10 })
  status: InvoiceStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  orderTrackingId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  redirectUrl: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  paymentMethod: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  confirmationCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  failureReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  /** The service period this invoice paid for (set when paid or waived). */
  @Column({ type: 'timestamptz', nullable: true })
  periodStart: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  periodEnd: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
