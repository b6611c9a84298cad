import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Router } from './router.entity';

/** The periodic work every instance shares out (docs/monitoring.md "Fleet work across instances"). */
export type FleetWorkKind = 'monitor' | 'usage' | 'reconcile';

/**
 * One router's turn for one kind of periodic work: when it is next due, who holds it now (a lease
 * that runs out if that instance dies), when and by whom it was last done, and how many times in a
 * row the router failed (its back-off). Rows are created on the first cycle that sees the router.
 */
@Entity('router_fleet_work')
@Index('idx_router_fleet_work_due', ['kind', 'nextAt'])
export class RouterFleetWork {
  @PrimaryColumn({ type: 'uuid' })
  routerId: string;

  @ManyToOne('Router', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'router_id' })
  router?: Router;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: FleetWorkKind;

  /** due when this is past; pushed back by the back-off after failures */
  @Column({ type: 'timestamptz' })
  nextAt: Date;

  /** the claiming instance's lease; another instance may take the router once it has run out */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: 160, nullable: true })
  leasedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'varchar', length: 160, nullable: true })
  doneBy: string | null;

  /** failures in a row (0 after a success): the back-off doubles with each */
  @Column({ type: 'int', default: 0 })
  failures: number;
}
