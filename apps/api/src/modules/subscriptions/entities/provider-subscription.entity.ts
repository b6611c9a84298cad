import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PlatformPlan } from './platform-plan.entity';
import type { SubscriptionStatus } from '../subscription-status';

/** One per provider: where it stands with the platform (see subscription-status.ts). */
@Entity('provider_subscriptions')
@Index('uq_provider_subscriptions_provider', ['providerId'], { unique: true })
@Index('idx_provider_subscriptions_status_end', ['status', 'currentPeriodEnd'])
export class ProviderSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 16 })
  status: SubscriptionStatus;

  /** null while on the trial (no plan limits) */
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @ManyToOne(() => PlatformPlan, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: PlatformPlan | null;

  @Column({ type: 'timestamptz' })
  currentPeriodStart: Date;

  @Column({ type: 'timestamptz' })
  currentPeriodEnd: Date;

  /** Set on expiry: sales continue until then. */
  @Column({ type: 'timestamptz', nullable: true })
  graceEndsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** Last invoice number issued (SUB-<tenant>-<number>-<attempt>). */
  @Column({ type: 'int', default: 0 })
  invoiceCounter: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
