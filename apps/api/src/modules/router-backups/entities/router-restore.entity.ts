import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BackupKind } from './router-backup.entity';

export const RESTORE_STATUSES = ['running', 'rebooting', 'succeeded', 'failed'] as const;
export type RestoreStatus = (typeof RESTORE_STATUSES)[number];

/** A restore of a backup onto a router: who, when, what, and how it ended. */
@Entity('router_restores')
@Index('idx_router_restores_router_created', ['routerId', 'createdAt'])
export class RouterRestore {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  /** the router restored onto */
  @Column({ type: 'uuid' })
  routerId: string;

  /** the backup restored (null once pruned) */
  @Column({ type: 'uuid', nullable: true })
  backupId: string | null;

  @Column({ type: 'uuid' })
  sourceRouterId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: BackupKind;

  @Column({ type: 'varchar', length: 16 })
  status: RestoreStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  /** export: the line the import stopped at */
  @Column({ type: 'int', nullable: true })
  line: number | null;

  /** the export taken just before (null when the router did not answer) */
  @Column({ type: 'uuid', nullable: true })
  beforeBackupId: string | null;

  /** binary: the uptime read before the load, to tell the reboot */
  @Column({ type: 'int', nullable: true })
  uptimeBefore: number | null;

  /** binary: when following the reboot gives up */
  @Column({ type: 'timestamptz', nullable: true })
  deadlineAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  requestedByUserId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  requestedByEmail: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
