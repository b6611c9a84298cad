import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';
import type { CollectionMode } from './payment-settings.entity';

/**
 * How the money came in: M-Pesa STK push, M-Pesa paybill (C2B), cash for a printed card
 * (docs/cash-sales.md), a printed card sold by a reseller (docs/resellers.md), or no money at all:
 * a complimentary voucher given from the router page (`comp`, gross 0; docs/routers.md).
 */
export const LEDGER_SOURCES = ['stk', 'c2b', 'cash', 'reseller', 'comp'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

export const LEDGER_KINDS = ['sale', 'refund'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** How a refund's money went back to the customer (docs/mpesa.md, Refunds). */
export const REFUND_METHODS = ['mpesa_reversal', 'cash', 'none'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/**
 * The ledger (docs/product.md §6): one `sale` per settled customer payment or recorded cash sale,
 * integer minor units, and at most one `refund` reversing a sale (gross, commission and net
 * negated; the sale is never changed). gross = commission + net. For platform collection the net
 * is what the platform owes the provider, so a refund lowers the payouts balance; a cash sale is
 * money the provider holds (`own_account`, commission 0).
 */
@Entity('ledger_entries')
@Index('uq_ledger_entries_payment', ['paymentId'], { unique: true, where: "kind = 'sale'" })
// a printed card's sale without a payment (cash, or through a reseller) is in the ledger at most once
@Index('uq_ledger_entries_voucher_sale', ['voucherId'], { unique: true, where: `source IN ('cash', 'reseller') AND kind = 'sale'` })
@Index('uq_ledger_entries_reverses', ['reversesId'], { unique: true, where: 'reverses_id IS NOT NULL' })
@Index('idx_ledger_entries_provider_occurred', ['providerId', 'occurredAt', 'id'])
@Index('idx_ledger_entries_occurred', ['occurredAt'])
@Index('idx_ledger_entries_reseller_occurred', ['providerId', 'resellerId', 'occurredAt'], { where: 'reseller_id IS NOT NULL' })
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  /** null for a cash sale (no payment record). */
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 8 })
  source: LedgerSource;

  @Column({ type: 'varchar', length: 12 })
  collectionMode: CollectionMode;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  grossMinor: number;

  /** Basis points (2000 = 20 %). */
  @Column({ type: 'integer' })
  commissionRateBp: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  commissionMinor: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  netMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  @Column({ type: 'varchar', length: 20, nullable: true })
  receipt: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phoneMasked: string | null;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 80 })
  planName: string;

  @Column({ type: 'uuid', nullable: true })
  routerId: string | null;

  /** null only when the money arrived but no voucher could be issued (flagged on the payment). */
  @Column({ type: 'uuid', nullable: true })
  voucherId: string | null;

  @Column({ type: 'varchar', length: 8, default: 'sale' })
  kind: LedgerKind;

  /** The reseller who sold the card (source `reseller`, and its refund): what it owes (docs/resellers.md). */
  @Column({ type: 'uuid', nullable: true })
  resellerId: string | null;

  /** A refund: the sale it reverses (unique, so a sale is refunded at most once). */
  @Column({ type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  refundMethod: RefundMethod | null;

  /** The M-Pesa reversal's transaction id (mpesa_reversal), or a cash slip number. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  refundReference: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  refundReason: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
