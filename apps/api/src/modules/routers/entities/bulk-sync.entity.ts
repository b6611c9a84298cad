import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BulkSyncProgress } from '../provisioning.types';

/** One bulk push of many users to a router, with its progress. */
@Entity('router_bulk_syncs')
@Index('idx_router_bulk_syncs_router_created', ['routerId', 'createdAt'])
export class RouterBulkSync {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 12, default: 'queued' })
  status: BulkSyncProgress['status'];

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
