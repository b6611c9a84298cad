import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';

export const RESELLER_COLLECTION_METHODS = ['cash', 'mpesa'] as const;
export type ResellerCollectionMethod = (typeof RESELLER_COLLECTION_METHODS)[number];

/**
 * Money received from a reseller (docs/resellers.md): it pays off what the reseller owes and is
 * not a sale (the sale is in the ledger already). Never deleted: a mistake is reversed by an
 * entry with the negated amount (`reversesId`, unique, so at most once).
 */
@Entity('reseller_collections')
@Index('idx_reseller_collections_reseller_received', ['providerId', 'resellerId', 'receivedAt'])
@Index('uq_reseller_collections_reverses', ['reversesId'], { unique: true, where: 'reverses_id IS NOT NULL' })
export class ResellerCollection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  resellerId: string;

  /** Positive; a reversal carries the negated amount of the entry it reverses. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  @Column({ type: 'varchar', length: 8 })
  method: ResellerCollectionMethod;

  /** e.g. the M-Pesa receipt or a cash slip number. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
