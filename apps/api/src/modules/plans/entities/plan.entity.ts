import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer, Currency } from '../../../common/money';

export const PLAN_KINDS = ['time', 'data', 'time_and_data', 'unlimited'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['active', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** Purchase expiry: the validity window counts from the sale; usage expiry: from first login. */
export const VALIDITY_FROM = ['purchase', 'first_login'] as const;
export type ValidityFrom = (typeof VALIDITY_FROM)[number];
export const ROUTER_SCOPES = ['all', 'selected'] as const;
export type RouterScope = (typeof ROUTER_SCOPES)[number];

/** A package a provider sells (docs/product.md §4). Vouchers snapshot what they need of it. */
@Entity('plans')
@Index('idx_plans_provider_status_sort', ['providerId', 'status', 'sortOrder'])
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** Integer minor units of `currency`. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  priceMinor: number;

  @Column({ type: 'varchar', length: 3, default: 'KES' })
  currency: Currency;

  @Column({ type: 'varchar', length: 16 })
  kind: PlanKind;

  /** Online time the router allows (limit-uptime); time and time_and_data plans. */
  @Column({ type: 'integer', nullable: true })
  uptimeLimitSeconds: number | null;

  /** Bytes up+down the router allows (limit-bytes-total); data and time_and_data plans. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  dataLimitBytes: number | null;

  /** Wall-clock validity window; null = only the router limits end the voucher. */
  @Column({ type: 'integer', nullable: true })
  validitySeconds: number | null;

  @Column({ type: 'varchar', length: 16, default: 'first_login' })
  validityFrom: ValidityFrom;

  /** Activation expiry: unsold vouchers expire this many days after generation; null = never. */
  @Column({ type: 'integer', nullable: true, default: 30 })
  activationExpiryDays: number | null;

  /** RouterOS rates (`512k`, `2M`), client's view: download = router tx, upload = router rx. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  downloadRate: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  uploadRate: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  burstDownloadRate: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  burstUploadRate: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  burstThresholdDownload: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  burstThresholdUpload: string | null;

  @Column({ type: 'integer', nullable: true })
  burstTimeSeconds: number | null;

  /** Devices per voucher (shared-users). */
  @Column({ type: 'integer', default: 1 })
  sharedUsers: number;

  @Column({ type: 'integer', nullable: true })
  idleTimeoutSeconds: number | null;

  @Column({ type: 'boolean', default: true })
  portalVisible: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: PlanStatus;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'all' })
  routerScope: RouterScope;

  /** The routers offering the plan when routerScope = selected. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  routerIds: string[];

  /** RouterOS hotspot user-profile name; fixed at creation (`wavu-<slug>-<6 hex of id>`). */
  @Column({ type: 'varchar', length: 64 })
  profileName: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
