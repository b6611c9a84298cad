import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { HotspotProfileSpec, HotspotUserSpec, ProvisioningOpType } from '../provisioning.types';

export const OP_STATUSES = ['pending', 'applying', 'done', 'dead'] as const;
export type OpStatus = (typeof OP_STATUSES)[number];

/**
 * The provisioning outbox (docs/architecture.md rule 11): one row per router change, written in the
 * business transaction, applied by the worker in `seq` order per router.
 */
@Entity('router_provisioning_ops')
@Index('idx_router_ops_router_status_seq', ['routerId', 'status', 'seq'])
@Index('idx_router_ops_status_next', ['status', 'nextAttemptAt'])
export class ProvisioningOp {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** global insertion order; per-router order is the order of seq */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 24 })
  type: ProvisioningOpType;

  @Column({ type: 'varchar', length: 128 })
  target: string;

  @Column({ type: 'jsonb', nullable: true })
  payload: { profile?: HotspotProfileSpec; user?: HotspotUserSpec } | null;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: OpStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** lease of an `applying` row: after it a crashed worker's claim is taken over */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  lastErrorCode: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
