import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { DashboardsService } from './dashboards.service';
import { GettingStartedDto } from './dto/getting-started.dto';
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
