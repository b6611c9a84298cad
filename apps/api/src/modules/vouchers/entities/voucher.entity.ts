import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';
import type { PlanKind, ValidityFrom } from '../../plans';
import type { VoucherStatus } from '../voucher-status';

/**
 * A voucher (docs/product.md §5): the private hotspot login `code`, the public `paymentReference`, a
 * snapshot of its plan (price, limits, expiry strategy), and its life cycle.
 * `expiresAt` is always the end of the current state (activation expiry while available,
 * the validity window once it runs); the due-index covers only the states the job expires.
 */
@Entity('vouchers')
@Index('uq_vouchers_provider_code', ['providerId', 'code'], { unique: true })
// payment references are unique across providers: a C2B payment to the platform's shortcode names only the reference (docs/mpesa.md §7b)
@Index('uq_vouchers_payment_reference', ['paymentReference'], { unique: true })
@Index('uq_vouchers_provider_sale_key', ['providerId', 'saleKey'], { unique: true, where: 'sale_key IS NOT NULL' })
@Index('idx_vouchers_due', ['expiresAt'], { where: `status IN ('available', 'sold', 'in_use') AND expires_at IS NOT NULL` })
@Index('idx_vouchers_provider_created', ['providerId', 'createdAt', 'id'])
@Index('idx_vouchers_provider_status_created', ['providerId', 'status', 'createdAt', 'id'])
@Index('idx_vouchers_provider_plan_created', ['providerId', 'planId', 'createdAt', 'id'])
@Index('idx_vouchers_provider_router_created', ['providerId', 'routerId', 'createdAt', 'id'])
/** Vouchers sold in a range per provider (the super admin's performance report). */
@Index('idx_vouchers_provider_sold', ['providerId', 'soldAt'], { where: 'sold_at IS NOT NULL' })
@Index('idx_vouchers_batch_seq', ['batchId', 'batchSeq'])
@Index('idx_vouchers_provider_phone', ['providerId', 'buyerPhone'], { where: 'buyer_phone IS NOT NULL' })
// "used, sale not recorded" (docs/cash-sales.md): printed cards whose first login was seen but whose cash sale is not in the ledger
@Index('idx_vouchers_provider_unrecorded_use', ['providerId', 'createdAt', 'id'], { where: 'first_login_at IS NOT NULL AND sale_key IS NULL AND payment_id IS NULL' })
// prefix search on code / payment reference in any case: expression indexes (provider_id, upper(…)
// text_pattern_ops) that TypeORM cannot describe, so they live in migration VoucherSearchPrefix only
// the cards a reseller holds or sold (docs/resellers.md)
@Index('idx_vouchers_provider_reseller', ['providerId', 'resellerId'], { where: 'reseller_id IS NOT NULL' })
@Index('idx_vouchers_provider_code_prefix', { synchronize: false })
@Index('idx_vouchers_provider_reference_prefix', { synchronize: false })
export class Voucher {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid', nullable: true })
  batchId: string | null;

  /** Position in its batch (print and export order). */
  @Column({ type: 'integer', nullable: true })
  batchSeq: number | null;

  /** null = every router offering the plan. */
  @Column({ type: 'uuid', nullable: true })
  routerId: string | null;

  /** The hotspot login name (private). */
  @Column({ type: 'varchar', length: 24 })
  code: string;

  /** A separate hotspot password; null = the code is the password. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  password: string | null;

  /** Public, e.g. the M-Pesa paybill account number. */
  @Column({ type: 'varchar', length: 12 })
  paymentReference: string;

  @Column({ type: 'varchar', length: 12 })
  status: VoucherStatus;

  /** Where `enable` returns to. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  statusBeforeDisable: VoucherStatus | null;

  // ---- plan snapshot ----
  @Column({ type: 'varchar', length: 80 })
  planName: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  priceMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  @Column({ type: 'varchar', length: 16 })
  kind: PlanKind;

  @Column({ type: 'integer', nullable: true })
  uptimeLimitSeconds: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  dataLimitBytes: number | null;

  @Column({ type: 'integer', nullable: true })
  validitySeconds: number | null;

  @Column({ type: 'varchar', length: 16 })
  validityFrom: ValidityFrom;

  @Column({ type: 'varchar', length: 64 })
  profileName: string;

  // ---- life cycle ----
  /** When it was first queued for its routers (printed batch pushed, or sold); null = only in the database. */
  @Column({ type: 'timestamptz', nullable: true })
  pushedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  soldAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstLoginAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  refundReason: string | null;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  uptimeUsedSeconds: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintTransformer })
  bytesUsed: number;

  /** MSISDN (2547…), shown masked. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  buyerPhone: string | null;

  /** The payment that bought it (payments module). */
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  /** Idempotency key of the sale (e.g. the payment id or M-Pesa receipt). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  saleKey: string | null;

  /** The reseller the card was handed to (docs/resellers.md); cleared when it is returned unsold. */
  @Column({ type: 'uuid', nullable: true })
  resellerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  resellerHandoverId: string | null;

  /** What the reseller owes for the card once it is sold. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  resellerPriceMinor: number | null;

  /** Millisecond precision so keyset cursors (ISO, ms) match rows exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
