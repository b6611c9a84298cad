import { Body, Controller, HttpCode, Ip, Logger, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { C2bPayloadDto, C2bValidationAnswerDto, PlatformWebhookParamsDto, StkCallbackAckDto, StkCallbackDto, WebhookParamsDto } from './dto/webhook.dto';
import { DarajaWebhooksService } from './daraja-webhooks.service';

/**
 * C2B on the platform's own shortcode (docs/mpesa.md §7b): the money is routed to a provider by the
 * payment reference, or by phone and amount when there is no account number. Authenticated by the
 * platform's secret in the path. Registered before the per-provider controller: `platform` is not a
 * provider id.
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/daraja/platform/:secret')
export class PlatformDarajaWebhooksController {
  constructor(private readonly webhooks: DarajaWebhooksService) {}

  @Post('c2b/validation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Platform C2B validation: accepts an available reference of an active platform-collection provider at its price, or no account number' })
  @ApiOkResponse({ type: C2bValidationAnswerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Wrong secret or platform collection off' })
  c2bValidation(@Body() body: C2bPayloadDto, @Param() params: PlatformWebhookParamsDto, @Ip() ip: string): Promise<C2bValidationAnswerDto> {
    return this.webhooks.platformC2bValidation(params.secret, body as unknown as Record<string, unknown>, ip ?? null);
  }

  @Post('c2b/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Platform C2B confirmation: settles the routed provider’s voucher or purchase (idempotent on TransID), else Needs attention' })
  @ApiOkResponse({ type: StkCallbackAckDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Wrong secret or platform collection off' })
  c2bConfirmation(@Body() body: C2bPayloadDto, @Param() params: PlatformWebhookParamsDto, @Ip() ip: string): Promise<StkCallbackAckDto> {
    return this.webhooks.platformC2bConfirmation(params.secret, body as unknown as Record<string, unknown>, ip ?? null);
  }
}

/** Daraja's callbacks. Unsigned: authenticated by the per-provider secret in the path (docs/mpesa.md §8). */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/daraja/:providerId/:secret')
export class DarajaWebhooksController {
  constructor(private readonly webhooks: DarajaWebhooksService) {}

  @Post('stk')
  @HttpCode(200)
  @ApiOperation({ summary: 'STK push result (logged raw, then applied idempotently)' })
  @ApiOkResponse({ type: StkCallbackAckDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown provider or wrong secret' })
  stk(@Body() body: StkCallbackDto, @Param() params: WebhookParamsDto, @Ip() ip: string): Promise<StkCallbackAckDto> {
    return this.webhooks.stkCallback(params.providerId, params.secret, body as unknown as Record<string, unknown>, ip ?? null);
  }

  @Post('c2b/validation')
  @HttpCode(200)
  @ApiOperation({ summary: 'C2B validation: accepts a known unpaid payment reference with the right amount' })
  @ApiOkResponse({ type: C2bValidationAnswerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown provider or wrong secret' })
  c2bValidation(@Body() body: C2bPayloadDto, @Param() params: WebhookParamsDto, @Ip() ip: string): Promise<C2bValidationAnswerDto> {
    return this.webhooks.c2bValidation(params.providerId, params.secret, body as unknown as Record<string, unknown>, ip ?? null);
  }

  @Post('c2b/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'C2B confirmation: marks the reference sold (idempotent on TransID)' })
  @ApiOkResponse({ type: StkCallbackAckDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown provider or wrong secret' })
  c2bConfirmation(@Body() body: C2bPayloadDto, @Param() params: WebhookParamsDto, @Ip() ip: string): Promise<StkCallbackAckDto> {
    return this.webhooks.c2bConfirmation(params.providerId, params.secret, body as unknown as Record<string, unknown>, ip ?? null);
  }
}

/**
 * The CallBackURL a Pull Transactions registration must name. What Daraja posts there, if
 * anything, is undocumented (the query answers synchronously): it is acknowledged and its size
 * logged, nothing stored (the URL is public and unauthenticated).
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/daraja/pull-results')
export class DarajaPullResultsController {
  private readonly logger = new Logger(DarajaPullResultsController.name);

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Pull Transactions registration callback (acknowledged, not stored)' })
  @ApiOkResponse({ type: StkCallbackAckDto })
  received(@Req() req: Request): StkCallbackAckDto {
    this.logger.log({ bytes: Number(req.headers['content-length'] ?? 0) }, 'Pull Transactions callback received');
    return { ResultCode: 0, ResultDesc: 'Accepted' };
  }
}
