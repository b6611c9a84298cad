import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiProduces,
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, RouterIo, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { PageQueryDto } from '../../common/pagination/page';
import { ConnectionTestDto } from './dto/connection-test.dto';
import { WhoIsOnlineDto } from './dto/online.dto';
import { CreateRouterDto, ListRoutersQueryDto, RouterConnectionDto, RouterDto, RouterPageDto, UpdateRouterDto } from './dto/router.dto';
import { AcceptCertificateDto } from './dto/router-certificate.dto';
import { RouterEventPageDto } from './dto/router-event.dto';
import { RouterHistoryDto, RouterHistoryQueryDto, RouterLiveFiguresDto } from './dto/router-history.dto';
import { ImportResultDto, ImportRoutersDto } from './dto/router-import.dto';
import { InterfaceDto, InterfaceParamDto, KickSessionDto, LogLineDto, SessionDto } from './dto/router-live.dto';
import { BulkSyncDto, ReconcileReportDto, RetryOpsDto, RetryResultDto, RouterSyncDto } from './dto/router-sync.dto';
import { SetupKitQueryDto } from './dto/setup-kit.dto';
import { SetupKitService } from './setup-kit/setup-kit.service';
import { RouterBulkSyncService } from './router-bulk-sync.service';
import { RouterCertificateService } from './router-certificate.service';
import { RouterConnectionTestService } from './router-connection-test.service';
import { RouterHistoryService } from './router-history.service';
import { RouterImportService } from './router-import.service';
import { RouterLiveService } from './router-live.service';
import { RouterMonitorService } from './router-monitor.service';
import { RouterSyncService } from './router-sync.service';
import { RoutersService } from './routers.service';

@ApiTags('routers')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: "ROUTER_NOT_FOUND (also for other providers' routers)" })
@Controller('routers')
export class RoutersController {
  constructor(
    private readonly routers: RoutersService,
    private readonly connectionTests: RouterConnectionTestService,
    private readonly imports: RouterImportService,
    private readonly live: RouterLiveService,
    private readonly bulkSyncs: RouterBulkSyncService,
    private readonly sync: RouterSyncService,
    private readonly monitor: RouterMonitorService,
    private readonly certificates: RouterCertificateService,
    private readonly setupKit: SetupKitService,
    private readonly history: RouterHistoryService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The provider's routers with their live status" })
  @ApiOkResponse({ type: RouterPageDto })
  list(@TenantId() providerId: string, @Query() query: ListRoutersQueryDto): Promise<RouterPageDto> {
    return this.routers.list(providerId, query);
  }

  @Post()
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Add a router (the password is stored encrypted and never returned)' })
  @ApiCreatedResponse({ type: RouterDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ROUTER_NAME_TAKEN' })
  create(@TenantId() providerId: string, @Body() dto: CreateRouterDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<RouterDto> {
    return this.routers.create(providerId, dto, actor, context);
  }

  @Post('test-connection')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test a connection before saving: TCP, API handshake, login, permission, identity — each with a hint when it fails' })
  @ApiOkResponse({ type: ConnectionTestDto })
  testUnsaved(@TenantId() providerId: string, @Body() dto: RouterConnectionDto): Promise<ConnectionTestDto> {
    return this.connectionTests.testUnsaved(providerId, dto);
  }

  @Post('import')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Import routers from CSV: every row is validated; nothing is imported unless all rows are good' })
  @ApiCreatedResponse({ type: ImportResultDto })
  importCsv(@TenantId() providerId: string, @Body() dto: ImportRoutersDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ImportResultDto> {
    return this.imports.importCsv(providerId, dto.csv, actor, context);
  }

  @Get('online')
  @RouterIo()
  @ApiOperation({ summary: 'Who is online: active hotspot sessions across all routers, live; a router that cannot be read carries its error instead' })
  @ApiOkResponse({ type: WhoIsOnlineDto })
  online(@TenantId() providerId: string): Promise<WhoIsOnlineDto> {
    return this.live.online(providerId);
  }

  @Get('bulk-syncs/:id')
  @ApiOperation({ summary: 'Progress of a bulk sync' })
  @ApiOkResponse({ type: BulkSyncDto })
  bulkSync(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<BulkSyncDto> {
    return this.bulkSyncs.get(providerId, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One router' })
  @ApiOkResponse({ type: RouterDto })
  get(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<RouterDto> {
    return this.routers.get(providerId, id);
  }

  @Patch(':id')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Change a router (leave the password out to keep it)' })
  @ApiOkResponse({ type: RouterDto })
  update(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateRouterDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<RouterDto> {
    return this.routers.update(providerId, id, dto, actor, context);
  }

  @Delete(':id')
  @Roles('provider_owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a router from the platform (nothing is changed on the router)' })
  @ApiNoContentResponse()
  remove(@TenantId() providerId: string, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.routers.remove(providerId, id, actor, context);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test the saved connection now (updates status, identity and version)' })
  @ApiOkResponse({ type: ConnectionTestDto })
  test(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<ConnectionTestDto> {
    return this.connectionTests.testSaved(providerId, id);
  }

  @Post(':id/certificate/accept')
  @Roles('provider_owner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept the new api-ssl certificate the router presented (after a reset or replacement): compare its fingerprint with `/certificate print detail` on the router first',
  })
  @ApiOkResponse({ type: RouterDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ROUTER_CERTIFICATE_NOT_PENDING (no new certificate), ROUTER_CERTIFICATE_MISMATCH (not the pending fingerprint)' })
  acceptCertificate(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: AcceptCertificateDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<RouterDto> {
    return this.certificates.accept(providerId, id, dto.fingerprint, actor, context);
  }

  @Get(':id/sessions')
  @RouterIo()
  @ApiOperation({ summary: 'Active hotspot sessions, live from the router' })
  @ApiOkResponse({ type: [SessionDto] })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_CERTIFICATE_CHANGED' })
  sessions(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<SessionDto[]> {
    return this.live.sessions(providerId, id);
  }

  @Post(':id/sessions/kick')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log one session out' })
  @ApiNoContentResponse()
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_CERTIFICATE_CHANGED' })
  kick(@TenantId() providerId: string, @Param() { id }: IdParamDto, @Body() dto: KickSessionDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.live.kick(providerId, id, dto.sessionId, actor, context);
  }

  @Get(':id/interfaces')
  @RouterIo()
  @ApiOperation({ summary: 'Interfaces with status and traffic counters, live from the router' })
  @ApiOkResponse({ type: [InterfaceDto] })
  interfaces(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<InterfaceDto[]> {
    return this.live.interfaces(providerId, id);
  }

  @Post(':id/interfaces/:name/disable')
  @Roles('provider_owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable one interface on the router (refused for the interface the platform reaches the router through, or when Wavu cannot tell which that is)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ROUTER_INTERFACE_PROTECTED, with the reason in plain words' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_CERTIFICATE_CHANGED' })
  disableInterface(@TenantId() providerId: string, @Param() { id, name }: InterfaceParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.live.setInterfaceDisabled(providerId, id, name, true, actor, context);
  }

  @Post(':id/interfaces/:name/enable')
  @Roles('provider_owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Enable one interface on the router' })
  @ApiNoContentResponse()
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_CERTIFICATE_CHANGED' })
  enableInterface(@TenantId() providerId: string, @Param() { id, name }: InterfaceParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.live.setInterfaceDisabled(providerId, id, name, false, actor, context);
  }

  @Get(':id/log')
  @RouterIo()
  @ApiOperation({ summary: 'The newest 100 router log lines, newest first' })
  @ApiOkResponse({ type: [LogLineDto] })
  log(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<LogLineDto[]> {
    return this.live.log(providerId, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'CPU, memory, sessions and interface traffic over a range: minutes up to 48h, hours for 7d, 30d and 90d (docs/monitoring.md)' })
  @ApiOkResponse({ type: RouterHistoryDto })
  historyChart(@TenantId() providerId: string, @Param() { id }: IdParamDto, @Query() query: RouterHistoryQueryDto): Promise<RouterHistoryDto> {
    return this.history.chart(providerId, id, query.range);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read the router now: status, CPU, memory, sessions, uptime, and traffic since the last minute reading (adds nothing to the history)' })
  @ApiOkResponse({ type: RouterLiveFiguresDto })
  refresh(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<RouterLiveFiguresDto> {
    return this.monitor.liveFigures(providerId, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Status changes, alerts, reconcile reports, failed syncs' })
  @ApiOkResponse({ type: RouterEventPageDto })
  events(@TenantId() providerId: string, @Param() { id }: IdParamDto, @Query() page: PageQueryDto): Promise<RouterEventPageDto> {
    return this.sync.events(providerId, id, page);
  }

  @Get(':id/sync')
  @ApiOperation({ summary: 'Provisioning backlog and failures of this router' })
  @ApiOkResponse({ type: RouterSyncDto })
  syncStatus(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<RouterSyncDto> {
    return this.sync.syncStatus(providerId, id);
  }

  @Post(':id/sync/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry now: failed operations get fresh attempts, waiting ones are due at once' })
  @ApiOkResponse({ type: RetryResultDto })
  async retry(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: RetryOpsDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<RetryResultDto> {
    return { retried: await this.sync.retry(providerId, id, dto.opId, actor, context) };
  }

  @Post(':id/sync/push')
  @HttpCode(202)
  @ApiOperation({ summary: 'Push every user the platform wants on this router again (bulk, pipelined); poll the progress' })
  @ApiAcceptedResponse({ type: BulkSyncDto })
  push(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<BulkSyncDto> {
    return this.sync.pushAll(providerId, id);
  }

  @Post(':id/reconcile')
  @HttpCode(200)
  @ApiOperation({ summary: "Compare the router's hotspot users with what the platform wants and fix the drift" })
  @ApiOkResponse({ type: ReconcileReportDto })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_CERTIFICATE_CHANGED' })
  reconcile(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<ReconcileReportDto> {
    return this.monitor.reconcileFor(providerId, id);
  }

  @Get(':id/setup-kit.rsc')
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'RouterOS 7 setup script for this router (contains the API user password; owner only)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  async setupKitRsc(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Query() query: SetupKitQueryDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const script = await this.setupKit.rsc(providerId, id, query, actor, context);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="wavu-setup.rsc"');
    res.setHeader('Cache-Control', 'no-store');
    return script;
  }

  @Get(':id/setup-kit.zip')
  @Roles('provider_owner')
  @UserOnly()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Setup kit as a zip: the .rsc script and the hotspot HTML files (owner only)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async setupKitZip(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Query() query: SetupKitQueryDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<StreamableFile> {
    const zip = await this.setupKit.zip(providerId, id, query, actor, context);
    return new StreamableFile(zip, { type: 'application/zip', disposition: 'attachment; filename="wavu-setup-kit.zip"', length: zip.length });
  }
}
