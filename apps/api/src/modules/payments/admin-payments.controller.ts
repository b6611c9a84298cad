import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientContext, CurrentPrincipal, RequestContext, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { AdminRevenueQueryDto, CreatePayoutDto, PayoutBalanceDto, PayoutStatementDto, ProviderBalanceDto, RevenueReportDto, StatementQueryDto } from './dto/payment.dto';
import { C2bRegistrationDto, CommissionOverrideDto, PaymentSettingsDto, PlatformC2bStatusDto } from './dto/payment-settings.dto';
import { LedgerService } from './ledger.service';
import { PaymentSettingsService } from './payment-settings.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/payments')
export class AdminPaymentsController {
  constructor(
    private readonly settings: PaymentSettingsService,
    private readonly ledger: LedgerService,
  ) {}

  @Get('revenue')
  @ApiOperation({ summary: 'Platform revenue (gross, commission, net) by day/week/month, plan or router; optionally one provider' })
  @ApiOkResponse({ type: RevenueReportDto })
  revenue(@Query() query: AdminRevenueQueryDto): Promise<RevenueReportDto> {
    const { providerId, ...rest } = query;
    return this.ledger.revenue(providerId ?? null, rest);
  }

  @Get('revenue.csv')
  @ApiOperation({ summary: 'Platform revenue as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async revenueCsv(@Query() query: AdminRevenueQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { providerId, ...rest } = query;
    const file = await this.ledger.revenueCsv(providerId ?? null, rest);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get('platform-c2b')
  @ApiOperation({ summary: "Where the platform shortcode's C2B URLs stand (paybill by reference, till by phone and amount)" })
  @ApiOkResponse({ type: PlatformC2bStatusDto })
  platformC2b(): Promise<PlatformC2bStatusDto> {
    return this.settings.platformC2bStatus();
  }

  @Post('platform-c2b/registration')
  @HttpCode(200)
  @ApiOperation({ summary: "Register the platform shortcode's C2B validation/confirmation URLs with Daraja (one-time in production; audited)" })
  @ApiOkResponse({ type: C2bRegistrationDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PAYMENTS_NOT_CONFIGURED' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: 'PAYMENT_GATEWAY_REJECTED' })
  registerPlatformC2b(@CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<C2bRegistrationDto> {
    return this.settings.registerPlatformC2b(actor, context);
  }

  @Put('providers/:id/commission')
  @ApiOperation({ summary: "Override a provider's platform-collection commission (null = type default)" })
  @ApiOkResponse({ type: PaymentSettingsDto })
  setCommission(@Body() dto: CommissionOverrideDto, @Param() params: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PaymentSettingsDto> {
    return this.settings.setCommission(params.id, dto.rateBp, actor, context);
  }

  @Post('providers/:id/callback-secret')
  @HttpCode(200)
  @ApiOperation({ summary: "Replace a provider's Daraja callback secret (audited); pushes already sent are still answered" })
  @ApiOkResponse({ type: PaymentSettingsDto })
  rotateCallbackSecret(@Param() params: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PaymentSettingsDto> {
    return this.settings.rotateCallbackSecret(params.id, actor, context);
  }

  @Get('providers/:id/balance')
  @ApiOperation({ summary: "A provider's payouts balance" })
  @ApiOkResponse({ type: PayoutBalanceDto })
  balance(@Param() params: IdParamDto): Promise<PayoutBalanceDto> {
    return this.ledger.balance(params.id);
  }

  @Get('payouts')
  @ApiOperation({ summary: 'What the platform owes each provider (platform-collected net after refunds − payouts), largest balance first' })
  @ApiOkResponse({ type: [ProviderBalanceDto] })
  balances(): Promise<ProviderBalanceDto[]> {
    return this.ledger.balances();
  }

  @Get('providers/:id/statement')
  @ApiOperation({ summary: "A provider's payout statement for a date range" })
  @ApiOkResponse({ type: PayoutStatementDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PROVIDER_NOT_FOUND' })
  statement(@Param() params: IdParamDto, @Query() query: StatementQueryDto): Promise<PayoutStatementDto> {
    return this.ledger.statement(params.id, query, true);
  }

  @Get('providers/:id/statement.csv')
  @ApiOperation({ summary: "A provider's payout statement as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async statementCsv(@Param() params: IdParamDto, @Query() query: StatementQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.ledger.statementCsv(params.id, query, true);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Post('providers/:id/payouts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a payout to a provider: amount (whole KES, > 0 and at most the balance now), method, reference; audited' })
  @ApiOkResponse({ type: PayoutBalanceDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (amount above the balance)' })
  payout(@Body() dto: CreatePayoutDto, @Param() params: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PayoutBalanceDto> {
    return this.ledger.recordPayout(params.id, dto, actor, context);
  }
}
