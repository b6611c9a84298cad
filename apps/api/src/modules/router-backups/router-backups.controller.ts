import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, RouterIo, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import {
  BackupDiffDto,
  BackupDiffQueryDto,
  BackupDto,
  BackupListDto,
  BackupParamsDto,
  BackupScheduleDto,
  RestoreBackupDto,
  RestoreDto,
  RestoreParamsDto,
  TakeBackupDto,
  UpdateBackupScheduleDto,
} from './dto/router-backup.dto';
import { RouterBackupsService } from './router-backups.service';
import { RouterRestoresService } from './router-restores.service';

const FAILURE_CODES = 'BACKUP_ROUTER_UNREACHABLE / BACKUP_FAILED (502), BACKUP_ROUTER_TIMEOUT (504), BACKUP_SETUP_KIT_OUTDATED / BACKUP_ROUTEROS_TOO_OLD (409): nothing was stored';

@ApiTags('router backups')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: "ROUTER_NOT_FOUND / BACKUP_NOT_FOUND / RESTORE_NOT_FOUND (also for other providers' routers and backups)" })
@Controller('routers/:id')
export class RouterBackupsController {
  constructor(
    private readonly backups: RouterBackupsService,
    private readonly restores: RouterRestoresService,
  ) {}

  @Get('backups')
  @ApiOperation({ summary: "The router's backups, newest first (kind, size, RouterOS version, trigger, who, when), and its schedule" })
  @ApiOkResponse({ type: BackupListDto })
  list(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<BackupListDto> {
    return this.backups.list(providerId, id);
  }

  @Post('backups')
  @RouterIo()
  @ApiOperation({ summary: 'Take a backup now: a text export (with secrets), a binary backup, or both; stored encrypted' })
  @ApiCreatedResponse({ type: [BackupDto] })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: FAILURE_CODES })
  @ApiGatewayTimeoutResponse({ type: ErrorResponseDto, description: 'BACKUP_ROUTER_TIMEOUT: the router did not answer; nothing was stored' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'BACKUP_SETUP_KIT_OUTDATED (re-run the setup kit), BACKUP_ROUTEROS_TOO_OLD (7.13 or newer needed)' })
  take(@TenantId() providerId: string, @Param() { id }: IdParamDto, @Body() dto: TakeBackupDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<BackupDto[]> {
    return this.backups.takeNow(providerId, id, dto.kind, actor, context);
  }

  @Get('backups/schedule')
  @ApiOperation({ summary: 'The nightly backup schedule of the router (Africa/Nairobi time)' })
  @ApiOkResponse({ type: BackupScheduleDto })
  schedule(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<BackupScheduleDto> {
    return this.backups.schedule(providerId, id);
  }

  @Put('backups/schedule')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Change the schedule: on/off, hour (Nairobi), versions kept of each kind' })
  @ApiOkResponse({ type: BackupScheduleDto })
  updateSchedule(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateBackupScheduleDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<BackupScheduleDto> {
    return this.backups.updateSchedule(providerId, id, dto, actor, context);
  }

  @Get('backups/:backupId/download')
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Download a backup (owner only, audited): an export as .rsc text, a binary backup as the router wrote it' })
  @ApiProduces('application/octet-stream', 'text/plain')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(@TenantId() providerId: string, @Param() { id, backupId }: BackupParamsDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StreamableFile> {
    const file = await this.backups.download(providerId, id, backupId, actor, context);
    return new StreamableFile(file.data, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.data.length });
  }

  @Get('backups/:backupId/diff')
  @ApiOperation({ summary: 'What changed: a unified diff of this export against the previous one (or `against`), header ignored, secrets masked' })
  @ApiOkResponse({ type: BackupDiffDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'BACKUP_DIFF_UNAVAILABLE: a binary backup' })
  diff(@TenantId() providerId: string, @Param() { id, backupId }: BackupParamsDto, @Query() query: BackupDiffQueryDto): Promise<BackupDiffDto> {
    return this.backups.diff(providerId, id, backupId, query.against);
  }

  @Post('restores')
  @Roles('provider_owner')
  @RouterIo()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Restore a backup onto this router (owner only, audited; `confirmName` repeats the router name). An export answers 200 with the outcome (the import error and line if it stopped); a binary backup answers 202 "rebooting": follow GET restores/{restoreId}',
  })
  @ApiOkResponse({ type: RestoreDto })
  @ApiAcceptedResponse({ type: RestoreDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'RESTORE_CONFIRMATION_MISMATCH, RESTORE_TARGET_NOT_ALLOWED (a binary backup onto another router)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RESTORE_IN_PROGRESS, BACKUP_SETUP_KIT_OUTDATED, BACKUP_ROUTEROS_TOO_OLD' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'RESTORE_FAILED (the router could not fetch or load the file), BACKUP_ROUTER_UNREACHABLE' })
  async restore(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: RestoreBackupDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RestoreDto> {
    const restore = await this.restores.restore(providerId, id, dto, actor, context);
    if (restore.status === 'rebooting') res.status(202);
    return restore;
  }

  @Get('restores')
  @ApiOperation({ summary: 'The latest restores onto this router' })
  @ApiOkResponse({ type: [RestoreDto] })
  listRestores(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<RestoreDto[]> {
    return this.restores.list(providerId, id);
  }

  @Get('restores/:restoreId')
  @ApiOperation({ summary: 'One restore: a binary restore stays "rebooting" until the router answers with a reset uptime, or fails at its deadline' })
  @ApiOkResponse({ type: RestoreDto })
  getRestore(@TenantId() providerId: string, @Param() { id, restoreId }: RestoreParamsDto): Promise<RestoreDto> {
    return this.restores.get(providerId, id, restoreId);
  }
}
