import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Currency, toMinor, toWhole } from '../../common/money';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { HotspotProfileSpec, ProvisioningOpInput, ROUTER_PROVISIONING, RouterProvisioningApi } from '../routers';
import { CreatePlanDto, ListPlansQueryDto, mapPlan, PlanDto, UpdatePlanDto } from './dto/plan.dto';
import { Plan, PlanKind, PlanStatus, RouterScope, ValidityFrom } from './entities/plan.entity';
import { planProblems, profileNameFor, profileSpecFor, rateLimitFor } from './plan-rules';
import { PlanErrorCode, PlanException } from './plans.exception';
import { PlanFilter, PlansRepository } from './plans.repository';

/** What other modules (vouchers, captive portal) may know of a plan: a plain read model. */
export interface PlanSnapshot {
  id: string;
  providerId: string;
  name: string;
  priceMinor: number;
  price: number;
  currency: Currency;
  kind: PlanKind;
  uptimeLimitSeconds: number | null;
  dataLimitBytes: number | null;
  validitySeconds: number | null;
  validityFrom: ValidityFrom;
  activationExpiryDays: number | null;
  profileName: string;
  profile: HotspotProfileSpec;
  status: PlanStatus;
  portalVisible: boolean;
  sortOrder: number;
  routerScope: RouterScope;
  routerIds: string[];
}

/** Fields whose change alters the router profile. */
const PROFILE_FIELDS = [
  'downloadRate',
  'uploadRate',
  'burstDownloadRate',
  'burstUploadRate',
  'burstThresholdDownload',
  'burstThresholdUpload',
  'burstTimeSeconds',
  'sharedUsers',
  'idleTimeoutSeconds',
  'uptimeLimitSeconds',
] as const;

@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly audit: AuditService,
    @Inject(ROUTER_PROVISIONING) private readonly routers: RouterProvisioningApi,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(providerId: string, query: ListPlansQueryDto): Promise<PlanDto[]> {
    return (await this.plans.list(providerId, query)).map(toDto);
  }

  async get(providerId: string, id: string): Promise<PlanDto> {
    return toDto(await this.getOrThrow(providerId, id));
  }

  async create(providerId: string, dto: CreatePlanDto, actor: Principal, context: RequestContext): Promise<PlanDto> {
    const id = randomUUID();
    const currency = dto.currency ?? 'KES';
    const plan: Omit<Plan, 'createdAt' | 'updatedAt'> = {
      id,
      providerId,
      name: dto.name,
      priceMinor: toMinor(dto.price, currency),
      currency,
      kind: dto.kind,
      uptimeLimitSeconds: dto.uptimeLimitSeconds ?? null,
      dataLimitBytes: dto.dataLimitBytes ?? null,
      validitySeconds: dto.validitySeconds ?? null,
      validityFrom: dto.validityFrom ?? 'first_login',
      activationExpiryDays: dto.activationExpiryDays === undefined ? 30 : dto.activationExpiryDays,
      downloadRate: dto.downloadRate ?? null,
      uploadRate: dto.uploadRate ?? null,
      burstDownloadRate: dto.burstDownloadRate ?? null,
      burstUploadRate: dto.burstUploadRate ?? null,
      burstThresholdDownload: dto.burstThresholdDownload ?? null,
      burstThresholdUpload: dto.burstThresholdUpload ?? null,
      burstTimeSeconds: dto.burstTimeSeconds ?? null,
      sharedUsers: dto.sharedUsers ?? 1,
      idleTimeoutSeconds: dto.idleTimeoutSeconds ?? null,
      portalVisible: dto.portalVisible ?? true,
      sortOrder: dto.sortOrder ?? 0,
      status: 'active',
      archivedAt: null,
      routerScope: dto.routerScope ?? 'all',
      routerIds: dto.routerScope === 'selected' ? unique(dto.routerIds ?? []) : [],
      profileName: profileNameFor(dto.name, id),
    };
    const problems = planProblems(plan);
    if (problems.length) throw PlanException.invalid(problems);
    const created = await inTransaction(this.dataSource, async (manager) => {
      if (plan.routerScope === 'selected') await this.routers.requireRouters(providerId, plan.routerIds, manager);
      const saved = await this.plans.create(manager, plan);
      await this.enqueueProfile(manager, saved);
      await this.audit.record({ action: 'plan.created', actor, providerId, target: { type: 'plan', id }, context, metadata: { name: plan.name } }, manager);
      return saved;
    });
    return toDto(created);
  }

  /** Existing vouchers keep their snapshot; the profile (speed, devices) is updated on the plan's routers. */
  async update(providerId: string, id: string, dto: UpdatePlanDto, actor: Principal, context: RequestContext): Promise<PlanDto> {
    const updated = await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.plans.findByIdForUpdate(manager, providerId, id);
      if (!plan) throw PlanException.notFound();
      // only the fields given (DTO instances carry every declared field, undefined when absent)
      const given = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as UpdatePlanDto;
      const { price, ...rest } = given;
      const changes: Partial<Plan> = { ...rest };
      const currency = dto.currency ?? plan.currency;
      if (price !== undefined || given.currency !== undefined) changes.priceMinor = toMinor(price ?? toWhole(plan.priceMinor, plan.currency), currency);
      if (changes.routerScope === 'all') changes.routerIds = [];
      if (changes.routerIds) changes.routerIds = unique(changes.routerIds);
      const merged = { ...plan, ...changes };
      if (merged.routerScope === 'all') merged.routerIds = [];
      const problems = planProblems(merged);
      if (problems.length) throw PlanException.invalid(problems);
      if (merged.routerScope === 'selected' && (given.routerIds || given.routerScope)) await this.routers.requireRouters(providerId, merged.routerIds, manager);
      const saved = await this.plans.update(manager, providerId, id, { ...changes, routerIds: merged.routerIds });
      const profileChanged = PROFILE_FIELDS.some((f) => f in given) || 'routerIds' in given || 'routerScope' in given;
      if (profileChanged) await this.enqueueProfile(manager, saved);
      await this.audit.record({ action: 'plan.updated', actor, providerId, target: { type: 'plan', id }, context, metadata: { fields: Object.keys(given) } }, manager);
      return saved;
    });
    return toDto(updated);
  }

  /** Archive hides the plan from sale; its vouchers and its router profile keep working. */
  async setArchived(providerId: string, id: string, archived: boolean, actor: Principal, context: RequestContext): Promise<PlanDto> {
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.plans.findByIdForUpdate(manager, providerId, id);
      if (!plan) throw PlanException.notFound();
      const from: PlanStatus = archived ? 'active' : 'archived';
      if (plan.status !== from) throw new PlanException(PlanErrorCode.PLAN_INVALID_TRANSITION, `The plan is already ${plan.status}`);
      const result = await this.plans.update(manager, providerId, id, { status: archived ? 'archived' : 'active', archivedAt: archived ? new Date() : null });
      await this.audit.record({ action: archived ? 'plan.archived' : 'plan.restored', actor, providerId, target: { type: 'plan', id }, context }, manager);
      return result;
    });
    return toDto(saved);
  }

  // ---- for other modules -------------------------------------------------------------

  /** The plan as a plain snapshot; PLAN_NOT_FOUND (404) if it is not the provider's. */
  async getSnapshot(providerId: string, id: string, manager?: EntityManager): Promise<PlanSnapshot> {
    return toSnapshot(await this.getOrThrow(providerId, id, manager));
  }

  async getSnapshots(providerId: string, ids: string[], manager?: EntityManager): Promise<PlanSnapshot[]> {
    return (await this.plans.findByIds(providerId, unique(ids), manager)).map(toSnapshot);
  }

  async listSnapshots(providerId: string, filter: PlanFilter, manager?: EntityManager): Promise<PlanSnapshot[]> {
    return (await this.plans.list(providerId, filter, manager)).map(toSnapshot);
  }

  /** The routers currently offering the plan (routers deleted since are skipped). */
  async routerIdsFor(plan: Pick<PlanSnapshot, 'providerId' | 'routerScope' | 'routerIds'>, manager?: EntityManager): Promise<string[]> {
    return offeredOn(plan, await this.routerIdsOf(plan.providerId, manager));
  }

  /** `routerIdsFor` of several plans of one provider, reading its routers once (by plan id). */
  async routerIdsByPlan(providerId: string, plans: Array<Pick<PlanSnapshot, 'id' | 'routerScope' | 'routerIds'>>, manager?: EntityManager): Promise<Map<string, string[]>> {
    if (plans.length === 0) return new Map();
    const all = await this.routerIdsOf(providerId, manager);
    return new Map(plans.map((plan) => [plan.id, offeredOn(plan, all)]));
  }

  private async routerIdsOf(providerId: string, manager?: EntityManager): Promise<string[]> {
    return (await this.routers.listRouters(providerId, manager)).map((r) => r.id);
  }

  private async enqueueProfile(manager: EntityManager, plan: Plan): Promise<void> {
    const routerIds = await this.routerIdsFor(plan, manager);
    const profile = profileSpecFor(plan);
    const ops: ProvisioningOpInput[] = routerIds.map((routerId) => ({ routerId, type: 'upsert_profile', target: profile.name, profile }));
    if (ops.length) await this.routers.enqueue(manager, plan.providerId, ops);
  }

  private async getOrThrow(providerId: string, id: string, manager?: EntityManager): Promise<Plan> {
    const plan = await this.plans.findById(providerId, id, manager);
    if (!plan) throw PlanException.notFound();
    return plan;
  }
}

function offeredOn(plan: Pick<PlanSnapshot, 'routerScope' | 'routerIds'>, routerIds: string[]): string[] {
  return plan.routerScope === 'all' ? routerIds : routerIds.filter((id) => plan.routerIds.includes(id));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function toDto(plan: Plan): PlanDto {
  return mapPlan(plan, rateLimitFor(plan));
}

function toSnapshot(p: Plan): PlanSnapshot {
  return {
    id: p.id,
    providerId: p.providerId,
    name: p.name,
    priceMinor: p.priceMinor,
    price: toWhole(p.priceMinor, p.currency),
    currency: p.currency,
    kind: p.kind,
    uptimeLimitSeconds: p.uptimeLimitSeconds,
    dataLimitBytes: p.dataLimitBytes,
    validitySeconds: p.validitySeconds,
    validityFrom: p.validityFrom,
    activationExpiryDays: p.activationExpiryDays,
    profileName: p.profileName,
    profile: profileSpecFor(p),
    status: p.status,
    portalVisible: p.portalVisible,
    sortOrder: p.sortOrder,
    routerScope: p.routerScope,
    routerIds: p.routerIds,
  };
}
