import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Router } from './router.entity';

// Router history (docs/monitoring.md): narrow tables keyed (router_id, at[, interface]) so the
// router page's chart query is one primary-key range scan. Minute rows are kept 2 days, hourly
// rollups 90 days; the rollup and retention are set-based SQL (RouterHistoryRepository).

/** One minute of a router's health, written by the monitoring run. */
@Entity('router_samples')
// BRIN on `at` (written in time order): the rollup and retention scan by time across routers; made by the migration
@Index('idx_router_samples_at_brin', { synchronize: false })
export class RouterSample {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  /** the minute (truncated) */
  @PrimaryColumn({ type: 'timestamptz' })
  at: Date;

  /** 0–100 */
  @Column({ type: 'smallint', nullable: true })
  cpuLoad: number | null;

  /** used memory, 0–100 % of the total */
  @Column({ type: 'smallint', nullable: true })
  memoryUsedPercent: number | null;

  @Column({ type: 'int', nullable: true })
  activeSessions: number | null;
}

/** One hour of a router's health: average and maximum of its minute samples. */
@Entity('router_samples_hourly')
// BRIN on `at` (written in time order): the rollup and retention scan by time across routers; made by the migration
@Index('idx_router_samples_hourly_at_brin', { synchronize: false })
export class RouterSampleHourly {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  /** the hour (truncated) */
  @PrimaryColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'real', nullable: true })
  cpuLoadAvg: number | null;

  @Column({ type: 'smallint', nullable: true })
  cpuLoadMax: number | null;

  @Column({ type: 'real', nullable: true })
  memoryUsedPercentAvg: number | null;

  @Column({ type: 'smallint', nullable: true })
  memoryUsedPercentMax: number | null;

  @Column({ type: 'real', nullable: true })
  activeSessionsAvg: number | null;

  @Column({ type: 'int', nullable: true })
  activeSessionsMax: number | null;
}

/** One minute of one interface's traffic (bits per second, from counter deltas). */
@Entity('router_interface_samples')
// BRIN on `at` (written in time order): the rollup and retention scan by time across routers; made by the migration
@Index('idx_router_interface_samples_at_brin', { synchronize: false })
export class RouterInterfaceSample {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  @PrimaryColumn({ type: 'timestamptz' })
  at: Date;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  interface: string;

  @Column({ type: 'bigint' })
  rxBps: string;

  @Column({ type: 'bigint' })
  txBps: string;
}

/** One hour of one interface's traffic: average and maximum of its minute rates. */
@Entity('router_interface_samples_hourly')
// BRIN on `at` (written in time order): the rollup and retention scan by time across routers; made by the migration
@Index('idx_router_interface_samples_hourly_at_brin', { synchronize: false })
export class RouterInterfaceSampleHourly {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  @PrimaryColumn({ type: 'timestamptz' })
  at: Date;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  interface: string;

  @Column({ type: 'bigint' })
  rxBpsAvg: string;

  @Column({ type: 'bigint' })
  rxBpsMax: string;

  @Column({ type: 'bigint' })
  txBpsAvg: string;

  @Column({ type: 'bigint' })
  txBpsMax: string;
}

/** The last byte counters read from each interface: the base of the next minute's rates. */
@Entity('router_interface_counters')
export class RouterInterfaceCounter {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  interface: string;

  /** when the counters were read */
  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'bigint' })
  rxBytes: string;

  @Column({ type: 'bigint' })
  txBytes: string;
}
