import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { AuditService } from '../audit';
import type { Router } from './entities/router.entity';
import type { RouterHotspotAccount, RouterHotspotAccounts } from './gateway/router-gateway';
import { RouterGatewayError } from './gateway/router-gateway';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersService } from './routers.service';

/** Most hotspot users read from one router for the router page; a router holding more says so (`total`). */
export const HOTSPOT_ACCOUNTS_MAX = 2000;

/** Whether Wavu manages a router's hotspot user (decided by the vouchers module). */
export type ManagedCheck = (user: { name: string; comment: string | null }) => Promise<boolean>;

/**
 * The hotspot users a router holds, read live (for the vouchers module's "Hotspot users on the
 * router"), and removing one Wavu does not manage. Bounded: at most HOTSPOT_ACCOUNTS_MAX users,
 * every text field cut short, so a hostile router's list cannot flood the API.
 */
@Injectable()
export class RouterHotspotAccess {
  constructor(
    private readonly service: RoutersService,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
  ) {}

  /** 404 unless the router is the provider's (checked before anything else is looked up). */
  async requireRouter(providerId: string, routerId: string): Promise<void> {
    await this.service.requireRouter(providerId, routerId);
  }

  async accounts(providerId: string, routerId: string): Promise<RouterHotspotAccounts> {
    const router = await this.service.requireRouter(providerId, routerId);
    return this.targets.call(router, (g, t) => g.hotspotAccounts(t, HOTSPOT_ACCOUNTS_MAX));
  }

  /**
   * One hotspot user Wavu does not manage, read live: 404 when the router has no such user, 409
   * when `managed` says it is a voucher's (changed through its voucher, never here).
   */
  async requireUnmanaged(providerId: string, routerId: string, name: string, managed: ManagedCheck): Promise<RouterHotspotAccount> {
    return this.unmanagedOn(await this.service.requireRouter(providerId, routerId), name, managed);
  }

  private async unmanagedOn(router: Router, name: string, managed: ManagedCheck): Promise<RouterHotspotAccount> {
    const user = await this.targets.call(router, (g, t) => g.findAccount(t, name));
    if (!user || user.name !== name) throw new RouterException(RouterErrorCode.ROUTER_HOTSPOT_USER_NOT_FOUND, `Router ${router.name} has no hotspot user ${name}`);
    if (await managed(user)) {
      throw new RouterException(RouterErrorCode.ROUTER_HOTSPOT_USER_MANAGED, `${name} is a Wavu voucher's user: disable, refund or let the voucher expire instead of changing it here`);
    }
    return user;
  }

  /** Deletes one hotspot user Wavu does not manage (its sessions end first), audited. */
  async removeUnmanaged(providerId: string, routerId: string, name: string, managed: ManagedCheck, actor: Principal, context: RequestContext): Promise<void> {
    const router = await this.service.requireRouter(providerId, routerId);
    const user = await this.unmanagedOn(router, name, managed);
    try {
      await this.targets.call(router, (g, t) => g.removeUser(t, name));
    } catch (err) {
      if (!(err instanceof RouterGatewayError && err.code === 'NOT_FOUND')) throw err;
    }
    await this.audit.record({
      action: 'router.hotspot_user_deleted',
      actor,
      providerId,
      target: { type: 'router', id: routerId },
      context,
      metadata: { user: name, profile: user.profile, comment: user.comment, disabled: user.disabled },
    });
  }
}
