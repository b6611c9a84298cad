import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { RateLimit } from '../../common/http/rate-limit';
import { CaptiveRequestGuard } from './captive-request.guard';
import { CaptiveService } from './captive.service';
import {
  CaptivePurchaseDto,
  CaptivePurchaseQueryDto,
  CaptivePurchaseStartedDto,
  CaptiveRouterDto,
  CaptiveRouterParamsDto,
  CheckVoucherDto,
  LoginCheckDto,
  LoginCheckResultDto,
  PURCHASE_TOKEN_HEADER,
  RecoverBySmsDto,
  RecoverBySmsResultDto,
  RecoveredPurchasesDto,
  RecoverPurchaseDto,
  StartCaptivePurchaseDto,
  VoucherCheckResultDto,
} from './dto/captive.dto';

/**
 * Public endpoints of the captive portal; the provider is always derived from the router id.
 * JSON from the portal's own origin only (CaptiveRequestGuard).
 */
@ApiTags('captive')
@Public()
@UseGuards(CaptiveRequestGuard)
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: "CAPTIVE_CROSS_SITE: Origin is not the portal's, or Sec-Fetch-Site is cross-site / same-site" })
@ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'UNSUPPORTED_MEDIA_TYPE: a POST whose body is not JSON' })
@Controller('captive')
export class CaptiveController {
  constructor(private readonly captive: CaptiveService) {}

  @Get('routers/:routerId')
  @RateLimit({ name: 'captive-read', limit: 120, windowSeconds: 60, store: 'local' })
  @ApiOperation({ summary: 'Portal context: provider branding, plans offered on this router, whether sales are open, languages' })
  @ApiOkResponse({ type: CaptiveRouterDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAPTIVE_ROUTER_NOT_FOUND' })
  router(@Param() params: CaptiveRouterParamsDto): Promise<CaptiveRouterDto> {
    return this.captive.routerContext(params.routerId);
  }

  @Get('routers/:routerId/logo')
  @RateLimit({ name: 'captive-read', limit: 120, windowSeconds: 60, store: 'local' })
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('Content-Security-Policy', "default-src 'none'")
  @ApiOperation({ summary: "The provider's logo (same host as the portal, so the walled garden covers it)" })
  @ApiProduces('image/png', 'image/jpeg', 'image/webp', 'image/gif')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async logo(@Param() params: CaptiveRouterParamsDto): Promise<StreamableFile> {
    const logo = await this.captive.logo(params.routerId);
    return new StreamableFile(logo.bytes, { type: logo.contentType, length: logo.bytes.length });
  }

  @Post('purchases')
  @HttpCode(201)
  @RateLimit({ name: 'captive-purchase', limit: 10, windowSeconds: 60, key: 'device' })
  @ApiOperation({ summary: "Buy a plan with M-Pesa: reserves a voucher and sends the STK push to the phone; the answer's token is the only way to read the purchase" })
  @ApiCreatedResponse({ type: CaptivePurchaseStartedDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAPTIVE_ROUTER_NOT_FOUND, CAPTIVE_PLAN_NOT_OFFERED' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'CAPTIVE_SALES_PAUSED, CAPTIVE_CROSS_SITE' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CAPTIVE_PAYMENT_OPEN (Retry-After: seconds until the open push expires), PAYMENT_PENDING_FOR_PHONE' })
  startPurchase(@Body() dto: StartCaptivePurchaseDto, @Req() req: Request): Promise<CaptivePurchaseStartedDto> {
    return this.captive.startPurchase(dto, req.ip ?? null);
  }

  @Get('purchases/:id')
  @RateLimit({ name: 'captive-status', limit: 120, windowSeconds: 60, store: 'local' })
  @ApiOperation({ summary: 'Purchase status: pending, paid (with the voucher code and password), or failed with the M-Pesa result code; for the client holding its token' })
  @ApiHeader({ name: PURCHASE_TOKEN_HEADER, required: true, description: 'The token POST /captive/purchases answered' })
  @ApiOkResponse({ type: CaptivePurchaseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAPTIVE_PURCHASE_NOT_FOUND (also for a missing or wrong token)' })
  purchase(@Param() params: IdParamDto, @Query() query: CaptivePurchaseQueryDto, @Headers(PURCHASE_TOKEN_HEADER) token: string | undefined): Promise<CaptivePurchaseDto> {
    return this.captive.purchase(query.routerId, params.id, token);
  }

  @Post('vouchers/check')
  @HttpCode(200)
  @RateLimit({ name: 'captive-voucher', limit: 20, windowSeconds: 60, key: 'device' })
  @ApiOperation({ summary: '"I have a voucher": whether a code can log in on this router (never returns its password); wrong codes are also limited per device and per client IP' })
  @ApiOkResponse({ type: VoucherCheckResultDto })
  checkVoucher(@Body() dto: CheckVoucherDto, @Req() req: Request): Promise<VoucherCheckResultDto> {
    return this.captive.checkVoucher(dto, req.ip ?? null);
  }

  @Post('routers/:routerId/login-check')
  @HttpCode(200)
  // the same budget as vouchers/check: both tell whether a code is good
  @RateLimit({ name: 'captive-voucher', limit: 20, windowSeconds: 60, key: 'device' })
  @ApiOperation({
    summary: 'Before or after a refused hotspot login: whether the code can log in on this router, putting it on the router at once when the platform wants it there but the router lacks it',
  })
  @ApiOkResponse({ type: LoginCheckResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAPTIVE_ROUTER_NOT_FOUND' })
  loginCheck(@Param() params: CaptiveRouterParamsDto, @Body() dto: LoginCheckDto, @Req() req: Request): Promise<LoginCheckResultDto> {
    return this.captive.loginCheck(params.routerId, dto, req.ip ?? null);
  }

  @Post('recover')
  @HttpCode(200)
  @RateLimit({ name: 'captive-recover', limit: 10, windowSeconds: 300, key: 'device' })
  @ApiOperation({ summary: '"Recover my purchase": by M-Pesa receipt number, or by phone + amount + day from the device (mac) that bought' })
  @ApiOkResponse({ type: RecoveredPurchasesDto })
  recover(@Body() dto: RecoverPurchaseDto): Promise<RecoveredPurchasesDto> {
    return this.captive.recover(dto);
  }

  @Post('recover-by-sms')
  @HttpCode(202)
  @RateLimit({ name: 'captive-recover-sms', limit: 5, windowSeconds: 600, key: 'device' })
  @ApiOperation({ summary: '"Recover by phone": texts the codes this phone bought here in the last 7 days to that phone (3 texts an hour per phone); the same answer whether or not it bought' })
  @ApiAcceptedResponse({ type: RecoverBySmsResultDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CAPTIVE_SMS_UNAVAILABLE: the hotspot does not send SMS' })
  recoverBySms(@Body() dto: RecoverBySmsDto): Promise<RecoverBySmsResultDto> {
    return this.captive.recoverBySms(dto);
  }
}
