import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PlanSnapshot, PlansService } from '../plans';
import { HotspotUserSpec, ProvisioningOpInput, ROUTER_PROVISIONING, RouterProvisioningApi, RouterSummary } from '../routers';
import { Voucher } from './entities/voucher.entity';

/** What a hotspot user needs from a voucher. */
export interface VoucherOnRouter {
  id: string;
  code: string;
  password: string | null;
  profileName: string;
  uptimeLimitSeconds: number | null;
  dataLimitBytes: number | null;
}

/** Voucher → hotspot user (name = code, password = code unless separate, comment `wavu:<id>`). */
export function hotspotUserFor(v: VoucherOnRouter, disabled?: boolean): HotspotUserSpec {
  const user: HotspotUserSpec = { name: v.code, password: v.password ?? v.code, profile: v.profileName, comment: `wavu:${v.id}` };
  if (v.uptimeLimitSeconds) user.limitUptimeSeconds = v.uptimeLimitSeconds;
  if (v.dataLimitBytes) user.limitBytesTotal = v.dataLimitBytes;
  if (disabled !== undefined) user.disabled = disabled;
  return user;
}

/** `http://<dns-name>/login?username=…&password=…` (docs/routeros.md §4.4): opens the hotspot login with the code filled in. */
export function hotspotLoginUrl(dnsName: string, username: string, password: string): string {
  return `http://${dnsName}/login?username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
}

/** Which routers a voucher lives on, and the ops that put it there or take it off. */
@Injectable()
export class VoucherRouters {
  constructor(
    @Inject(ROUTER_PROVISIONING) readonly api: RouterProvisioningApi,
    private readonly plans: PlansService,
  ) {}

  /** The voucher's own router, or every router offering its plan. */
  async routerIdsFor(providerId: string, routerId: string | null, plan: Pick<PlanSnapshot, 'providerId' | 'routerScope' | 'routerIds'> | null, manager?: EntityManager): Promise<string[]> {
    if (routerId) return [routerId];
    if (!plan) return [];
    return this.plans.routerIdsFor({ ...plan, providerId }, manager);
  }

  /** The voucher's plan as it is now (null when the plan is gone). */
  async planOf(manager: EntityManager, v: Pick<Voucher, 'providerId' | 'planId'>): Promise<PlanSnapshot | null> {
    return (await this.plans.getSnapshots(v.providerId, [v.planId], manager))[0] ?? null;
  }

  /** The routers this voucher lives on: its own router, or every router offering its plan. */
  async routerIdsOf(manager: EntityManager, v: Voucher): Promise<string[]> {
    return this.routerIdsFor(v.providerId, v.routerId, v.routerId ? null : await this.planOf(manager, v), manager);
  }

  /** The routers with their DNS names (for login links) — own router first. */
  async summaries(providerId: string, ids: string[], manager?: EntityManager): Promise<RouterSummary[]> {
    if (ids.length === 0) return [];
    const all = await this.api.listRouters(providerId, manager);
    return ids.map((id) => all.find((r) => r.id === id)).filter((r): r is RouterSummary => Boolean(r));
  }

  upsertOps(routerIds: string[], plan: PlanSnapshot | null, voucher: VoucherOnRouter, disabled?: boolean): ProvisioningOpInput[] {
    const user = hotspotUserFor(voucher, disabled);
    return routerIds.flatMap((routerId) => {
      const ops: ProvisioningOpInput[] = [];
      // the profile first, so a router added after the plan was created has it
      if (plan) ops.push({ routerId, type: 'upsert_profile', target: plan.profile.name, profile: plan.profile });
      ops.push({ routerId, type: 'upsert_user', target: user.name, user });
      return ops;
    });
  }

  simpleOps(routerIds: string[], type: 'remove_user' | 'disable_user' | 'enable_user', code: string): ProvisioningOpInput[] {
    return routerIds.map((routerId) => ({ routerId, type, target: code }));
  }

  async enqueue(manager: EntityManager, providerId: string, ops: ProvisioningOpInput[]): Promise<void> {
    if (ops.length) await this.api.enqueue(manager, providerId, ops);
  }
}
