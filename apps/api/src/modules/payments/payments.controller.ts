import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientContext, CurrentPrincipal, OpenTo, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { ListPaymentsQueryDto, PaymentDto, PaymentPageDto, PayoutBalanceDto, PayoutStatementDto, RevenueQueryDto, RevenueReportDto, StatementQueryDto } from './dto/payment.dto';
import { C2bRegistrationDto, CredentialTestResultDto, PaymentSettingsDto, UpdatePaymentSettingsDto } from './dto/payment-settings.dto';
import { LedgerService } from './ledger.service';
import { PaymentSettingsService } from './payment-settings.service';
import { RevealedPhoneDto } from './dto/revealed-phone.dto';
import { PaymentsService } from './payments.service';
import { PHONE_REVEAL_LIMIT, PhoneRevealService } from './phone-reveal.service';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly settings: PaymentSettingsService,
    private readonly ledger: LedgerService,
    private readonly reveal: PhoneRevealService,
  ) {}

  @Get('settings')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'M-Pesa collection settings (secrets are never returned: only whether they are set)' })
  @ApiOkResponse({ type: PaymentSettingsDto })
  getSettings(@TenantId() providerId: string): Promise<PaymentSettingsDto> {
    return this.settings.get(providerId);
  }

  @Put('settings')
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Choose platform collection or your own Daraja app; secrets are write-only (omit to keep)' })
  @ApiOkResponse({ type: PaymentSettingsDto })
  updateSettings(@Body() dto: UpdatePaymentSettingsDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PaymentSettingsDto> {
    return this.settings.update(providerId, dto, actor, context);
  }

  @Post('settings/test')
  @HttpCode(200)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Test the stored own-account consumer key and secret against Daraja' })
  @ApiOkResponse({ type: CredentialTestResultDto })
  testCredentials(@TenantId() providerId: string): Promise<CredentialTestResultDto> {
    return this.settings.testCredentials(providerId);
  }

  @Post('settings/c2b-registration')
  @HttpCode(200)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Register the C2B validation/confirmation URLs for your own shortcode (one-time in production)' })
  @ApiOkResponse({ type: C2bRegistrationDto })
  registerC2b(@TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<C2bRegistrationDto> {
    return this.settings.registerC2b(providerId, actor, context);
  }

  @Post('settings/callback-secret')
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({
    summary: 'Replace the secret in your Daraja callback URLs (audited). Pushes already sent are still answered; register own-account C2B URLs again afterwards',
  })
  @ApiOkResponse({ type: PaymentSettingsDto })
  rotateCallbackSecret(@TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PaymentSettingsDto> {
    return this.settings.rotateCallbackSecret(providerId, actor, context);
  }

  @Get('reports/revenue')
  @ApiOperation({ summary: 'Revenue from the ledger by Nairobi day/week/month, plan or router' })
  @ApiOkResponse({ type: RevenueReportDto })
  revenue(@TenantId() providerId: string, @Query() query: RevenueQueryDto): Promise<RevenueReportDto> {
    return this.ledger.revenue(providerId, query);
  }

  @Get('reports/revenue.csv')
  @ApiOperation({ summary: 'The revenue report as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async revenueCsv(@TenantId() providerId: string, @Query() query: RevenueQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.ledger.revenueCsv(providerId, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get('ledger.csv')
  @ApiOperation({ summary: 'Ledger transactions (gross, commission, net, receipt…) as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async ledgerCsv(@TenantId() providerId: string, @Query() query: RevenueQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.ledger.ledgerCsv(providerId, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get('balance')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Payouts balance: what the platform owes you from platform collection' })
  @ApiOkResponse({ type: PayoutBalanceDto })
  balance(@TenantId() providerId: string): Promise<PayoutBalanceDto> {
    return this.ledger.balance(providerId);
  }

  @Get('payouts/statement')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Payout statement for a date range: platform-collected sales, commission, refunds, payouts and the running balance per Nairobi day' })
  @ApiOkResponse({ type: PayoutStatementDto })
  statement(@TenantId() providerId: string, @Query() query: StatementQueryDto): Promise<PayoutStatementDto> {
    return this.ledger.statement(providerId, query);
  }

  @Get('payouts/statement.csv')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'The payout statement as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async statementCsv(@TenantId() providerId: string, @Query() query: StatementQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.ledger.statementCsv(providerId, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get()
  @ApiOperation({ summary: 'Payments (STK purchases and C2B), newest first, with filters and receipt search' })
  @ApiOkResponse({ type: PaymentPageDto })
  list(@TenantId() providerId: string, @Query() query: ListPaymentsQueryDto): Promise<PaymentPageDto> {
    return this.payments.list(providerId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One payment' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PAYMENT_NOT_FOUND' })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<PaymentDto> {
    return this.payments.get(providerId, params.id);
  }

  @Post(':id/phone')
  @OpenTo('suspended') // a read of its own data (POST so each reveal is audited)
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: `Show the full phone number of this payment's buyer (owner only, audited as customer.phone_revealed, at most ${PHONE_REVEAL_LIMIT} an hour per user)` })
  @ApiOkResponse({ type: RevealedPhoneDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (staff, API keys)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PAYMENT_NOT_FOUND, or PHONE_NOT_KNOWN when M-Pesa gave only a masked number' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'PHONE_REVEAL_RATE_LIMITED (Retry-After)' })
  revealPhone(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<RevealedPhoneDto> {
    return this.reveal.ofPayment(providerId, params.id, actor, context);
  }
}
