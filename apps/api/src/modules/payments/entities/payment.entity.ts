import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';
import type { CollectionMode } from './payment-settings.entity';

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'cancelled', 'expired', 'flagged'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_SOURCES = ['stk', 'c2b'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];
/** How a payment became paid: STK callback, STK Query, C2B confirmation, a statement line (Pull Transactions or an uploaded org-portal statement), or a person resolving it in Needs attention (manual). */
export const SETTLED_VIA = ['callback', 'query', 'c2b', 'statement', 'manual'] as const;
export type SettledVia = (typeof SETTLED_VIA)[number];

/**
 * A customer payment (docs/product.md §6): a captive-portal purchase paid by STK push (status follows its
 * stk_request), or a C2B paybill payment (created paid). The M-Pesa receipt is unique per
 * shortcode across both sources, so one payment arriving both ways counts once.
 */
@Entity('payments')
@Index('uq_payments_shortcode_receipt', ['shortcode', 'receipt'], { unique: true, where: 'receipt IS NOT NULL' })
@Index('idx_payments_provider_created', ['providerId', 'createdAt', 'id'])
@Index('idx_payments_provider_status_created', ['providerId', 'status', 'createdAt', 'id'])
@Index('idx_payments_flagged', ['createdAt'], { where: `status = 'flagged'` })
@Index('idx_payments_provider_phone_created', ['providerId', 'phone', 'createdAt'])
@Index('idx_payments_ip_created', ['clientIp', 'createdAt'], { where: 'client_ip IS NOT NULL' })
@Index('idx_payments_device_created', ['clientDevice', 'createdAt'], { where: 'client_device IS NOT NULL' })
// a till payment (no account number) on the platform's shortcode is matched to an open push by amount, then phone
@Index('idx_payments_open_stk', ['shortcode', 'amountMinor', 'createdAt'], { where: `source = 'stk' AND status IN ('pending', 'expired')` })
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 4 })
  source: PaymentSource;

  @Column({ type: 'varchar', length: 10 })
  status: PaymentStatus;

  @Column({ type: 'varchar', length: 12 })
  collectionMode: CollectionMode;

  /** BusinessShortCode (or till) the money went to. */
  @Column({ type: 'varchar', length: 7 })
  shortcode: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  /** Commission rate (basis points) fixed when the payment was started. */
  @Column({ type: 'integer' })
  commissionRateBp: number;

  /** Normalised MSISDN (STK); null for C2B (Daraja sends it hashed or masked). */
  @Column({ type: 'varchar', length: 15, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phoneMasked: string | null;

  /** The buyer's client as a per-client limit counts it (common/http/client-ip.ts clientKey: IPv6 by its /64). */
  @Column({ type: 'varchar', length: 45, nullable: true })
  clientIp: string | null;

  /** `<router id>:<MAC>` of the hotspot device that started an STK purchase; null without a MAC. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  clientDevice: string | null;

  @Column({ type: 'varchar', length: 12 })
  paymentReference: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 80 })
  planName: string;

  @Column({ type: 'uuid', nullable: true })
  routerId: string | null;

  /** The voucher reserved for (STK) or sold by (both) this payment. */
  @Column({ type: 'uuid', nullable: true })
  voucherId: string | null;

  /** MpesaReceiptNumber / TransID; null until known (a success seen only through STK Query has none). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  receipt: string | null;

  /** Last Daraja ResultCode (string: SFC_IC0003 is not numeric). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  resultCode: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  resultDesc: string | null;

  /** Why it was flagged (amount mismatch, late success after the voucher was gone…). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  flagReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  /** How it became paid: STK callback, STK Query, C2B confirmation, or a statement line (Pull Transactions / uploaded statement). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  settledVia: SettledVia | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
