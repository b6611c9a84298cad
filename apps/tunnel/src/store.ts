import type { Pool } from 'pg';
import type { TunnelConfig } from './config';
import type { TunnelRow } from './peers';

/** What the hub saw of one peer, to write back to its router_tunnels row. */
export interface PeerStats {
  publicKey: string;
  /** null = no handshake yet */
  handshakeAt: Date | null;
  endpoint: string | null;
  rxBytes: bigint;
  txBytes: bigint;
}

/**
 * The tunnel process's SQL: it reads router_tunnels, writes only their traffic columns, and owns
 * its tunnel_hubs row (the tables belong to the routers module; docs/tunnel.md).
 */
export class TunnelStore {
  constructor(
    private readonly pool: Pool,
    private readonly hubId: string,
  ) {}

  /** Rows whose peer must be on the interface: this hub's, not released. */
  async livePeers(): Promise<TunnelRow[]> {
    const { rows } = await this.pool.query<TunnelRow>(
      `SELECT id, host(address) AS address, family(address) AS family, masklen(address) AS masklen, public_key AS "publicKey"
         FROM router_tunnels
        WHERE released_at IS NULL AND hub_id = $1
        ORDER BY address`,
      [this.hubId],
    );
    return rows;
  }

  /** Publishes the hub (called at start): what setup kits tell routers to dial. */
  async publishHub(config: TunnelConfig, publicKey: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO tunnel_hubs (id, public_key, endpoint, prefix, address, interface_name, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (id) DO UPDATE SET public_key = EXCLUDED.public_key, endpoint = EXCLUDED.endpoint, prefix = EXCLUDED.prefix,
         address = EXCLUDED.address, interface_name = EXCLUDED.interface_name, updated_at = now()`,
      [this.hubId, publicKey, config.endpoint, config.prefix.text, config.hubAddress, config.interfaceName],
    );
  }

  /** The heartbeat: a sync mirrored `peerCount` peers (last_sync_at moves only on success). */
  async recordSync(peerCount: number): Promise<void> {
    await this.pool.query(`UPDATE tunnel_hubs SET last_sync_at = now(), peer_count = $2, last_sync_error = NULL, updated_at = now() WHERE id = $1`, [this.hubId, peerCount]);
  }

  async recordSyncError(message: string): Promise<void> {
    await this.pool.query(`UPDATE tunnel_hubs SET last_sync_error = $2, updated_at = now() WHERE id = $1`, [this.hubId, message.slice(0, 500)]);
  }

  /**
   * Writes handshakes and traffic back, one statement for the whole round (arrays unnested into a
   * set, so the statement has five parameters however many peers there are). Matches live rows by
   * public key; enrolled_at is set by the first handshake only, last_handshake_at never goes back.
   */
  async writeStats(stats: PeerStats[]): Promise<number> {
    if (stats.length === 0) return 0;
    const result = await this.pool.query(
      `UPDATE router_tunnels AS t
          SET last_handshake_at = GREATEST(t.last_handshake_at, v.handshake_at),
              enrolled_at = COALESCE(t.enrolled_at, v.handshake_at),
              peer_endpoint = COALESCE(v.endpoint, t.peer_endpoint),
              rx_bytes = v.rx, tx_bytes = v.tx, stats_at = now()
         FROM unnest($1::varchar[], $2::timestamptz[], $3::varchar[], $4::bigint[], $5::bigint[]) AS v(public_key, handshake_at, endpoint, rx, tx)
        WHERE t.public_key = v.public_key AND t.released_at IS NULL AND t.hub_id = $6`,
      [stats.map((s) => s.publicKey), stats.map((s) => s.handshakeAt), stats.map((s) => s.endpoint), stats.map((s) => s.rxBytes.toString()), stats.map((s) => s.txBytes.toString()), this.hubId],
    );
    return result.rowCount ?? 0;
  }
}
