import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, OpenTo, Public, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { PageQueryDto } from '../../common/pagination/page';
import { CheckoutDto, CheckoutResultDto, InvoiceDto, InvoicePageDto } from './dto/invoice.dto';
import { NotificationPageDto } from './dto/notification.dto';
import { PlatformPlanDto, TrialTermsDto } from './dto/platform-plan.dto';
import { SubscriptionDto } from './dto/subscription.dto';
import { PlatformPlansService } from './platform-plans.service';
import { ProviderSubscriptionService } from './provider-subscription.service';
import { SubscriptionCheckoutService } from './subscription-checkout.service';

/** The public plan list and the provider's subscription: status, checkout, invoices, notifications. */
@ApiTags('subscriptions')
@Controller()
export class SubscriptionsController {
  constructor(
    private readonly plans: PlatformPlansService,
    private readonly subscription: ProviderSubscriptionService,
    private readonly checkouts: SubscriptionCheckoutService,
  ) {}

  @Public()
  @Get('platform-plans')
  @ApiOperation({ summary: 'Active platform plans (public: landing page, subscription page)' })
  @ApiOkResponse({ type: [PlatformPlanDto] })
  listPublicPlans(): Promise<PlatformPlanDto[]> {
    return this.plans.listPlans(true);
  }

  @Public()
  @Get('platform-plans/trial')
  @ApiOperation({ summary: 'The free trial and grace period every provider gets (public: landing page)' })
  @ApiOkResponse({ type: TrialTermsDto })
  trialTerms(): Promise<TrialTermsDto> {
    return this.plans.trialTerms();
  }

  @Get('subscription')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's subscription: status, plan, days left, whether sales are allowed" })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_NOT_FOUND (not approved yet)' })
  get(@TenantId() providerId: string): Promise<SubscriptionDto> {
    return this.subscription.getForProvider(providerId);
  }

  @Post('subscription/checkout')
  @OpenTo('suspended') // paying the subscription
  @Roles('provider_owner')
  @UserOnly()
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Subscribe or renew: creates an invoice and its Pesapal order; send the browser to redirectUrl' })
  @ApiCreatedResponse({ type: CheckoutResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLATFORM_PLAN_INACTIVE' })
  checkout(@TenantId() providerId: string, @Body() dto: CheckoutDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CheckoutResultDto> {
    return this.checkouts.checkout(providerId, dto.planId, actor, context);
  }

  @Get('subscription/invoices')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's invoices, newest first" })
  @ApiOkResponse({ type: InvoicePageDto })
  listInvoices(@TenantId() providerId: string, @Query() page: PageQueryDto): Promise<InvoicePageDto> {
    return this.subscription.listInvoices(providerId, page);
  }

  @Get('subscription/invoices/:id')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_INVOICE_NOT_FOUND' })
  getInvoice(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<InvoiceDto> {
    return this.subscription.getInvoice(providerId, id);
  }

  @Post('subscription/invoices/:id/refresh')
  @OpenTo('suspended') // paying the subscription
  @Roles('provider_owner')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ask Pesapal now whether a pending invoice was paid (the return page polls this)' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'SUBSCRIPTION_INVOICE_NOT_FOUND' })
  refreshInvoice(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<InvoiceDto> {
    return this.subscription.refreshInvoice(providerId, id);
  }

  @Get('notifications')
  @OpenTo('pending', 'rejected', 'suspended')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's notifications (subscription reminders, expiry, payments), newest first" })
  @ApiOkResponse({ type: NotificationPageDto })
  listNotifications(@TenantId() providerId: string, @Query() page: PageQueryDto): Promise<NotificationPageDto> {
    return this.subscription.listNotifications(providerId, page);
  }
}
