import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { DashboardsService } from './dashboards.service';
import { ProviderPerformanceService } from './provider-performance.service';
import { GettingStartedDto } from './dto/getting-started.dto';
import { ProviderPerformancePageDto, ProviderPerformanceQueryDto } from './dto/performance.dto';
import { AdminOverviewDto, JobNameParamDto, JobRunResultDto, ProviderOverviewDto, RetryResultDto, RouterIdParamDto, SystemHealthDto } from './dto/overview.dto';

@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('overview')
export class OverviewController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get()
  @Roles('provider_owner', 'provider_staff')
  @ApiOperation({ summary: 'Provider overview: revenue today/7d/30d from the ledger, daily chart, sales, top plans, vouchers by status, routers, subscription (owner)' })
  @ApiOkResponse({ type: ProviderOverviewDto })
  get(@CurrentPrincipal() principal: Principal, @TenantId() providerId: string): Promise<ProviderOverviewDto> {
    return this.dashboards.providerOverview(principal, providerId);
  }

  @Get('getting-started')
  @Roles('provider_owner')
  @ApiOperation({ summary: "The owner's first-day checklist: router added, router answered, plan on a router, M-Pesa set up, first sale; each computed from the data (owner only)" })
  @ApiOkResponse({ type: GettingStartedDto })
  gettingStarted(@CurrentPrincipal() principal: Principal, @TenantId() providerId: string): Promise<GettingStartedDto> {
    return this.dashboards.gettingStarted(principal, providerId);
  }
}

@ApiTags('admin: dashboards')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin')
export class AdminDashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Platform overview: providers by status, platform revenue (subscriptions + commissions), GMV, success rates, routers' })
  @ApiOkResponse({ type: AdminOverviewDto })
  overview(): Promise<AdminOverviewDto> {
    return this.dashboards.adminOverview();
  }

  @Get('system-health')
  @ApiOperation({ summary: 'Jobs (last run, failures), outbox backlog and dead letters per router, failing routers, recent webhook failures (masked)' })
  @ApiOkResponse({ type: SystemHealthDto })
  health(): Promise<SystemHealthDto> {
    return this.dashboards.systemHealth();
  }

  @Post('system-health/jobs/:name/run')
  @HttpCode(200)
  @UserOnly()
  @ApiOperation({ summary: 'Run a job now (never overlapping a run in progress: then "skipped")' })
  @ApiOkResponse({ type: JobRunResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'JOB_NOT_FOUND' })
  runJob(@Param() { name }: JobNameParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<JobRunResultDto> {
    return this.dashboards.runJob(name, actor, context);
  }

  @Post('system-health/routers/:routerId/retry')
  @HttpCode(200)
  @UserOnly()
  @ApiOperation({ summary: "Retry a router's outbox now: waiting operations become due, dead-lettered ones get fresh attempts" })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ROUTER_NOT_FOUND' })
  retry(@Param() { routerId }: RouterIdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<RetryResultDto> {
    return this.dashboards.retryRouterOutbox(routerId, actor, context);
  }
}

/**
 * The per-provider performance report. Its path sits under admin/providers, next to
 * `admin/providers/:id`: DashboardsModule is imported before ProvidersModule in AppModule so this
 * route is registered first (else "performance" would be taken for a provider id).
 */
@ApiTags('admin: dashboards')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/providers')
export class AdminPerformanceController {
  constructor(private readonly performance: ProviderPerformanceService) {}

  @Get('performance')
  @ApiOperation({
    summary:
      'Per-provider performance over a range (default the last 30 Nairobi days, at most 366): ledger sales and refunds per currency, commission, STK success rate, routers online, vouchers sold; platform totals',
  })
  @ApiOkResponse({ type: ProviderPerformancePageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (range, sort, order, limit), INVALID_CURSOR' })
  report(@Query() query: ProviderPerformanceQueryDto): Promise<ProviderPerformancePageDto> {
    return this.performance.report(query);
  }
}
