import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { SecretBox } from '../../common/crypto/secret-box';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Router, RouterStatus } from './entities/router.entity';
import { ROUTER_GATEWAY, RouterGateway, RouterGatewayError, RouterTarget } from './gateway/router-gateway';
import { RoutersRepository } from './routers.repository';
import { OutboxRepository } from './outbox.repository';
import { RouterErrorCode, RouterException } from './routers.exception';

const passwordContext = (routerId: string) => `router:${routerId}:password`;

/**
 * Turns router rows into gateway targets (opening the sealed password) and records what the
 * router calls tell us about a router's status. Shared by the service, the worker and the jobs.
 */
@Injectable()
export class RouterTargets {
  private readonly logger = new Logger(RouterTargets.name);
  /** pins being written (from connect callbacks, which cannot wait): settled() waits for them */
  private readonly pinning = new Set<Promise<void>>();

  constructor(
    private readonly box: SecretBox,
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    @Inject(ROUTER_GATEWAY) readonly gateway: RouterGateway,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly live?: LiveUpdatesBus,
  ) {}

  seal(routerId: string, password: string): string {
    return this.box.seal(password, passwordContext(routerId));
  }

  /**
   * With api-ssl the target carries the router's pinned certificate; while none is pinned, the
   * first successful login pins the one the router presented (docs/router-addresses.md,
   * "Encrypted connections").
   */
  target(router: Router): RouterTarget {
    return {
      key: router.id,
      routerId: router.id,
      host: router.host,
      // a tunnel address is the platform's own allocation: no address check, no lookup (docs/tunnel.md)
      address: router.connectionMode === 'tunnel' ? router.host : undefined,
      port: router.apiPort,
      tls: router.useTls,
      tlsFingerprint: router.useTls ? router.tlsFingerprint : null,
      onCertificate: router.useTls && !router.tlsFingerprint ? (fingerprint) => this.pinOnFirstUse(router, fingerprint) : undefined,
      username: router.username,
      password: this.box.open(router.passwordSealed, passwordContext(router.id)),
    };
  }

  private pinOnFirstUse(router: Router, fingerprint: string): void {
    const write = this.routers
      .pinCertificate(router.id, fingerprint)
      .then(async (pinned) => {
        if (!pinned) return;
        await this.routers.addEvent({
          providerId: router.providerId,
          routerId: router.id,
          type: 'certificate_pinned',
          message: `api-ssl certificate recorded (SHA-256 ${fingerprint}); from now on the platform logs in only when the router presents it`,
          metadata: { fingerprint },
        });
      })
      .catch((err: unknown) => this.logger.error({ err, routerId: router.id }, 'recording the router certificate failed'))
      .finally(() => this.pinning.delete(write));
    this.pinning.add(write);
  }

  /** Waits for certificate pins being written (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pinning]);
  }

  /**
   * The router presented an api-ssl certificate other than its pin (the login was not sent): it
   * is kept as pending for the owner to compare and accept, with one router event per new certificate.
   */
  async certificateChanged(router: Router, presented: string): Promise<void> {
    if (!(await this.routers.recordPendingCertificate(router.id, presented))) return;
    await this.routers.addEvent({
      providerId: router.providerId,
      routerId: router.id,
      type: 'certificate_changed',
      message: `Router presented a new certificate (SHA-256 ${presented}); the platform does not log in until you accept it on the router page`,
      metadata: { fingerprint: presented, pinned: router.tlsFingerprint },
    });
  }

  /**
   * Stores a status observation; a change writes a router_events row, a router that comes
   * back online has its waiting outbox operations made due, and an outage longer than
   * ALERT_ROUTER_OFFLINE_MINUTES raises one alert event (`offline_alert`), answered by one
   * `back_online` event when the router returns. An outage that never reached the threshold
   * raises neither. The alerts module turns both into messages (docs/alerts.md).
   */
  async observe(router: Router, status: RouterStatus, changes: Partial<Router> = {}, now = this.clock.now()): Promise<Router> {
    const update: Partial<Router> = { ...changes, status, lastCheckedAt: now };
    const back = status === 'online' && router.offlineAlertAt !== null;
    if (status === 'online') {
      update.lastSeenAt = now;
      update.lastError = null;
      update.offlineAlertAt = null;
    }
    const changed = router.status !== status;
    if (changed) update.statusChangedAt = now;
    const since = changed ? now : (router.statusChangedAt ?? now);
    const thresholdMinutes = this.config.alerts.routerOfflineMinutes;
    const raiseAlert = status !== 'online' && !router.offlineAlertAt && now.getTime() - since.getTime() > thresholdMinutes * 60_000;
    if (raiseAlert) update.offlineAlertAt = now;
    await this.routers.update(router.id, update);
    if (changed) {
      await this.routers.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: 'status_changed',
        message: `Status ${router.status} → ${status}${update.lastError ? `: ${update.lastError}` : ''}`,
        metadata: { from: router.status, to: status },
      });
      if (status === 'online') await this.outbox.wakeRouter(router.id);
      this.live?.publish({ type: 'router.status', providerId: router.providerId, data: { routerId: router.id, name: router.name, status, previousStatus: router.status, at: now.toISOString() } });
    }
    if (typeof changes.activeSessions === 'number' && changes.activeSessions !== router.activeSessions) {
      this.live?.publish({ type: 'router.sessions', providerId: router.providerId, data: { routerId: router.id, activeSessions: changes.activeSessions } });
    }
    if (raiseAlert) {
      await this.routers.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: 'offline_alert',
        message: `Router ${status} for more than ${thresholdMinutes} minutes`,
        // alertedAt names the outage: its `back_online` event carries the same value
        metadata: { since: since.toISOString(), alertedAt: now.toISOString(), status },
      });
    }
    if (back) {
      const alertedAt = router.offlineAlertAt!;
      await this.routers.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: 'back_online',
        message: `Router back online after an outage alerted at ${alertedAt.toISOString()}`,
        metadata: { alertedAt: alertedAt.toISOString(), downSince: router.statusChangedAt?.toISOString() ?? null, backAt: now.toISOString() },
      });
    }
    return { ...router, ...update };
  }

  /** Records a failed call on the router (status follows when the router was not reached). */
  async recordFailure(router: Router, error: RouterGatewayError): Promise<void> {
    if (error.fingerprint) await this.certificateChanged(router, error.fingerprint);
    if (error.unreachable) await this.observe(router, 'offline', { lastError: error.message.slice(0, 500) });
    else if (error.code === 'AUTH' || error.code === 'PERMISSION' || error.misbehaving || error.refused) await this.observe(router, 'error', { lastError: error.message.slice(0, 500) });
    else await this.routers.update(router.id, { lastError: error.message.slice(0, 500) });
  }

  /** Runs a call for an API request: failures are recorded and answered as 502. */
  async call<T>(router: Router, work: (gateway: RouterGateway, target: RouterTarget) => Promise<T>): Promise<T> {
    try {
      return await work(this.gateway, this.target(router));
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      await this.recordFailure(router, err);
      if (err.code === 'NOT_FOUND') throw err;
      if (err.code === 'LOGIN_LOCKED') throw new RouterException(RouterErrorCode.ROUTER_LOGIN_LOCKED, `Router ${router.name}: ${err.message}`);
      if (err.refused) throw RouterException.addressNotAllowed(`Router ${router.name}: ${err.message}`, [{ field: 'host', messages: [err.message] }]);
      if (err.code === 'CERTIFICATE_CHANGED') throw new RouterException(RouterErrorCode.ROUTER_CERTIFICATE_CHANGED, `Router ${router.name}: ${err.message}`);
      const code = err.unreachable ? RouterErrorCode.ROUTER_UNREACHABLE : err.misbehaving ? RouterErrorCode.ROUTER_PROTOCOL_ERROR : RouterErrorCode.ROUTER_CALL_FAILED;
      throw new RouterException(code, `Router ${router.name}: ${err.message}`);
    }
  }
}
