import { Inject, Injectable } from '@nestjs/common';
import { strToU8, zipSync } from 'fflate';
import { RequestContext } from '../../../common/auth/decorators';
import { Principal } from '../../../common/auth/principal';
import { NAIROBI_TIME_ZONE } from '../../../common/time';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { AuditService } from '../../audit';
import { ProvidersService } from '../../providers';
import { SetupKitQueryDto } from '../dto/setup-kit.dto';
import { OutboxRepository } from '../outbox.repository';
import { RouterTargets } from '../router-targets';
import { RouterErrorCode, RouterException } from '../routers.exception';
import { RoutersService } from '../routers.service';
import { hotspotFiles } from './hotspot-html';
import { generateRsc, KIT_HOTSPOT_DNS_NAME, SetupKitInputError, SetupKitParams, TunnelKitParams } from './rsc';
import { RouterTunnelsService } from '../tunnel/router-tunnels.service';
import { RouterTunnel } from '../entities/router-tunnel.entity';
import { Router } from '../entities/router.entity';

const HTML_DIR = 'wavu-hotspot';

/** The router setup kit: the `.rsc` script and the hotspot HTML files, as text or a zip. */
@Injectable()
export class SetupKitService {
  constructor(
    private readonly routers: RoutersService,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
    private readonly providers: ProvidersService,
    private readonly tunnels: RouterTunnelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A tunnel router's part of the kit: its key and address, the hub it dials. */
  private async tunnelParams(router: Router): Promise<{ tunnel: RouterTunnel; params: TunnelKitParams }> {
    if (router.version?.startsWith('6.')) {
      throw new RouterException(RouterErrorCode.ROUTER_TUNNEL_NEEDS_ROUTEROS_7, `This router runs RouterOS ${router.version}, which has no WireGuard: upgrade it to RouterOS 7, or reach it directly`, [
        { field: 'connectionMode', messages: ['the management tunnel needs RouterOS 7'] },
      ]);
    }
    const tunnel = await this.tunnels.forRouter(router.id);
    if (!tunnel) throw new RouterException(RouterErrorCode.ROUTER_TUNNEL_UNAVAILABLE, 'This router has no tunnel address: switch it to direct and back to tunnel');
    return { tunnel, params: { privateKey: this.tunnels.privateKey(tunnel), address: tunnel.address, hubPublicKey: tunnel.hubPublicKey, hubEndpoint: tunnel.hubEndpoint } };
  }

  async params(providerId: string, routerId: string, query: SetupKitQueryDto): Promise<SetupKitParams & { tunnelRow?: RouterTunnel }> {
    const router = await this.routers.requireRouter(providerId, routerId);
    const tunnel = router.connectionMode === 'tunnel' ? await this.tunnelParams(router) : null;
    // a tunnel router accepts the API only from the hub's tunnel address
    const platformAddress = tunnel ? tunnel.tunnel.hubAddress : (query.platformAddress ?? this.config.routers.platformAddress);
    if (!platformAddress) {
      throw RouterException.invalid(RouterErrorCode.ROUTER_SETUP_KIT_INVALID, 'The platform address is needed', [
        { field: 'platformAddress', messages: ["give the platform's IPv4 address as the router sees it (or set ROUTER_PLATFORM_ADDRESS)"] },
      ]);
    }
    const profiles = (await this.outbox.desiredProfiles(router.id)).map((p) => p.spec);
    return {
      routerId: router.id,
      routerName: router.name,
      timeZone: NAIROBI_TIME_ZONE,
      wanInterface: query.wanInterface ?? 'ether1',
      lanInterfaces: (query.lanInterfaces ?? 'ether2').split(','),
      gatewayAddress: query.gatewayAddress ?? '10.10.0.1',
      prefixLength: query.prefixLength ?? 22,
      dnsServers: (query.dnsServers ?? '1.1.1.1,8.8.8.8').split(','),
      hotspotServer: router.hotspotServer ?? 'wavu-hotspot',
      hotspotDnsName: router.hotspotDnsName ?? KIT_HOTSPOT_DNS_NAME,
      htmlDirectory: HTML_DIR,
      publicUrl: this.config.http.publicUrl,
      platformAddress,
      apiUser: router.username,
      apiPassword: this.targets.target(router).password,
      apiPort: router.apiPort,
      useTls: router.useTls,
      profiles,
      tunnel: tunnel?.params,
      tunnelRow: tunnel?.tunnel,
    };
  }

  /** Onboarding step 1 of a tunnel router: its kit was downloaded. */
  private async downloaded(params: { tunnelRow?: RouterTunnel }): Promise<void> {
    if (params.tunnelRow) await this.tunnels.kitDownloaded(params.tunnelRow);
  }

  private build(params: SetupKitParams): string {
    try {
      return generateRsc(params);
    } catch (err) {
      if (err instanceof SetupKitInputError)
        throw RouterException.invalid(RouterErrorCode.ROUTER_SETUP_KIT_INVALID, `The setup kit cannot be made: ${err.message}`, [{ field: err.field, messages: [err.message] }]);
      throw err;
    }
  }

  async rsc(providerId: string, routerId: string, query: SetupKitQueryDto, actor: Principal, context: RequestContext): Promise<string> {
    const params = await this.params(providerId, routerId, query);
    const script = this.build(params);
    await this.downloaded(params);
    await this.audit.record({ action: 'router.setup_kit', actor, providerId, target: { type: 'router', id: routerId }, context, metadata: { format: 'rsc' } });
    return script;
  }

  async zip(providerId: string, routerId: string, query: SetupKitQueryDto, actor: Principal, context: RequestContext): Promise<Buffer> {
    const params = await this.params(providerId, routerId, query);
    const script = this.build(params);
    await this.downloaded(params);
    const files: Record<string, Uint8Array> = {
      'wavu-setup.rsc': strToU8(script),
      'README.txt': strToU8(
        [
          'Wavu router setup kit',
          '',
          '1. Upload wavu-setup.rsc to the router (Winbox: Files) and run:  /import file-name=wavu-setup.rsc',
          `2. The script writes ${HTML_DIR}/login.html itself. To use the other pages, upload the files in`,
          `   ${HTML_DIR}/ of this zip to the router's ${HTML_DIR} folder.`,
          ...(params.tunnel
            ? [
                `3. This router reaches the platform through a WireGuard tunnel (RouterOS 7): it dials ${params.tunnel.hubEndpoint}`,
                '   over UDP, so it needs no public IP. The router page shows when the tunnel and the API come up.',
              ]
            : ['3. Routers behind NAT or CGNAT: choose "through the Wavu tunnel" on the router page; the platform', '   cannot reach their API port directly.']),
          '',
          params.tunnel ? "This kit contains the API user password and the router's tunnel key: keep it private." : 'This kit contains the API user password: keep it private.',
          '',
        ].join('\r\n'),
      ),
    };
    // the router's own pages (status, logout, error) carry the provider's name and colour
    const branding = await this.providers.getBranding(providerId);
    const pages = hotspotFiles(params.publicUrl, params.routerId, { name: branding?.name ?? params.routerName, accentColor: branding?.accentColor ?? null });
    for (const [name, content] of Object.entries(pages)) files[`${HTML_DIR}/${name}`] = strToU8(content);
    await this.audit.record({ action: 'router.setup_kit', actor, providerId, target: { type: 'router', id: routerId }, context, metadata: { format: 'zip' } });
    return Buffer.from(zipSync(files, { level: 6 }));
  }
}
