import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const BACKUP_KINDS = ['export', 'binary'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const BACKUP_TRIGGERS = ['manual', 'schedule', 'before_restore'] as const;
export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

/**
 * One backup of a router, stored encrypted (docs/backups.md): the file sealed with the SecretBox
 * (AES-256-GCM, the backup's id as context), and for a binary backup the random password it was
 * saved with, sealed too. A row exists only for a backup read completely off the router.
 */
@Entity('router_backups')
@Index('idx_router_backups_router_kind_created', ['routerId', 'kind', 'createdAt'])
export class RouterBackup {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: BackupKind;

  @Column({ type: 'varchar', length: 16 })
  trigger: BackupTrigger;

  /** plaintext size in bytes */
  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  routerosVersion: string | null;

  /** who asked for it (null: the schedule, or a key) */
  @Column({ type: 'uuid', nullable: true })
  takenByUserId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  takenByEmail: string | null;

  /** SecretBox.sealBytes(file, `router-backup:<id>`) */
  @Column({ type: 'bytea', select: false })
  dataSealed: Buffer;

  /** binary only: SecretBox.seal(password, `router-backup:<id>:password`) */
  @Column({ type: 'text', nullable: true, select: false })
  passwordSealed: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
