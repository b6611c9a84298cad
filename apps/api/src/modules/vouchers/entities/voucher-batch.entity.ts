import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CodeAlphabet } from '../voucher-codes';

export const BATCH_STATUSES = ['generating', 'ready', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface BatchRouterSync {
  routerId: string;
  syncId: string | null;
  error: string | null;
}

/** One generation request: its options and progress (generated count, router pushes). */
@Entity('voucher_batches')
@Index('idx_voucher_batches_provider_created', ['providerId', 'createdAt', 'id'])
@Index('idx_voucher_batches_generating', ['updatedAt'], { where: `status = 'generating'` })
export class VoucherBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'varchar', length: 80 })
  planName: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer', default: 0 })
  generated: number;

  @Column({ type: 'varchar', length: 12 })
  status: BatchStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'integer' })
  codeLength: number;

  @Column({ type: 'varchar', length: 8 })
  alphabet: CodeAlphabet;

  @Column({ type: 'varchar', length: 6, nullable: true })
  prefix: string | null;

  @Column({ type: 'boolean', default: false })
  separatePassword: boolean;

  /** null = every router offering the plan. */
  @Column({ type: 'uuid', nullable: true })
  routerId: string | null;

  @Column({ type: 'boolean', default: false })
  pushToRouter: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  routerSyncs: BatchRouterSync[];

  @Column({ type: 'varchar', length: 80, nullable: true })
  label: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  /** Generated for these phone numbers (2547…), one voucher each, in order, each texted its code; null = printed cards */
  @Column({ type: 'jsonb', nullable: true })
  phones: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
