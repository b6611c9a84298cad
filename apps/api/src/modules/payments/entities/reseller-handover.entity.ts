import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';

export const RESELLER_HANDOVER_KINDS = ['handover', 'return'] as const;
export type ResellerHandoverKind = (typeof RESELLER_HANDOVER_KINDS)[number];

/**
 * Cards handed to a reseller, or unsold cards it gave back (docs/resellers.md). Informational on
 * the statement: a card is owed only once it is sold. The cards themselves carry the handover id
 * and their reseller price (vouchers module).
 */
@Entity('reseller_handovers')
@Index('idx_reseller_handovers_reseller_occurred', ['providerId', 'resellerId', 'occurredAt'])
export class ResellerHandover {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  resellerId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ResellerHandoverKind;

  @Column({ type: 'integer' })
  cardCount: number;

  /** The cards at their reseller prices. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  valueMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  /** A handover at one price per card. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  unitPriceMinor: number | null;

  /** A handover at a discount off each card's price (whole percent). */
  @Column({ type: 'integer', nullable: true })
  discountPercent: number | null;

  @Column({ type: 'uuid', nullable: true })
  batchId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
