import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { HotspotProfileSpec, HotspotUserSpec } from '../provisioning.types';

/** What the platform wants on a router: a hotspot user profile (kept when ops are enqueued). */
@Entity('router_profiles')
@Index('uq_router_profiles_router_name', ['routerId', 'name'], { unique: true })
export class RouterProfile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'jsonb' })
  spec: HotspotProfileSpec;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** What the platform wants on a router: a hotspot user (a voucher). */
@Entity('router_users')
@Index('uq_router_users_router_name', ['routerId', 'name'], { unique: true })
export class RouterUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'jsonb' })
  spec: HotspotUserSpec;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /**
   * When the router last confirmed it holds this user exactly as specified (an applied
   * operation, a bulk push's answer, a reconcile or usage read that found it). Null = not
   * confirmed: never pushed, changed since, or found missing (docs/provisioning.md).
   */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
