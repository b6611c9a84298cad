import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BILLING_PERIODS = ['monthly', 'yearly'] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];

/** bigint columns arrive as strings from pg; amounts fit in a JS number (< 2^53). */
export const bigintNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

/** What the platform sells to providers (super admin defines them). */
@Entity('platform_plans')
@Index('uq_platform_plans_name', ['name'], { unique: true })
export class PlatformPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  description: string | null;

  /** Integer minor units (cents). */
  @Column({ type: 'bigint', transformer: bigintNumber })
  priceMinor: number;

  @Column({ type: 'varchar', length: 3, default: 'KES' })
  currency: string;

  @Column({ type: 'varchar', length: 8 })
  period: BillingPeriod;

  /** null = unlimited */
  @Column({ type: 'int', nullable: true })
  maxRouters: number | null;

  /** null = unlimited */
  @Column({ type: 'int', nullable: true })
  maxVouchersPerMonth: number | null;

  /** SMS parts a month through the platform's Africa's Talking account; null = unlimited */
  @Column({ type: 'int', nullable: true })
  maxSmsPerMonth: number | null;

  @Column({ type: 'jsonb' })
  features: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
