import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit';
import { OnlineRouterDto, WhoIsOnlineDto } from './dto/online.dto';
import { InterfaceDto, LogLineDto, SessionDto } from './dto/router-live.dto';
import { Router } from './entities/router.entity';
import { RouterGatewayError } from './gateway/router-gateway';
import { ManagementInterface, managementInterface } from './management-interface';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';

/** What is read live from a provider's routers (sessions, who is online, interfaces, log), and logging a session out. */
@Injectable()
export class RouterLiveService {
  private readonly logger = new Logger(RouterLiveService.name);

  constructor(
    private readonly service: RoutersService,
    private readonly routers: RoutersRepository,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sessions(providerId: string, id: string): Promise<SessionDto[]> {
    const router = await this.service.requireRouter(providerId, id);
    const sessions = await this.targets.call(router, (g, t) => g.listSessions(t));
    return sessions.map((s) => ({
      id: s.id,
      user: s.user,
      address: s.address,
      macAddress: s.macAddress,
      loginBy: s.loginBy,
      uptimeSeconds: s.uptimeSeconds,
      timeLeftSeconds: s.sessionTimeLeftSeconds,
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
    }));
  }

  /**
   * Who is online: the live sessions of every router of the provider. A router that cannot be
   * read is reported with its error and never fails the whole answer (routers are asked
   * `monitorConcurrency` at a time).
   */
  async online(providerId: string): Promise<WhoIsOnlineDto> {
    const routers = await this.routers.listForProvider(providerId);
    const out: OnlineRouterDto[] = [];
    for (let i = 0; i < routers.length; i += this.config.routers.monitorConcurrency) {
      const chunk = routers.slice(i, i + this.config.routers.monitorConcurrency);
      out.push(
        ...(await Promise.all(
          chunk.map(async (r): Promise<OnlineRouterDto> => {
            try {
              return { id: r.id, name: r.name, status: r.status, sessions: await this.sessions(providerId, r.id), errorCode: null, error: null };
            } catch (err) {
              if (!(err instanceof RouterException)) this.logger.warn(`who is online: router ${r.id}: ${err instanceof Error ? err.message : String(err)}`);
              const code = err instanceof RouterException ? err.code : RouterErrorCode.ROUTER_CALL_FAILED;
              const message = err instanceof RouterException ? err.message : `Router ${r.name}: could not read its sessions`;
              return { id: r.id, name: r.name, status: r.status, sessions: [], errorCode: code, error: message };
            }
          }),
        )),
      );
    }
    return { total: out.reduce((n, r) => n + r.sessions.length, 0), routers: out };
  }

  async kick(providerId: string, id: string, sessionId: string, actor: Principal, context: RequestContext): Promise<void> {
    const router = await this.service.requireRouter(providerId, id);
    try {
      await this.targets.call(router, (g, t) => g.kickSession(t, sessionId));
    } catch (err) {
      if (err instanceof RouterGatewayError && err.code === 'NOT_FOUND') throw new RouterException(RouterErrorCode.ROUTER_SESSION_NOT_FOUND, 'That session has already ended');
      throw err;
    }
    await this.audit.record({ action: 'router.session_kick', actor, providerId, target: { type: 'router', id }, context, metadata: { sessionId } });
  }

  /** Interfaces, each marked when it is the one the platform reaches the router through. */
  async interfaces(providerId: string, id: string): Promise<InterfaceDto[]> {
    const router = await this.service.requireRouter(providerId, id);
    const list = await this.targets.call(router, (g, t) => g.interfaces(t));
    const management = await this.management(
      router,
      list.map((i) => i.name),
    ).catch(() => null);
    return list.map((i) => ({ ...i, management: management?.name === i.name }));
  }

  /**
   * Enables or disables one interface. Disabling the interface the platform reaches the router
   * through is refused (409), and so is any disable while Wavu cannot tell which one that is.
   */
  async setInterfaceDisabled(providerId: string, id: string, name: string, disabled: boolean, actor: Principal, context: RequestContext): Promise<void> {
    const router = await this.service.requireRouter(providerId, id);
    const names = (await this.targets.call(router, (g, t) => g.interfaces(t))).map((i) => i.name);
    if (!names.includes(name)) throw new RouterException(RouterErrorCode.ROUTER_INTERFACE_NOT_FOUND, `Router ${router.name} has no interface ${name}`);
    if (disabled) {
      const management = await this.management(router, names);
      if (management.name === null || management.name === name) throw new RouterException(RouterErrorCode.ROUTER_INTERFACE_PROTECTED, management.reason);
    }
    try {
      await this.targets.call(router, (g, t) => g.setInterfaceDisabled(t, name, disabled));
    } catch (err) {
      if (err instanceof RouterGatewayError && err.code === 'NOT_FOUND') throw new RouterException(RouterErrorCode.ROUTER_INTERFACE_NOT_FOUND, `Router ${router.name} has no interface ${name}`);
      throw err;
    }
    await this.audit.record({ action: disabled ? 'router.interface_disabled' : 'router.interface_enabled', actor, providerId, target: { type: 'router', id }, context, metadata: { interface: name } });
  }

  private async management(router: Router, interfaceNames: string[]): Promise<ManagementInterface> {
    const [address, addresses] = await this.targets.call(router, async (g, t) => [await g.connectAddress(t), await g.ipAddresses(t)] as const);
    return managementInterface(router.connectionMode, address, addresses, interfaceNames);
  }

  async log(providerId: string, id: string): Promise<LogLineDto[]> {
    const router = await this.service.requireRouter(providerId, id);
    return (await this.targets.call(router, (g, t) => g.log(t, 100))).reverse();
  }
}
