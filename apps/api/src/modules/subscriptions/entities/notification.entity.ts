import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_LEVELS = ['info', 'warning', 'critical'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** A message for a provider's dashboard (subscription reminders, expiry, payments). */
@Entity('notifications')
@Index('uq_notifications_provider_dedupe', ['providerId', 'dedupeKey'], { unique: true })
@Index('idx_notifications_provider_created', ['providerId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  /** e.g. subscription.reminder, subscription.expired, subscription.paused, subscription.paid */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 10 })
  level: NotificationLevel;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 500 })
  body: string;

  /** Makes each notification happen once (e.g. `reminder:3:<period end>`). */
  @Column({ type: 'varchar', length: 120 })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
