import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import {
  CreatePlatformPlanDto,
  mapPlatformPlan,
  mapPlatformSettings,
  PlatformPlanDto,
  PlatformSettingsDto,
  TrialTermsDto,
  UpdatePlatformPlanDto,
  UpdatePlatformSettingsDto,
} from './dto/platform-plan.dto';
import { PlatformPlan } from './entities/platform-plan.entity';
import { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';

/**
 * The platform's plans (what providers pay Wavu for), the trial terms and the platform settings
 * (default limits without a paid plan); the super admin edits the plans and the settings.
 */
@Injectable()
export class PlatformPlansService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async trialTerms(): Promise<TrialTermsDto> {
    const settings = await this.repo.findSettings();
    return {
      trialDays: this.config.subscriptions.trialDays,
      graceDays: this.config.subscriptions.graceDays,
      maxRouters: settings.defaultMaxRouters,
      maxVouchersPerMonth: settings.defaultMaxVouchersPerMonth,
    };
  }

  async getSettings(): Promise<PlatformSettingsDto> {
    return mapPlatformSettings(await this.repo.findSettings());
  }

  async updateSettings(dto: UpdatePlatformSettingsDto, actor: Principal, context: RequestContext): Promise<PlatformSettingsDto> {
    await inTransaction(this.dataSource, async (manager) => {
      const before = await this.repo.findSettings(manager);
      // only the fields given (a DTO instance may carry declared fields as undefined)
      const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as UpdatePlatformSettingsDto;
      if (!Object.keys(changes).length) return;
      await this.repo.updateSettings(manager, changes);
      // "10 → 5" per changed limit (null reads "unlimited")
      const say = (v: number | null | undefined) => (v === null || v === undefined ? 'unlimited' : v.toLocaleString('en-KE'));
      const metadata = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, `${say(before[k as keyof UpdatePlatformSettingsDto])} → ${say(v as number | null)}`]));
      await this.audit.record({ action: 'platform_settings.update', actor, context, target: { type: 'platform_settings', id: 'default' }, metadata }, manager);
    });
    return this.getSettings();
  }

  async listPlans(onlyActive: boolean): Promise<PlatformPlanDto[]> {
    return (await this.repo.listPlans(onlyActive)).map(mapPlatformPlan);
  }

  async createPlan(dto: CreatePlatformPlanDto, actor: Principal, context: RequestContext): Promise<PlatformPlanDto> {
    try {
      const plan = await inTransaction(this.dataSource, async (manager) => {
        const created = await this.repo.insertPlan(manager, {
          name: dto.name,
          description: dto.description || null,
          priceMinor: dto.priceMinor,
          currency: dto.currency ?? 'KES',
          period: dto.period,
          maxRouters: dto.maxRouters ?? null,
          maxVouchersPerMonth: dto.maxVouchersPerMonth ?? null,
          maxSmsPerMonth: dto.maxSmsPerMonth ?? null,
          features: dto.features ?? [],
          active: dto.active ?? true,
        });
        await this.audit.record(
          { action: 'platform_plan.create', actor, context, target: { type: 'platform_plan', id: created.id }, metadata: { name: created.name, priceMinor: created.priceMinor } },
          manager,
        );
        return created;
      });
      return mapPlatformPlan(plan);
    } catch (err) {
      if (isUniqueViolation(err)) throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_NAME_TAKEN, 'A platform plan with this name exists');
      throw err;
    }
  }

  async updatePlan(id: string, dto: UpdatePlatformPlanDto, actor: Principal, context: RequestContext): Promise<PlatformPlanDto> {
    try {
      const plan = await inTransaction(this.dataSource, async (manager) => {
        const existing = await this.repo.findPlan(id, manager);
        if (!existing) throw SubscriptionException.planNotFound();
        // only the fields given (a DTO instance may carry declared fields as undefined)
        const changes: Partial<PlatformPlan> = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
        if (changes.description !== undefined) changes.description = changes.description || null;
        await this.repo.updatePlan(manager, id, changes);
        await this.audit.record({ action: 'platform_plan.update', actor, context, target: { type: 'platform_plan', id }, metadata: { fields: Object.keys(changes) } }, manager);
        return { ...existing, ...changes };
      });
      return mapPlatformPlan(plan);
    } catch (err) {
      if (isUniqueViolation(err)) throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_NAME_TAKEN, 'A platform plan with this name exists');
      throw err;
    }
  }

  /** Only plans never subscribed to or invoiced; deactivate the others. */
  async deletePlan(id: string, actor: Principal, context: RequestContext): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.repo.findPlan(id, manager);
      if (!plan) throw SubscriptionException.planNotFound();
      if (await this.repo.planInUse(manager, id)) {
        throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_IN_USE, 'This plan has subscribers or invoices; deactivate it instead');
      }
      await this.repo.deletePlan(manager, id);
      await this.audit.record({ action: 'platform_plan.delete', actor, context, target: { type: 'platform_plan', id }, metadata: { name: plan.name } }, manager);
    });
  }
}
