import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CreatePlatformPlanDto, PlatformPlanDto, PlatformSettingsDto, UpdatePlatformPlanDto, UpdatePlatformSettingsDto } from './dto/platform-plan.dto';
import { ExtendSubscriptionDto, ListSubscriptionsQueryDto, SubscriptionDto, SubscriptionPageDto, WaiveSubscriptionDto } from './dto/subscription.dto';
import { SubscriptionRevenueDto } from './dto/subscription-revenue.dto';
import { PlatformPlansService } from './platform-plans.service';
import { SubscriptionAdminService } from './subscription-admin.service';

/** The super admin's platform plans and provider subscriptions. */
@ApiTags('admin: subscriptions')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin')
export class AdminSubscriptionsController {
  constructor(
    private readonly plans: PlatformPlansService,
    private readonly subscriptions: SubscriptionAdminService,
  ) {}

  @Get('platform-plans')
  @ApiOperation({ summary: 'All platform plans, active or not' })
  @ApiOkResponse({ type: [PlatformPlanDto] })
  listPlans(): Promise<PlatformPlanDto[]> {
    return this.plans.listPlans(false);
  }

  @Post('platform-plans')
  @HttpCode(201)
  @ApiCreatedResponse({ type: PlatformPlanDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NAME_TAKEN' })
  createPlan(@Body() dto: CreatePlatformPlanDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlatformPlanDto> {
    return this.plans.createPlan(dto, actor, context);
  }

  @Patch('platform-plans/:id')
  @ApiOkResponse({ type: PlatformPlanDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NAME_TAKEN' })
  updatePlan(@Body() dto: UpdatePlatformPlanDto, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlatformPlanDto> {
    return this.plans.updatePlan(id, dto, actor, context);
  }

  @Delete('platform-plans/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_IN_USE (deactivate it instead)' })
  deletePlan(@Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.plans.deletePlan(id, actor, context);
  }

  @Get('platform-settings')
  @ApiOperation({ summary: 'Platform settings: the default limits of an account with no paid plan (the free trial)' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  getSettings(): Promise<PlatformSettingsDto> {
    return this.plans.getSettings();
  }

  @Put('platform-settings')
  @ApiOperation({ summary: 'Change the default limits (null = unlimited); audited' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  updateSettings(@Body() dto: UpdatePlatformSettingsDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlatformSettingsDto> {
    return this.plans.updateSettings(dto, actor, context);
  }

  @Get('subscriptions')
  @ApiOperation({ summary: 'Provider subscriptions, newest first' })
  @ApiOkResponse({ type: SubscriptionPageDto })
  list(@Query() query: ListSubscriptionsQueryDto): Promise<SubscriptionPageDto> {
    return this.subscriptions.listForAdmin(query);
  }

  @Get('subscriptions/revenue')
  @ApiOperation({ summary: 'Subscription revenue from paid invoices: totals and per month' })
  @ApiOkResponse({ type: SubscriptionRevenueDto })
  revenue(): Promise<SubscriptionRevenueDto> {
    return this.subscriptions.revenue();
  }

  @Get('subscriptions/:id')
  @ApiOperation({ summary: "A provider's subscription (id = provider id)" })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_NOT_FOUND' })
  get(@Param() { id }: IdParamDto): Promise<SubscriptionDto> {
    return this.subscriptions.getForAdmin(id);
  }

  @Post('subscriptions/:id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend a provider’s subscription by some days (id = provider id); audited' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_NOT_FOUND' })
  extend(@Body() dto: ExtendSubscriptionDto, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<SubscriptionDto> {
    return this.subscriptions.extend(id, dto.days, dto.reason, actor, context);
  }

  @Post('subscriptions/:id/waive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark periods of a plan as paid without payment (id = provider id); audited, not revenue' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_NOT_FOUND, PLATFORM_PLAN_NOT_FOUND' })
  waive(@Body() dto: WaiveSubscriptionDto, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<SubscriptionDto> {
    return this.subscriptions.waive(id, dto, actor, context);
  }
}
