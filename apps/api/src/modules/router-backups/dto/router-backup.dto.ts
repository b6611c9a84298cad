import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { BACKUP_KINDS, BACKUP_TRIGGERS } from '../entities/router-backup.entity';
import { RESTORE_STATUSES } from '../entities/router-restore.entity';

const TAKE_KINDS = ['export', 'binary', 'both'] as const;
export type TakeKind = (typeof TAKE_KINDS)[number];

/** `:id` (router) and `:backupId`. */
export class BackupParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  backupId: string;
}

/** `:id` (router) and `:restoreId`. */
export class RestoreParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  restoreId: string;
}

/** `:token` of a single-use router file link: base64url, 43 characters (32 random bytes). */
export class RouterFileParamsDto {
  @ApiProperty({ description: 'the single-use token from the link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be a router file token' })
  token: string;
}

export class TakeBackupDto {
  @ApiProperty({ enum: TAKE_KINDS, enumName: 'TakeBackupKind', description: 'export: text (diffable, restorable onto any router of yours); binary: for this router only; both' })
  @IsIn(TAKE_KINDS)
  kind: TakeKind;
}

export class BackupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty({ enum: BACKUP_KINDS, enumName: 'BackupKind' }) kind: string;
  @ApiProperty({ enum: BACKUP_TRIGGERS, enumName: 'BackupTrigger', description: 'manual, schedule (nightly), before_restore (taken just before a restore)' }) trigger: string;
  @ApiProperty({ description: 'size of the file in bytes' }) sizeBytes: number;
  @ApiProperty({ type: String, nullable: true, example: '7.14.2 (stable)' }) routerosVersion: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'e-mail of who took it; null for the schedule' }) takenBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) takenAt: Date;
}

export class BackupScheduleDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ minimum: 0, maximum: 23, description: 'hour of the day, Africa/Nairobi' }) hour: number;
  @ApiProperty({ minimum: 1, maximum: 50, description: 'versions kept of each kind' }) keep: number;
  @ApiProperty({ example: 'Africa/Nairobi' }) timeZone: string;
}

export class UpdateBackupScheduleDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 23 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  hour?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  keep?: number;
}

export class BackupListDto {
  @ApiProperty({ type: [BackupDto] }) items: BackupDto[];
  @ApiProperty({ type: BackupScheduleDto }) schedule: BackupScheduleDto;
}

export class BackupDiffQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'another export of the same router; default: the export taken just before' })
  @IsOptional()
  @IsUUID('all')
  against?: string;
}

export class BackupDiffDto {
  @ApiProperty({ format: 'uuid' }) backupId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the export compared with (null: none before it)' }) againstId: string | null;
  @ApiProperty({ description: 'lines added or removed' }) changedLines: number;
  @ApiProperty({ description: 'unified diff, header comments ignored, sensitive values masked' }) diff: string;
}

export class RestoreBackupDto {
  @ApiProperty({ format: 'uuid', description: 'the backup to restore: an export of any of your routers, or a binary backup of this router' })
  @IsUUID('all')
  backupId: string;

  @ApiProperty({ description: "this router's name, repeated exactly: confirms which router is overwritten" })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(80)
  confirmName: string;
}

export class RestoreDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the router restored onto' }) routerId: string;
  @ApiProperty({ format: 'uuid' }) sourceRouterId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null once the backup was pruned' }) backupId: string | null;
  @ApiProperty({ enum: BACKUP_KINDS, enumName: 'BackupKind' }) kind: string;
  @ApiProperty({ enum: RESTORE_STATUSES, enumName: 'RestoreStatus', description: 'running; rebooting (binary: waiting for the router to come back); succeeded; failed' }) status: string;
  @ApiProperty({ type: String, nullable: true, description: "why it failed (an import's error as the router said it)" }) error: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'export: the line the import stopped at; the lines before it stay applied' }) line: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the export taken just before the restore (null: the router did not answer)' }) beforeBackupId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}
