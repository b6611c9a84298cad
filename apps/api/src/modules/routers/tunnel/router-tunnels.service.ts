import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BlockList } from 'node:net';
import { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { SecretBox } from '../../../common/crypto/secret-box';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { RouterTunnelDto } from '../dto/router-tunnel.dto';
import { RouterTunnel, TunnelHub } from '../entities/router-tunnel.entity';
import { Router } from '../entities/router.entity';
import { RouterErrorCode, RouterException } from '../routers.exception';
import { RouterTunnelsRepository } from './router-tunnels.repository';
import { generateWireGuardKeyPair } from './tunnel-keys';

/** The hub routers dial (one today). */
const HUB_ID = 'default';
/** A handshake younger than this means the tunnel is up (WireGuard re-handshakes every 2 minutes while traffic flows; keepalive 25 s). */
const HANDSHAKE_FRESH_MS = 180_000;
/** The tunnel process syncs every 30 s by default: a heartbeat older than this means it is not running. */
const HUB_REPORTING_MS = 120_000;
/** attempts when concurrent allocations keep taking the address we picked */
const ALLOCATION_ATTEMPTS = 32;
const HUB_CACHE_MS = 10_000;

const privateKeyContext = (tunnelId: string) => `router-tunnel:${tunnelId}:private-key`;

export type TunnelState = 'waiting' | 'up' | 'down';
type OnboardingStepName = 'kit' | 'handshake' | 'api';

export interface OnboardingStep {
  step: OnboardingStepName;
  done: boolean;
  at: Date | null;
  /** what to do when the step is not done yet (null once done) */
  hint: string | null;
}

/**
 * Routers reached through the WireGuard management tunnel (docs/tunnel.md): their /32 and key
 * pair, the hub they dial, and what the hub tells us about them (handshakes, traffic).
 */
@Injectable()
export class RouterTunnelsService {
  private hubCache: { at: number; hub: TunnelHub | null } | null = null;

  constructor(
    private readonly tunnels: RouterTunnelsRepository,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The hub as the tunnel process last published it (cached briefly: read on every connect check). */
  async hub(): Promise<TunnelHub | null> {
    const now = Date.now();
    if (this.hubCache && now - this.hubCache.at < HUB_CACHE_MS) return this.hubCache.hub;
    const hub = await this.tunnels.hub(HUB_ID);
    this.hubCache = { at: now, hub };
    return hub;
  }

  /** Whether the tunnel process is running (its heartbeat is recent). */
  hubReporting(hub: TunnelHub | null): boolean {
    return Boolean(hub?.lastSyncAt && this.clock.now().getTime() - hub.lastSyncAt.getTime() < HUB_REPORTING_MS);
  }

  /** Whether an address is inside the tunnel prefix: only the platform puts routers there (never a provider's typed host). */
  async inTunnelPrefix(address: string): Promise<boolean> {
    const hub = await this.hub();
    if (!hub) return false;
    const [network, length] = hub.prefix.split('/');
    const list = new BlockList();
    list.addSubnet(network, Number(length), 'ipv4');
    return list.check(address.replace(/^::ffff:/i, ''), 'ipv4');
  }

  /**
   * Gives the router a /32 and a key pair, in the caller's transaction. The unique address index
   * decides between concurrent allocations; released addresses come back only after the grace period.
   */
  async allocate(manager: EntityManager, router: Pick<Router, 'id' | 'providerId' | 'version'>): Promise<RouterTunnel> {
    if (router.version?.startsWith('6.')) {
      throw new RouterException(RouterErrorCode.ROUTER_TUNNEL_NEEDS_ROUTEROS_7, `This router runs RouterOS ${router.version}, which has no WireGuard: upgrade it to RouterOS 7, or reach it directly`, [
        { field: 'connectionMode', messages: ['the management tunnel needs RouterOS 7'] },
      ]);
    }
    const hub = await this.tunnels.hub(HUB_ID, manager);
    if (!hub) {
      throw new RouterException(
        RouterErrorCode.ROUTER_TUNNEL_UNAVAILABLE,
        "The platform's tunnel service has not started yet, so there is no tunnel to put the router in: add it as direct for now, or ask the platform operator",
      );
    }
    const graceMs = this.config.routers.tunnel.addressGraceHours * 3_600_000;
    await this.tunnels.purgeReleased(new Date(this.clock.now().getTime() - graceMs), manager);
    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      const id = randomUUID();
      const keys = generateWireGuardKeyPair();
      const tunnel = await this.tunnels.tryAllocate(
        manager,
        { id, routerId: router.id, providerId: router.providerId, hubId: hub.id, publicKey: keys.publicKey, privateKeySealed: this.box.seal(keys.privateKey, privateKeyContext(id)) },
        Math.random(),
      );
      if (tunnel) return tunnel;
    }
    throw new RouterException(RouterErrorCode.ROUTER_TUNNEL_FULL, 'No tunnel address is free: the platform operator must widen the tunnel prefix');
  }

  release(manager: EntityManager, routerId: string): Promise<RouterTunnel | null> {
    return this.tunnels.release(manager, routerId, this.clock.now());
  }

  forRouter(routerId: string, manager?: EntityManager): Promise<RouterTunnel | null> {
    return this.tunnels.forRouter(routerId, manager);
  }

  forRouters(routerIds: string[]): Promise<Map<string, RouterTunnel>> {
    return this.tunnels.forRouters(routerIds);
  }

  /** The router's private key, for its setup kit only. */
  privateKey(tunnel: RouterTunnel): string {
    if (!tunnel.privateKeySealed) throw new Error(`tunnel ${tunnel.id} has no private key`);
    return this.box.open(tunnel.privateKeySealed, privateKeyContext(tunnel.id));
  }

  async kitDownloaded(tunnel: RouterTunnel): Promise<void> {
    await this.tunnels.markKitDownloaded(tunnel.id, this.clock.now());
  }

  state(tunnel: RouterTunnel): TunnelState {
    if (!tunnel.lastHandshakeAt) return 'waiting';
    return this.clock.now().getTime() - tunnel.lastHandshakeAt.getTime() < HANDSHAKE_FRESH_MS ? 'up' : 'down';
  }

  /**
   * Why a tunnel router cannot be reached now without trying it (the hub has not seen a recent
   * handshake), or null when the API should be tried. Null too when the tunnel process is not
   * reporting: its handshake figures are then stale and the API call tells the truth.
   */
  async downReason(tunnel: RouterTunnel): Promise<string | null> {
    if (!this.hubReporting(await this.hub())) return null;
    const state = this.state(tunnel);
    if (state === 'up') return null;
    if (state === 'waiting') return `waiting for the router's first WireGuard handshake with ${tunnel.hubEndpoint}: import the setup kit on the router`;
    const minutes = Math.round((this.clock.now().getTime() - tunnel.lastHandshakeAt!.getTime()) / 60_000);
    return `no WireGuard handshake for ${minutes} minute${minutes === 1 ? '' : 's'}: the router is off or cannot reach ${tunnel.hubEndpoint} (UDP)`;
  }

  /** The three onboarding steps of a tunnel router, with what to do at the first one not done. */
  onboarding(router: Router, tunnel: RouterTunnel, hubReporting: boolean): OnboardingStep[] {
    const apiAt = router.lastSeenAt && router.lastSeenAt >= tunnel.createdAt ? router.lastSeenAt : null;
    const kitAt = tunnel.kitDownloadedAt ?? tunnel.enrolledAt;
    return [
      {
        step: 'kit',
        done: Boolean(kitAt),
        at: kitAt,
        hint: kitAt ? null : 'Download the setup kit and import it on the router: Winbox → Files → upload wavu-setup.rsc, then in a terminal /import file-name=wavu-setup.rsc (RouterOS 7)',
      },
      {
        step: 'handshake',
        done: Boolean(tunnel.enrolledAt),
        at: tunnel.enrolledAt,
        hint: tunnel.enrolledAt
          ? null
          : hubReporting
            ? `The router has not dialled ${tunnel.hubEndpoint} yet. Check that the kit ran to the end (/interface wireguard print shows wavu-wg), that the router has internet, and that its connection lets UDP out`
            : "The platform's tunnel service is not reporting: tell the platform operator",
      },
      {
        step: 'api',
        done: Boolean(apiAt),
        at: apiAt,
        hint: apiAt
          ? null
          : `The platform logs in to ${tunnel.address}:${router.apiPort} through the tunnel as ${router.username}. If the tunnel is up but this stays open, import the kit again (it sets the API user and allows ${tunnel.hubAddress} only)${router.lastError ? `. Last error: ${router.lastError}` : ''}`,
      },
    ];
  }

  /** The tunnel part of a router's response. */
  view(router: Router, tunnel: RouterTunnel, hubReporting: boolean): RouterTunnelDto {
    return {
      address: tunnel.address,
      hubAddress: tunnel.hubAddress,
      hubEndpoint: tunnel.hubEndpoint,
      publicKey: tunnel.publicKey,
      state: this.state(tunnel),
      hubReporting,
      enrolledAt: tunnel.enrolledAt,
      lastHandshakeAt: tunnel.lastHandshakeAt,
      peerEndpoint: tunnel.peerEndpoint,
      rxBytes: Number(tunnel.rxBytes),
      txBytes: Number(tunnel.txBytes),
      onboarding: this.onboarding(router, tunnel, hubReporting),
    };
  }
}
