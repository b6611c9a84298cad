import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { RouterTunnel, TunnelHub } from '../entities/router-tunnel.entity';

export interface NewTunnel {
  id: string;
  routerId: string;
  providerId: string;
  hubId: string;
  publicKey: string;
  privateKeySealed: string;
}

/** The management tunnel's tables (docs/tunnel.md). Addresses are allocated by the unique index, never by counting. */
@Injectable()
export class RouterTunnelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  hub(id: string, manager?: EntityManager): Promise<TunnelHub | null> {
    return this.m(manager).getRepository(TunnelHub).findOneBy({ id });
  }

  /** Forgets released tunnels whose grace period is over: their addresses and keys may be used again. */
  async purgeReleased(releasedBefore: Date, manager?: EntityManager): Promise<number> {
    const result: [unknown, number] = await this.m(manager).query(`DELETE FROM router_tunnels WHERE released_at IS NOT NULL AND released_at < $1`, [releasedBefore]);
    return result[1];
  }

  /**
   * One attempt to take a free /32 of the hub's prefix: the first free address at or after a
   * random point of the prefix (wrapping), never the network, broadcast or hub address. Null when
   * another allocation took the same address at the same moment (the unique index said no) or the
   * prefix is full; the caller tries again.
   */
  async tryAllocate(manager: EntityManager, tunnel: NewTunnel, startFraction: number): Promise<RouterTunnel | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `WITH h AS (
         SELECT id, prefix, address, public_key, endpoint, (2::bigint ^ (32 - masklen(prefix)))::bigint - 2 AS size FROM tunnel_hubs WHERE id = $1
       ), start AS (
         SELECT 1 + floor($2::float8 * size)::bigint AS n FROM h
       ), candidate AS (
         SELECT set_masklen(network(h.prefix) + s.n, 32) AS address
         FROM h, start, LATERAL (
           SELECT generate_series(start.n, h.size) AS n
           UNION ALL
           SELECT generate_series(1, start.n - 1)
         ) s
         WHERE set_masklen(network(h.prefix) + s.n, 32) <> set_masklen(h.address, 32)
           AND NOT EXISTS (SELECT 1 FROM router_tunnels t WHERE t.address = set_masklen(network(h.prefix) + s.n, 32))
         LIMIT 1
       )
       INSERT INTO router_tunnels (id, router_id, provider_id, hub_id, address, public_key, private_key_sealed, hub_public_key, hub_endpoint, hub_address)
       SELECT $3, $4, $5, h.id, candidate.address, $6, $7, h.public_key, h.endpoint, set_masklen(h.address, 32) FROM h, candidate
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [tunnel.hubId, startFraction, tunnel.id, tunnel.routerId, tunnel.providerId, tunnel.publicKey, tunnel.privateKeySealed],
    );
    if (rows.length === 0) return null;
    return manager.getRepository(RouterTunnel).findOneByOrFail({ id: tunnel.id });
  }

  /** The router's live tunnel (not released). */
  forRouter(routerId: string, manager?: EntityManager): Promise<RouterTunnel | null> {
    return this.m(manager).getRepository(RouterTunnel).findOneBy({ routerId, releasedAt: IsNull() });
  }

  async forRouters(routerIds: string[]): Promise<Map<string, RouterTunnel>> {
    if (routerIds.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(RouterTunnel).findBy({ routerId: In(routerIds), releasedAt: IsNull() });
    return new Map(rows.map((t) => [t.routerId!, t]));
  }

  /** Takes the router out of the tunnel: the tunnel process removes its peer; the address rests for the grace period. */
  async release(manager: EntityManager, routerId: string, at: Date): Promise<RouterTunnel | null> {
    const rows: [RouterTunnel[], number] = await manager.query(
      `UPDATE router_tunnels SET released_at = $2, private_key_sealed = NULL WHERE router_id = $1 AND released_at IS NULL RETURNING id, host(address) AS address`,
      [routerId, at],
    );
    return rows[0][0] ?? null;
  }

  async markKitDownloaded(tunnelId: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(RouterTunnel).update({ id: tunnelId }, { kitDownloadedAt: at });
  }
}
