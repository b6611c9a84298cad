import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { mapPage, Page } from '../../common/pagination/page';
import { AuditRepository } from './audit.repository';
import { AuditLogDto, ListAuditLogsQueryDto, mapAuditLog } from './dto/audit-log.dto';

export interface AuditEntry {
  action: string;
  actor?: Principal | null;
  /** E-mail of the actor when there is no principal (sign-up, failed login). */
  actorEmail?: string | null;
  actorUserId?: string | null;
  providerId?: string | null;
  target?: { type: string; id: string };
  context?: RequestContext;
  metadata?: Record<string, unknown>;
}

/** Records security-relevant actions. Other modules call this; only admin/ touches the table. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.audit.insert(
      {
        action: entry.action,
        providerId: entry.providerId ?? entry.actor?.providerId ?? null,
        actorUserId: entry.actorUserId ?? entry.actor?.userId ?? null,
        actorApiKeyId: entry.actor?.apiKeyId ?? null,
        actorEmail: entry.actorEmail ?? entry.actor?.email ?? null,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        ip: entry.context?.ip ?? null,
        userAgent: entry.context?.userAgent ?? null,
        metadata: entry.metadata ?? {},
      },
      manager,
    );
  }

  /**
   * The audit-log viewer. The super admin sees everything (optionally one provider); anyone
   * else only their own provider's entries, whatever `providerId` they pass.
   */
  async list(principal: Principal, query: ListAuditLogsQueryDto): Promise<Page<AuditLogDto>> {
    const providerId = principal.role === 'super_admin' ? (query.providerId ?? null) : principal.providerId;
    if (principal.role !== 'super_admin' && !providerId) return { items: [], nextCursor: null };
    const page = await this.audit.list(
      {
        providerId,
        actorEmail: query.actor,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      query,
    );
    const refs = page.items.flatMap((e) => [
      ...(e.actorUserId ? [{ kind: 'user', id: e.actorUserId }] : []),
      ...(e.actorApiKeyId ? [{ kind: 'api_key', id: e.actorApiKeyId }] : []),
      ...(e.providerId ? [{ kind: 'provider', id: e.providerId }] : []),
      ...(e.targetType && e.targetId ? [{ kind: e.targetType, id: e.targetId }] : []),
    ]);
    const names = await this.audit.names(refs);
    return mapPage(page, (e) => mapAuditLog(e, names));
  }

  /**
   * How often this user did `action` in the last `windowSeconds` (e.g. phone reveals), counted
   * in the caller's transaction so a check-then-record under a lock is exact.
   */
  async countRecent(action: string, actorEmail: string, windowSeconds: number, manager?: EntityManager): Promise<{ count: number; oldest: Date | null }> {
    const since = new Date(Date.now() - windowSeconds * 1000);
    const { count } = await this.audit.countSince(action, { actorEmail: actorEmail.toLowerCase() }, since, manager);
    const oldest = count > 0 ? await this.audit.oldestSince(action, actorEmail.toLowerCase(), since, manager) : null;
    return { count, oldest };
  }

  /** System health: accounts whose failed logins from many addresses raised the alert since `since` (newest first). */
  async accountsUnderAttack(since: Date, limit = 20): Promise<Array<{ userId: string | null; email: string | null; failures: number; at: Date }>> {
    const entries = await this.audit.recentOf('auth.account_under_attack', since, limit);
    return entries.map((e) => ({ userId: e.actorUserId, email: e.actorEmail, failures: Number(e.metadata.failures ?? 0), at: e.createdAt }));
  }

  /** Retention: drops entries older than AUDIT_RETENTION_DAYS. */
  async purgeExpired(now = new Date()): Promise<{ deleted: number }> {
    const before = new Date(now.getTime() - this.config.jobs.auditRetentionDays * 86400_000);
    return { deleted: await this.audit.deleteOlderThan(before) };
  }
}
