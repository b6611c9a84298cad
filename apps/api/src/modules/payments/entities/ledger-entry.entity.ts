import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';
import type { CollectionMode } from './payment-settings.entity';

/** How the money came in: M-Pesa STK push, M-Pesa paybill (C2B), or cash for a printed card (docs/cash-sales.md). */
export const LEDGER_SOURCES = ['stk', 'c2b', 'cash'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/**
 * The ledger (docs/product.md §6): one transaction per settled customer payment or recorded cash
 * sale, integer minor units. gross = commission + net. For platform collection the net is what the
 * platform owes the provider; a cash sale is money the provider holds (`own_account`, commission 0).
 */
@Entity('ledger_entries')
@Index('uq_ledger_entries_payment', ['paymentId'], { unique: true })
@Index('uq_ledger_entries_cash_voucher', ['voucherId'], { unique: true, where: `source = 'cash'` })
@Index('idx_ledger_entries_provider_occurred', ['providerId', 'occurredAt', 'id'])
@Index('idx_ledger_entries_occurred', ['occurredAt'])
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  /** null for a cash sale (no payment record). */
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 4 })
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

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
