import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { OptionalDate, OptionalUuid } from '../../../common/validation/decorators';
import { actionLabel, detailLines, humanise, TARGET_NOUNS } from '../audit-words';
import { AuditLog } from '../entities/audit-log.entity';

export class ListAuditLogsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Actor's e-mail (exact, case-insensitive)", maxLength: 254 })
  @IsEmail({}, { message: 'actor must be an e-mail address' })
  @MaxLength(254)
  @IsOptional()
  actor?: string;

  @ApiPropertyOptional({ description: 'Action, exact (auth.login) or a prefix ending with a dot (auth.)', example: 'auth.', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9_.]+$/, { message: 'action may contain lower-case letters, digits, _ and .' })
  @IsOptional()
  action?: string;

  @OptionalUuid('Super admin only: one provider (providers always see only their own entries)')
  providerId?: string;

  @OptionalDate('From (inclusive)')
  from?: string;

  @OptionalDate('To (exclusive)')
  to?: string;
}

export class AuditDetailDto {
  @ApiProperty({ example: 'Changed' }) label: string;
  @ApiProperty({ example: 'price, validity seconds' }) value: string;
}

export class AuditLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'auth.login' }) action: string;
  @ApiProperty({ example: 'Pushed a voucher batch to routers', description: 'The action in words (unknown actions: the key made readable)' }) actionLabel: string;
  @ApiProperty({ example: 'Jane Wanjiru (owner@example.test)', description: 'Who: the user by name and e-mail, the API key by name, or "System"' }) actorLabel: string;
  @ApiProperty({ type: String, nullable: true, example: 'Jane Wanjiru', description: "The user's or API key's name" }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The provider's business name" }) providerName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Router “Kiosk”',
    description: 'What it was done to, by name (router name, plan name, voucher code, staff e-mail…); null when there is no target',
  })
  targetLabel: string | null;
  @ApiProperty({ type: [AuditDetailDto], description: 'The metadata as readable "label: value" lines (ids left out)' }) details: AuditDetailDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) providerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorApiKeyId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorEmail: string | null;
  @ApiProperty({ type: String, nullable: true }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogDto] }) items: AuditLogDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Names looked up for one page (AuditRepository.names), keyed "kind:id". */
export type AuditNames = Map<string, { name: string | null; detail: string | null }>;

function actorOf(entry: AuditLog, names: AuditNames): { label: string; name: string | null } {
  if (entry.actorApiKeyId) {
    const key = names.get(`api_key:${entry.actorApiKeyId}`);
    return { label: key?.name ? `API key “${key.name}”` : 'An API key (since revoked or deleted)', name: key?.name ?? null };
  }
  const user = entry.actorUserId ? names.get(`user:${entry.actorUserId}`) : undefined;
  const email = entry.actorEmail ?? user?.detail ?? null;
  if (user?.name) return { label: email ? `${user.name} (${email})` : user.name, name: user.name };
  if (email) return { label: email, name: null };
  return { label: 'System', name: null };
}

function targetOf(entry: AuditLog, names: AuditNames): string | null {
  if (!entry.targetType) return null;
  const noun = TARGET_NOUNS[entry.targetType] ?? humanise(entry.targetType);
  const meta = entry.metadata ?? {};
  const found = entry.targetId ? names.get(`${entry.targetType}:${entry.targetId}`) : undefined;
  if (entry.targetType === 'user') {
    const email = found?.detail ?? (typeof meta.email === 'string' ? meta.email : null);
    if (found?.name && email) return `${found.name} (${email})`;
    if (email) return email;
  }
  if (entry.targetType === 'payment_settings') return found?.name ? `M-Pesa settings of ${found.name}` : 'M-Pesa settings';
  if (entry.targetType === 'provider_subscription') return found?.name ? `Subscription of ${found.name}` : 'Subscription';
  if (entry.targetType === 'job') return `Job “${entry.targetId ?? ''}”`;
  if (entry.targetType === 'customer') return typeof meta.phone === 'string' ? `Buyer ${meta.phone}` : 'A buyer';
  if (found?.name) return `${noun} “${found.name}”`;
  // deleted since: the name the entry itself kept, else say so
  for (const key of ['name', 'code', 'label', 'plan']) {
    if (typeof meta[key] === 'string' && meta[key]) return `${noun} “${meta[key]}”`;
  }
  return `${noun} (deleted)`;
}

export function mapAuditLog(entry: AuditLog, names: AuditNames = new Map()): AuditLogDto {
  const actor = actorOf(entry, names);
  return {
    id: entry.id,
    action: entry.action,
    actionLabel: actionLabel(entry.action),
    actorLabel: actor.label,
    actorName: actor.name,
    providerName: entry.providerId ? (names.get(`provider:${entry.providerId}`)?.name ?? null) : null,
    targetLabel: targetOf(entry, names),
    details: detailLines(entry.metadata),
    providerId: entry.providerId,
    actorUserId: entry.actorUserId,
    actorApiKeyId: entry.actorApiKeyId,
    actorEmail: entry.actorEmail,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    userAgent: entry.userAgent,
    metadata: entry.metadata,
    createdAt: entry.createdAt.toISOString(),
  };
}
