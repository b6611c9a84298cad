import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
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

  @ApiPropertyOptional({ format: 'uuid', description: 'Super admin only: one provider (providers always see only their own entries)' })
  @IsUUID('all')
  @IsOptional()
  providerId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From (inclusive)' })
  @IsISO8601({ strict: true })
  @MaxLength(40)
  @IsOptional()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'To (exclusive)' })
  @IsISO8601({ strict: true })
  @MaxLength(40)
  @IsOptional()
  to?: string;
}

export class AuditLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'auth.login' }) action: string;
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

export function mapAuditLog(entry: AuditLog): AuditLogDto {
  return {
    id: entry.id,
    action: entry.action,
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
