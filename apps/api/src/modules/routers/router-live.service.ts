import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit';
import { OnlineRouterDto, WhoIsOnlineDto } from './dto/online.dto';
import { InterfaceDto, LogLineDto, SessionDto } from './dto/router-live.dto';
import { RouterGatewayError } from './gateway/router-gateway';
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

  async interfaces(providerId: string, id: string): Promise<InterfaceDto[]> {
    const router = await this.service.requireRouter(providerId, id);
    return this.targets.call(router, (g, t) => g.interfaces(t));
  }

  async log(providerId: string, id: string): Promise<LogLineDto[]> {
    const router = await this.service.requireRouter(providerId, id);
    return (await this.targets.call(router, (g, t) => g.log(t, 100))).reverse();
  }
}
