import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The WireGuard hub routers dial (docs/tunnel.md). Written by the tunnel process (apps/tunnel):
 * its public key, the endpoint routers are told to dial, the prefix router addresses come from,
 * and a heartbeat from each peer sync. Read by the API for setup kits and router status.
 */
@Entity('tunnel_hubs')
export class TunnelHub {
  /** `default` (one hub today; the column lets regions be added later) */
  @Column({ type: 'varchar', length: 32, primary: true })
  id: string;

  /** Curve25519 public key, WireGuard base64 (44 characters) */
  @Column({ type: 'varchar', length: 44 })
  publicKey: string;

  /** `host:port` routers dial (UDP) */
  @Column({ type: 'varchar', length: 261 })
  endpoint: string;

  /** where router addresses are allocated from, e.g. 172.30.0.0/16 */
  @Column({ type: 'cidr' })
  prefix: string;

  /** the hub's own address inside the prefix: the only address a router accepts API logins from */
  @Column({ type: 'inet' })
  address: string;

  @Column({ type: 'varchar', length: 15 })
  interfaceName: string;

  /** when the tunnel process last mirrored the peers (its heartbeat) */
  @Column({ type: 'timestamptz', nullable: true })
  lastSyncAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastSyncError: string | null;

  @Column({ type: 'int', default: 0 })
  peerCount: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A router's place in the management tunnel: a /32 and a key pair. A row outlives its router
 * (router_id set null, released_at set) so a freed address is not handed out again before the
 * grace period ends; the unique address index is what allocates (docs/tunnel.md, "Addresses").
 */
@Entity('router_tunnels')
@Index('uq_router_tunnels_address', ['address'], { unique: true })
@Index('uq_router_tunnels_public_key', ['publicKey'], { unique: true })
@Index('uq_router_tunnels_router_live', ['routerId'], { unique: true, where: 'released_at IS NULL' })
export class RouterTunnel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  routerId: string | null;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 32 })
  hubId: string;

  /** the router's address inside the tunnel (a /32) */
  @Column({ type: 'inet' })
  address: string;

  /** the router's Curve25519 public key (WireGuard base64) */
  @Column({ type: 'varchar', length: 44 })
  publicKey: string;

  /** SecretBox-sealed (context `router-tunnel:<id>:private-key`); shown only in the setup kit; null once released */
  @Column({ type: 'text', nullable: true })
  privateKeySealed: string | null;

  /** the hub key and endpoint this router was given (its setup kit names them) */
  @Column({ type: 'varchar', length: 44 })
  hubPublicKey: string;

  @Column({ type: 'varchar', length: 261 })
  hubEndpoint: string;

  @Column({ type: 'inet' })
  hubAddress: string;

  /** the setup kit was last downloaded (onboarding step 1) */
  @Column({ type: 'timestamptz', nullable: true })
  kitDownloadedAt: Date | null;

  /** the first handshake ever seen */
  @Column({ type: 'timestamptz', nullable: true })
  enrolledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastHandshakeAt: Date | null;

  /** the router's public address and port as the hub last saw it (behind NAT: the NAT's) */
  @Column({ type: 'varchar', length: 64, nullable: true })
  peerEndpoint: string | null;

  /** bytes the hub received from / sent to this router since the peer was added */
  @Column({ type: 'bigint', default: '0' })
  rxBytes: string;

  @Column({ type: 'bigint', default: '0' })
  txBytes: string;

  @Column({ type: 'timestamptz', nullable: true })
  statsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
