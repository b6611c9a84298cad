import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { MemoryRateLimiter } from '../../common/http/rate-limit';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CheckedAddress, RouterAddressGuard, RouterAddressRefused, RouterHostNotFound } from './address-guard';
import { ConnectionTestDto } from './dto/connection-test.dto';
import { defaultPort, RouterConnectionDto, usesTls } from './dto/router.dto';
import { Router } from './entities/router.entity';
import { ADDRESS_NOT_ALLOWED_CODE, CONNECTION_STEPS, LOGIN_LOCKED_CODE, RouterGatewayError } from './gateway/router-gateway';
import { loginTargetKey, RouterLoginGuard, RouterLoginLocked } from './router-login-guard';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersService } from './routers.service';
import { RouterTunnelsService } from './tunnel/router-tunnels.service';

/**
 * Connection tests, before saving a router or of a saved one: step by step with hints, behind the
 * address policy, a rate limit and the failed-login lock (docs/router-addresses.md).
 */
@Injectable()
export class RouterConnectionTestService {
  constructor(
    private readonly routers: RoutersService,
    private readonly targets: RouterTargets,
    private readonly addresses: RouterAddressGuard,
    private readonly logins: RouterLoginGuard,
    private readonly limiter: MemoryRateLimiter,
    private readonly tunnels: RouterTunnelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Before saving: nothing is stored. A refused address answers 400 before any packet is sent. */
  async testUnsaved(providerId: string, dto: RouterConnectionDto): Promise<ConnectionTestDto> {
    const port = defaultPort(dto);
    const checked = await this.checkedAddress(dto.host, port);
    await this.admitTest(providerId, null, checked);
    return this.targets.gateway.testConnection({
      key: `unsaved:${randomUUID()}`,
      host: dto.host,
      address: checked?.address,
      port,
      tls: usesTls(dto),
      username: dto.username,
      password: dto.password,
    });
  }

  /** On demand: the result also updates the router's status, identity and version. */
  async testSaved(providerId: string, id: string): Promise<ConnectionTestDto> {
    const router = await this.routers.requireRouter(providerId, id);
    if (router.connectionMode === 'tunnel') {
      // no handshake, no route: say why at once instead of waiting for a TCP timeout
      const down = await this.tunnelDown(router);
      if (down) return down;
    }
    let checked: CheckedAddress | undefined;
    try {
      // a tunnel address is the platform's allocation: rate limits and the login lock still apply
      checked = router.connectionMode === 'tunnel' ? { host: router.host, address: router.host, port: router.apiPort } : await this.checkedAddress(router.host, router.apiPort);
      await this.admitTest(providerId, router.id, checked);
    } catch (err) {
      if (err instanceof RouterException && err.code === RouterErrorCode.ROUTER_ADDRESS_NOT_ALLOWED) {
        await this.targets.recordFailure(router, new RouterGatewayError('ADDRESS_NOT_ALLOWED', `${ADDRESS_NOT_ALLOWED_CODE}: ${err.details?.[0]?.messages[0] ?? err.message}`));
      }
      if (err instanceof RouterException && err.code === RouterErrorCode.ROUTER_LOGIN_LOCKED) {
        await this.targets.recordFailure(router, new RouterGatewayError('LOGIN_LOCKED', `${LOGIN_LOCKED_CODE}: ${err.message}`));
      }
      throw err;
    }
    const result = await this.targets.gateway.testConnection({ ...this.targets.target(router), key: `test:${id}`, address: checked?.address });
    const failed = result.steps.find((s) => s.status === 'failed');
    // a certificate other than the pinned one: the login was not sent; the owner decides on the router page
    const certificateChanged = Boolean(router.useTls && router.tlsFingerprint && result.tlsFingerprint && result.tlsFingerprint !== router.tlsFingerprint);
    if (certificateChanged) await this.targets.certificateChanged(router, result.tlsFingerprint!);
    if (result.ok) {
      await this.targets.observe(router, 'online', { identity: result.identity, version: result.version, boardName: result.boardName });
    } else if (failed) {
      const status = !certificateChanged && (failed.step === 'tcp' || failed.step === 'handshake') ? 'offline' : 'error';
      await this.targets.observe(router, status, { lastError: `${failed.step}: ${failed.detail ?? 'failed'}`.slice(0, 500) });
    }
    return result;
  }

  /** A tunnel router the hub has no recent handshake from: a failed test that says what to do, with no packet sent. */
  private async tunnelDown(router: Router): Promise<ConnectionTestDto | null> {
    const tunnel = await this.tunnels.forRouter(router.id);
    const reason = tunnel ? await this.tunnels.downReason(tunnel) : 'the router has no tunnel address';
    if (!reason) return null;
    await this.targets.observe(router, 'offline', { lastError: `tunnel: ${reason}`.slice(0, 500) });
    const steps: ConnectionTestDto['steps'] = CONNECTION_STEPS.map((step, i) => ({
      step,
      status: i === 0 ? 'failed' : 'skipped',
      durationMs: 0,
      detail: i === 0 ? `tunnel: ${reason}` : null,
      hint: i === 0 ? 'Follow the onboarding steps on the router page: the platform reaches this router only through its WireGuard tunnel' : null,
    }));
    return { ok: false, steps, identity: null, version: null, boardName: null, tlsFingerprint: null };
  }

  /**
   * A connection test may run: at most `testRate.perProvider` per provider and `perTarget` per
   * address:port (any provider) per window, so tests cannot sweep tenants' routers; and not at a
   * target locked after failed logins unless this saved router's credentials already worked there.
   */
  private async admitTest(providerId: string, routerId: string | null, checked: CheckedAddress | undefined): Promise<void> {
    const { perProvider, perTarget, windowSeconds } = this.config.routers.testRate;
    const limited = (wait: number) => new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many connection tests. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
    const byProvider = this.limiter.hit(`router-test:provider:${providerId}`, perProvider, windowSeconds);
    if (byProvider) throw limited(byProvider);
    if (!checked) return;
    const byTarget = this.limiter.hit(`router-test:target:${loginTargetKey(checked.address, checked.port)}`, perTarget, windowSeconds);
    if (byTarget) throw limited(byTarget);
    try {
      await this.logins.admit(routerId, checked.address, checked.port);
    } catch (err) {
      if (err instanceof RouterLoginLocked) {
        const wait = Math.max(1, Math.ceil((err.until.getTime() - Date.now()) / 1000));
        throw new RouterException(RouterErrorCode.ROUTER_LOGIN_LOCKED, `Not tested: ${err.message}`, undefined, { 'Retry-After': String(wait) });
      }
      throw err;
    }
  }

  /** For a connection test: the checked address (undefined when the name does not resolve: the test's tcp step says so). */
  private async checkedAddress(host: string, port: number): Promise<CheckedAddress | undefined> {
    try {
      return await this.addresses.check(host, port);
    } catch (err) {
      if (err instanceof RouterHostNotFound) return undefined;
      if (err instanceof RouterAddressRefused) throw RouterException.addressNotAllowed(`Router address not allowed: ${err.message}`, [{ field: err.field, messages: [err.message] }]);
      throw err;
    }
  }
}
