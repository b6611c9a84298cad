import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ROUTER_EVENT_TYPES = [
  'status_changed',
  'offline_alert',
  'back_online',
  'reconciled',
  'sync_dead_letter',
  'bulk_sync',
  'bulk_sync_failed',
  'drift',
  'restarted',
  'replaced',
  'created',
  'updated',
  'certificate_pinned',
  'certificate_changed',
  'certificate_accepted',
  'backup_failed',
  'config_changed',
  'restore',
] as const;
export type RouterEventType = (typeof ROUTER_EVENT_TYPES)[number];

/** The events the alerts module turns into messages (docs/alerts.md), read by time across every router. */
export const ALERTABLE_ROUTER_EVENT_TYPES = ['offline_alert', 'back_online', 'sync_dead_letter'] as const satisfies readonly RouterEventType[];

/** What happened to a router: status changes, alerts, reconcile reports, dead-lettered syncs. */
@Entity('router_events')
@Index('idx_router_events_router_created', ['routerId', 'createdAt'])
@Index('idx_router_events_alertable', ['createdAt'], { where: "type IN ('offline_alert', 'back_online', 'sync_dead_letter')" })
export class RouterEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 32 })
  type: RouterEventType;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
