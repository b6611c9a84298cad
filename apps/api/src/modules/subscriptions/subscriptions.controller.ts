import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Redirect } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PesapalIpnAcknowledgement } from '@wavu/pesapal';
import { ClientContext, CurrentPrincipal, Public, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { PageQueryDto } from '../../common/pagination/page';
import { CheckoutDto, CheckoutResultDto, InvoiceDto, InvoicePageDto } from './dto/invoice.dto';
import { NotificationPageDto } from './dto/notification.dto';
import { PesapalCallbackQueryDto, PesapalIpnAcknowledgementDto, PesapalIpnBodyDto, PesapalIpnQueryDto } from './dto/pesapal-notification.dto';
import { CreatePlatformPlanDto, PlatformPlanDto, TrialTermsDto, UpdatePlatformPlanDto } from './dto/platform-plan.dto';
import { ExtendSubscriptionDto, ListSubscriptionsQueryDto, SubscriptionDto, SubscriptionPageDto, WaiveSubscriptionDto } from './dto/subscription.dto';
import { SubscriptionRevenueDto } from './dto/subscription-revenue.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscriptions')
@Controller()
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Public()
  @Get('platform-plans')
  @ApiOperation({ summary: 'Active platform plans (public: landing page, subscription page)' })
  @ApiOkResponse({ type: [PlatformPlanDto] })
  listPublicPlans(): Promise<PlatformPlanDto[]> {
    return this.subscriptions.listPlans(true);
  }

  @Public()
  @Get('platform-plans/trial')
  @ApiOperation({ summary: 'The free trial and grace period every provider gets (public: landing page)' })
  @ApiOkResponse({ type: TrialTermsDto })
  trialTerms(): TrialTermsDto {
    return this.subscriptions.trialTerms();
  }

  @Get('subscription')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's subscription: status, plan, days left, whether sales are allowed" })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_NOT_FOUND (not approved yet)' })
  get(@TenantId() providerId: string): Promise<SubscriptionDto> {
    return this.subscriptions.getForProvider(providerId);
  }

  @Post('subscription/checkout')
  @Roles('provider_owner')
  @UserOnly()
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Subscribe or renew: creates an invoice and its Pesapal order; send the browser to redirectUrl' })
  @ApiCreatedResponse({ type: CheckoutResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_INACTIVE' })
  checkout(@TenantId() providerId: string, @Body() dto: CheckoutDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CheckoutResultDto> {
    return this.subscriptions.checkout(providerId, dto.planId, actor, context);
  }

  @Get('subscription/invoices')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's invoices, newest first" })
  @ApiOkResponse({ type: InvoicePageDto })
  listInvoices(@TenantId() providerId: string, @Query() page: PageQueryDto): Promise<InvoicePageDto> {
    return this.subscriptions.listInvoices(providerId, page);
  }

  @Get('subscription/invoices/:id')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_INVOICE_NOT_FOUND' })
  getInvoice(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<InvoiceDto> {
    return this.subscriptions.getInvoice(providerId, id);
  }

  @Post('subscription/invoices/:id/refresh')
  @Roles('provider_owner')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ask Pesapal now whether a pending invoice was paid (the return page polls this)' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_INVOICE_NOT_FOUND' })
  refreshInvoice(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<InvoiceDto> {
    return this.subscriptions.refreshInvoice(providerId, id);
  }

  @Get('notifications')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's notifications (subscription reminders, expiry, payments), newest first" })
  @ApiOkResponse({ type: NotificationPageDto })
  listNotifications(@TenantId() providerId: string, @Query() page: PageQueryDto): Promise<NotificationPageDto> {
    return this.subscriptions.listNotifications(providerId, page);
  }
}

/** Pesapal's server-to-server IPN and the browser's return: hints only, confirmed with GetTransactionStatus. */
@ApiTags('billing webhooks')
@Public()
@Controller('billing/pesapal')
export class PesapalWebhooksController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('ipn')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Pesapal IPN (registered as GET); answers the acknowledgement JSON' })
  @ApiOkResponse({ type: PesapalIpnAcknowledgementDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  ipnGet(@Query() query: PesapalIpnQueryDto): Promise<PesapalIpnAcknowledgement> {
    return this.subscriptions.handleIpnQuery({ ...query });
  }

  @Post('ipn')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Pesapal IPN (POST; PascalCase or camelCase keys); answers the acknowledgement JSON' })
  @ApiOkResponse({ type: PesapalIpnAcknowledgementDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  ipnPost(@Body() body: PesapalIpnBodyDto): Promise<PesapalIpnAcknowledgement> {
    return this.subscriptions.handleIpnBody({ ...body });
  }

  @Get('callback')
  @Redirect()
  @ApiOperation({ summary: "Pesapal's return redirect: confirms the order, then redirects to the dashboard's subscription page" })
  @ApiFoundResponse({ description: 'Redirect to /app/subscription?invoice=…&payment=paid|pending|failed|…' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async callback(@Query() query: PesapalCallbackQueryDto): Promise<{ url: string; statusCode: number }> {
    return { url: await this.subscriptions.handleReturn({ ...query }), statusCode: 302 };
  }
}

@ApiTags('admin: subscriptions')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin')
export class AdminSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('platform-plans')
  @ApiOperation({ summary: 'All platform plans, active or not' })
  @ApiOkResponse({ type: [PlatformPlanDto] })
  listPlans(): Promise<PlatformPlanDto[]> {
    return this.subscriptions.listPlans(false);
  }

  @Post('platform-plans')
  @HttpCode(201)
  @ApiCreatedResponse({ type: PlatformPlanDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NAME_TAKEN' })
  createPlan(@Body() dto: CreatePlatformPlanDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlatformPlanDto> {
    return this.subscriptions.createPlan(dto, actor, context);
  }

  @Patch('platform-plans/:id')
  @ApiOkResponse({ type: PlatformPlanDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NAME_TAKEN' })
  updatePlan(@Body() dto: UpdatePlatformPlanDto, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlatformPlanDto> {
    return this.subscriptions.updatePlan(id, dto, actor, context);
  }

  @Delete('platform-plans/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_IN_USE (deactivate it instead)' })
  deletePlan(@Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.subscriptions.deletePlan(id, actor, context);
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
