import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const ROUTER_STATUSES = ['unknown', 'online', 'offline', 'error'] as const;
export type RouterStatus = (typeof ROUTER_STATUSES)[number];

/** How the platform reaches a router: at the host the provider typed, or through the WireGuard management tunnel (docs/tunnel.md). */
export const CONNECTION_MODES = ['direct', 'tunnel'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/**
 * A provider's MikroTik router. The id is chosen by the service before the insert so the
 * password can be sealed with the context `router:<id>:password`.
 */
@Entity('routers')
@Index('uq_routers_provider_name', ['providerId', 'name'], { unique: true })
@Index('idx_routers_provider_created', ['providerId', 'createdAt'])
// the routers list's sorts (docs/fleet-view.md): expression indexes (provider_id,
// lower(name) | status, lower(name) | coalesce(last_seen_at, '-infinity'), id) that TypeORM cannot
// describe, so they live in migration RouterFleetView only
@Index('idx_routers_provider_name_ci', { synchronize: false })
@Index('idx_routers_provider_status', { synchronize: false })
@Index('idx_routers_provider_last_seen', { synchronize: false })
export class Router {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** direct: what the provider typed; tunnel: the router's tunnel address (set by the platform) */
  @Column({ type: 'varchar', length: 253 })
  host: string;

  @Column({ type: 'varchar', length: 8, default: 'direct' })
  connectionMode: ConnectionMode;

  @Column({ type: 'int' })
  apiPort: number;

  @Column({ type: 'boolean', default: false })
  useTls: boolean;

  /** api-ssl: SHA-256 of the certificate pinned on the first successful login (`AB:CD:…`); later connections require it */
  @Column({ type: 'varchar', length: 95, nullable: true })
  tlsFingerprint: string | null;

  /** api-ssl: a different certificate the router presented, refused until the owner accepts it */
  @Column({ type: 'varchar', length: 95, nullable: true })
  tlsFingerprintPending: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  tlsFingerprintPendingAt: Date | null;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** SecretBox-sealed, context `router:<id>:password`; never leaves the service */
  @Column({ type: 'text' })
  passwordSealed: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hotspotServer: string | null;

  @Column({ type: 'varchar', length: 253, nullable: true })
  hotspotDnsName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  notes: string | null;

  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  status: RouterStatus;

  @Column({ type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  /** when the >5 min offline alert was raised for the current outage */
  @Column({ type: 'timestamptz', nullable: true })
  offlineAlertAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  version: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  boardName: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  identity: string | null;

  @Column({ type: 'int', nullable: true })
  uptimeSeconds: number | null;

  @Column({ type: 'int', nullable: true })
  cpuLoad: number | null;

  @Column({ type: 'bigint', nullable: true })
  freeMemory: string | null;

  @Column({ type: 'bigint', nullable: true })
  totalMemory: string | null;

  @Column({ type: 'int', nullable: true })
  activeSessions: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
