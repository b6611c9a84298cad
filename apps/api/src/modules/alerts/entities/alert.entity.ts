import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertKind } from '../alert-kinds';
import type { AlertSubject } from '../alert-subject';

/**
 * One event worth telling a provider's people about (docs/alerts.md): a router's outage or its
 * return, a dead-lettered router change, a new Needs attention item, a subscription about to end.
 * `sourceKey` names the event once (`router_offline:<router>:<alerted at>`,
 * `subscription_lapse:<subscription>:<period end>:<days>` …), so however often a source is read
 * the event is one row, and one row is sent once: `dispatchedAt` is set in the transaction that
 * queues its messages.
 */
@Entity('alerts')
@Index('uq_alerts_source_key', ['sourceKey'], { unique: true })
/** the dispatcher's read: a provider's waiting alerts of one kind */
@Index('idx_alerts_pending', ['providerId', 'kind', 'detectedAt'], { where: 'dispatched_at IS NULL' })
/** each source's read cursor: the newest event already taken */
@Index('idx_alerts_kind_source_at', ['kind', 'sourceAt'])
@Index('idx_alerts_detected', ['detectedAt'])
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: AlertKind;

  @Column({ type: 'varchar', length: 200 })
  sourceKey: string;

  /** when the source recorded the event (the database's time): where the next read of that source starts */
  @Column({ type: 'timestamptz' })
  sourceAt: Date;

  /** what the message says, fixed when the event was taken (a router renamed later keeps the name it had) */
  @Column({ type: 'jsonb' })
  subject: AlertSubject;

  /** when the alerts job took it (the injected clock): the storm window counts from here */
  @Column({ type: 'timestamptz' })
  detectedAt: Date;

  /** null while waiting for its window; set with the messages queued for it */
  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /** the first alert of the digest it went out in; null when it went out on its own */
  @Column({ type: 'uuid', nullable: true })
  digestOf: string | null;

  /** messages queued for it (0: nobody wanted this category) */
  @Column({ type: 'int', default: 0 })
  messages: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
