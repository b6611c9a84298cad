import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const DEFAULT_BACKUP_HOUR = 3;
export const DEFAULT_BACKUP_KEEP = 10;

/** A router's backup schedule; a router without a row has the default (on, 03:00 Nairobi, keep 10). */
@Entity('router_backup_schedules')
export class RouterBackupSchedule {
  @PrimaryColumn('uuid')
  routerId: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** the hour of the day, Africa/Nairobi (0–23) */
  @Column({ type: 'smallint', default: DEFAULT_BACKUP_HOUR })
  hour: number;

  /** versions kept per kind (export, binary) */
  @Column({ type: 'smallint', default: DEFAULT_BACKUP_KEEP })
  keep: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
