import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';

export const PAYOUT_METHODS = ['mpesa_b2c', 'bank_transfer', 'cash'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/** Money the platform paid out to a platform-collection provider (reduces the payouts balance). */
@Entity('payouts')
@Index('idx_payouts_provider_created', ['providerId', 'createdAt'])
export class Payout {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: Currency;

  /** How it was paid (null on payouts recorded before the method was asked). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  method: PayoutMethod | null;

  /** e.g. the B2C/bank transfer reference. */
  @Column({ type: 'varchar', length: 60 })
  reference: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
