import { Inject, Injectable, Logger } from '@nestjs/common';
import { isIPv6 } from 'node:net';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RouterLoginRepository } from './router-login.repository';

/** The target is locked after repeated failed logins; `until` is when it opens again. */
export class RouterLoginLocked extends Error {
  override readonly name = 'RouterLoginLocked';
  constructor(readonly until: Date) {
    super(`too many failed logins at this router address; the platform will not try it again before ${until.toISOString()} unless a router whose credentials already worked there asks`);
  }
}

export const loginTargetKey = (address: string, port: number): string => (isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

/**
 * No pivot into tenants' routers (issue 17). The setup kit lets each router's API accept the
 * platform's address only, so the platform is the one machine that can try passwords on every
 * tenant's router. Failed logins are counted per checked `address:port` across all providers
 * (in PostgreSQL, so every instance counts together); after `maxFailures` in `windowSeconds` the
 * target is not tried for `lockSeconds` by anyone — except a saved router whose current
 * credentials already logged in there, so a stranger's failures never lock the owner out.
 */
@Injectable()
export class RouterLoginGuard {
  private readonly logger = new Logger(RouterLoginGuard.name);

  constructor(
    private readonly repo: RouterLoginRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws RouterLoginLocked when the target is locked and this router is not trusted there. */
  async admit(routerId: string | null, address: string, port: number): Promise<void> {
    const target = loginTargetKey(address, port);
    const until = await this.repo.lockedUntil(target);
    if (!until) return;
    if (routerId && (await this.repo.isTrusted(routerId, target))) return;
    throw new RouterLoginLocked(until);
  }

  /** After a login attempt reached the router: success trusts a saved router there, AUTH counts a failure. */
  async loginResult(routerId: string | null, address: string, port: number, ok: boolean): Promise<void> {
    const target = loginTargetKey(address, port);
    if (ok) {
      if (routerId) await this.repo.trust(routerId, target);
      return;
    }
    // stored credentials that stopped working are no longer trusted
    if (routerId) await this.repo.forgetRouter(routerId);
    const { maxFailures, windowSeconds, lockSeconds } = this.config.routers.login;
    const lockedUntil = await this.repo.recordFailure(target, maxFailures, windowSeconds, lockSeconds);
    if (lockedUntil) this.logger.warn({ target, lockedUntil }, 'router target locked after repeated failed logins');
  }

  /** The same, from a callback that cannot wait (a connect's login hook): never throws. */
  report(routerId: string | null, address: string, port: number, ok: boolean): void {
    this.loginResult(routerId, address, port, ok).catch((err: unknown) => this.logger.error({ err, target: loginTargetKey(address, port) }, 'recording a router login failed'));
  }

  /** Credentials changed or the router was deleted. */
  forget(routerId: string): Promise<void> {
    return this.repo.forgetRouter(routerId);
  }
}
