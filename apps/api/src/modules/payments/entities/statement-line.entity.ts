import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../../common/money';

export const STATEMENT_LINE_STATUSES = ['recorded', 'settled', 'unmatched', 'ignored'] as const;
/**
 * recorded: the payment was already in our books (callback, query or C2B), or its receipt was just
 * filled in. settled: this line settled a purchase we had not recorded (voucher issued, ledger
 * written). unmatched: money we cannot tie to any purchase (kept for the provider and the super
 * admin). ignored: not a customer payment (settlement sweeps, withdrawals, failed rows).
 */
export type StatementLineStatus = (typeof STATEMENT_LINE_STATUSES)[number];
export const STATEMENT_LINE_SOURCES = ['pull', 'upload'] as const;
export type StatementLineSource = (typeof STATEMENT_LINE_SOURCES)[number];

/** One transaction a shortcode's statement showed (Pull Transactions or an uploaded org-portal statement), once per receipt. */
@Entity('statement_lines')
@Index('uq_statement_lines_shortcode_receipt', ['shortcode', 'receipt'], { unique: true })
@Index('idx_statement_lines_provider_status', ['providerId', 'status', 'createdAt'])
@Index('idx_statement_lines_status_created', ['status', 'createdAt'])
export class StatementLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 7 })
  shortcode: string;

  @Column({ type: 'varchar', length: 20 })
  receipt: string;

  /** Where it was first seen. */
  @Column({ type: 'varchar', length: 8 })
  source: StatementLineSource;

  @Column({ type: 'uuid', nullable: true })
  uploadId: string | null;

  /** The provider it belongs to, when known (an own-account shortcode, or the purchase it matched). */
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: StatementLineStatus;

  /** Pull `transactiontype` or the statement's reason type. */
  @Column({ type: 'varchar', length: 60 })
  transactionType: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3, default: 'KES' })
  currency: string;

  /** Bill reference / account number the customer typed (or our STK AccountReference). */
  @Column({ type: 'varchar', length: 40 })
  reference: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phoneMasked: string | null;

  /** When the money moved, as the statement says (Nairobi time). */
  @Column({ type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  detail: string | null;

  @Column({ type: 'int', default: 1 })
  timesSeen: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
