import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { AppException, CommonException } from '../../common/errors/app-exception';
import { Page, mapPage } from '../../common/pagination/page';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { UsersService } from '../auth';
import { MessageQueue } from '../notifications';
import { SubscriptionsService } from '../subscriptions';
import { ListProvidersQueryDto, mapProvider, ProviderDto, SignupDto, SignupResultDto, UpdateProviderDto } from './dto/provider.dto';
import { Provider, ProviderType } from './entities/provider.entity';
import { nextProviderStatus, ProviderAction } from './provider-status';
import { BrandingDto, decodeLogo, LOGO_MAX_BYTES, mapBranding, UpdateBrandingDto } from './dto/branding.dto';
import { ProviderException } from './providers.exception';
import { ProvidersRepository, ProviderSummary } from './providers.repository';

@Injectable()
export class ProvidersService {
  constructor(
    private readonly providers: ProvidersRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly subscriptions: SubscriptionsService,
    private readonly messages: MessageQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new tenant and its owner, in one transaction; `pending` unless auto-approval is on. The
   * answer never says whether the e-mail already had an account: a taken e-mail runs the same
   * work (the password is hashed, the rows are written and rolled back), changes nothing but an
   * audit entry, and gets the same words.
   */
  async signup(dto: SignupDto, context: RequestContext): Promise<SignupResultDto> {
    const autoApprove = this.config.providers.autoApprove;
    const message = autoApprove
      ? 'If this e-mail is new to Wavu, your account is active: log in with it now. If you already have an account, log in with your existing password; nothing was changed.'
      : 'If this e-mail is new to Wavu, your application is awaiting review by the Wavu team: log in with it to see its status. If you already have an account, log in with your existing password; nothing was changed.';
    try {
      await this.register(dto, context);
    } catch (err) {
      if (!(err instanceof AppException && err.code === 'EMAIL_TAKEN')) throw err;
      await this.audit.record({ action: 'provider.signup_email_taken', actorEmail: dto.contactEmail, context });
    }
    return { message };
  }

  /** Creates the tenant and its owner (EMAIL_TAKEN when the e-mail has an account): sign-up, the demo seed, benchmarks. */
  async register(dto: SignupDto, context: RequestContext): Promise<ProviderDto> {
    const autoApprove = this.config.providers.autoApprove;
    const provider = await inTransaction(this.dataSource, async (manager) => {
      const created = await this.providers.create(manager, {
        businessName: dto.businessName,
        contactName: dto.contactName,
        contactEmail: dto.contactEmail,
        phone: dto.phone,
        type: dto.type,
        status: autoApprove ? 'active' : 'pending',
        approvedAt: autoApprove ? new Date() : null,
      });
      const owner = await this.users.create({ email: dto.contactEmail, name: dto.contactName, password: dto.password, role: 'provider_owner', providerId: created.id }, manager, 'contactEmail');
      await this.audit.record({ action: 'provider.signup', providerId: created.id, actorUserId: owner.id, actorEmail: owner.email, target: { type: 'provider', id: created.id }, context }, manager);
      if (autoApprove) await this.subscriptions.startTrial(manager, created.id);
      return created;
    });
    return mapProvider(provider);
  }

  /** For auth: the provider a user or API key belongs to. */
  async getSummary(providerId: string): Promise<ProviderSummary | null> {
    return (await this.providers.findSummaries([providerId]))[0] ?? null;
  }

  /** Several providers' summaries in one query, by id (unknown ids are absent). */
  async getSummaries(providerIds: string[]): Promise<Map<string, ProviderSummary>> {
    return new Map((await this.providers.findSummaries([...new Set(providerIds)])).map((p) => [p.id, p]));
  }

  /** Every provider's id, name and status, by name (the performance report). */
  listAllSummaries(): Promise<ProviderSummary[]> {
    return this.providers.findAllSummaries();
  }

  /** For payments: the provider type (commission defaults), or null when unknown. */
  /** The type the super admin confirmed at approval, or null while it is only self-declared (commission follows this). */
  async getConfirmedType(providerId: string): Promise<ProviderType | null> {
    const provider = await this.providers.findById(providerId);
    return provider?.typeConfirmedAt ? provider.type : null;
  }

  async updateProfile(providerId: string, dto: UpdateProviderDto, actor: Principal, context: RequestContext): Promise<ProviderDto> {
    const changes: Partial<Provider> = { ...dto };
    if (dto.location !== undefined) changes.location = dto.location === '' ? null : dto.location;
    const updated = await inTransaction(this.dataSource, async (manager) => {
      const provider = await this.providers.findByIdForUpdate(manager, providerId);
      if (!provider) throw ProviderException.notFound();
      await this.providers.update(manager, providerId, changes);
      await this.audit.record({ action: 'provider.profile_updated', actor, providerId, target: { type: 'provider', id: providerId }, context, metadata: { fields: Object.keys(dto) } }, manager);
      return { ...provider, ...changes };
    });
    return mapProvider(updated);
  }

  /** The name customers see (SMS to buyers); pass the caller's manager inside a transaction. */
  displayName(providerId: string, manager?: EntityManager): Promise<string | null> {
    return this.providers.findDisplayName(providerId, manager);
  }

  /** Branding for the dashboard, the captive portal and printed vouchers (null when the provider is unknown). */
  async getBranding(providerId: string): Promise<(BrandingDto & { status: Provider['status'] }) | null> {
    const provider = await this.providers.findById(providerId);
    return provider ? { ...mapBranding(provider), status: provider.status } : null;
  }

  async updateBranding(providerId: string, dto: UpdateBrandingDto, actor: Principal, context: RequestContext): Promise<BrandingDto> {
    const changes: Partial<Provider> = {};
    if (dto.brandName !== undefined) changes.brandName = dto.brandName === '' ? null : dto.brandName;
    if (dto.accentColor !== undefined) changes.accentColor = dto.accentColor;
    if (dto.logoDataUrl !== undefined) {
      if (dto.logoDataUrl !== null && !decodeLogo(dto.logoDataUrl)) {
        throw CommonException.validation([
          { field: 'logoDataUrl', messages: [`logoDataUrl must be a PNG, JPEG, WebP or GIF image of at most ${LOGO_MAX_BYTES / 1024} KB whose bytes match its type`] },
        ]);
      }
      changes.logoDataUrl = dto.logoDataUrl;
    }
    const updated = await inTransaction(this.dataSource, async (manager) => {
      const provider = await this.providers.findByIdForUpdate(manager, providerId);
      if (!provider) throw ProviderException.notFound();
      if (Object.keys(changes).length) await this.providers.update(manager, providerId, changes);
      await this.audit.record({ action: 'provider.branding_updated', actor, providerId, target: { type: 'provider', id: providerId }, context, metadata: { fields: Object.keys(changes) } }, manager);
      return { ...provider, ...changes };
    });
    return mapBranding(updated);
  }

  /** Number of providers in each status (every status present, 0 when none). */
  async countByStatus(): Promise<Record<Provider['status'], number>> {
    const out: Record<Provider['status'], number> = { pending: 0, active: 0, suspended: 0, rejected: 0 };
    for (const row of await this.providers.countByStatus()) out[row.status] = row.count;
    return out;
  }

  list(query: ListProvidersQueryDto): Promise<Page<ProviderDto>> {
    const { status, search, ...page } = query;
    return this.providers.list({ status, search }, page).then((result) => mapPage(result, mapProvider));
  }

  async get(id: string): Promise<ProviderDto> {
    return mapProvider(await this.getOrThrow(id));
  }

  /**
   * Moves a provider along its life cycle (super admin; audited with the reason). Approval also
   * confirms its type (`confirmType`, else the type it declared at sign-up): only from then on
   * does commission follow the type. Approval and rejection e-mail the owner.
   */
  async transition(id: string, action: ProviderAction, actor: Principal, context: RequestContext, reason?: string, confirmType?: ProviderType): Promise<ProviderDto> {
    const updated = await inTransaction(this.dataSource, async (manager) => {
      const provider = await this.providers.findByIdForUpdate(manager, id);
      if (!provider) throw ProviderException.notFound();
      const status = nextProviderStatus(provider.status, action);
      const changes: Partial<Provider> = { status, statusReason: reason ?? null };
      const metadata: Record<string, unknown> = { from: provider.status, to: status, reason: reason ?? null };
      if (action === 'approve') {
        changes.approvedAt = new Date();
        changes.type = confirmType ?? provider.type;
        changes.typeConfirmedAt = changes.approvedAt;
        Object.assign(metadata, { declaredType: provider.type, confirmedType: changes.type });
      }
      await this.providers.update(manager, id, changes);
      if (action === 'approve') await this.subscriptions.startTrial(manager, id);
      if (action === 'approve' || action === 'reject') await this.emailDecision(manager, provider, action, reason);
      await this.audit.record({ action: `provider.${action}`, actor, providerId: id, target: { type: 'provider', id }, context, metadata }, manager);
      return { ...provider, ...changes };
    });
    return mapProvider(updated);
  }

  /**
   * The owner hears about the decision on their application by e-mail, queued in the decision's
   * transaction (docs/email.md). A provider is approved or rejected at most once (only from
   * pending), so the provider id is the event: `provider_approved:<id>` / `provider_rejected:<id>`.
   */
  private async emailDecision(manager: EntityManager, provider: Provider, action: 'approve' | 'reject', reason: string | undefined): Promise<void> {
    const owner = await this.users.findOwner(provider.id, manager);
    if (!owner?.isActive) return;
    const common = { to: owner.email, providerId: provider.id, channel: 'email' as const };
    const link = `${this.config.http.publicUrl.replace(/\/+$/, '')}/login`;
    if (action === 'approve') {
      await this.messages.enqueue(manager, {
        ...common,
        template: 'provider_approved',
        params: { name: owner.name, businessName: provider.businessName, link, trialDays: this.config.subscriptions.trialDays },
        idempotencyKey: `provider_approved:${provider.id}`,
      });
    } else {
      await this.messages.enqueue(manager, {
        ...common,
        template: 'provider_rejected',
        params: { name: owner.name, businessName: provider.businessName, reason: reason ?? '', link },
        idempotencyKey: `provider_rejected:${provider.id}`,
      });
    }
  }

  private async getOrThrow(id: string): Promise<Provider> {
    const provider = await this.providers.findById(id);
    if (!provider) throw ProviderException.notFound();
    return provider;
  }
}
