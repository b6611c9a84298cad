import { Body, Controller, Get, Header, HttpCode, Post, Query, Redirect } from '@nestjs/common';
import { ApiBadRequestResponse, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PesapalIpnAcknowledgement } from '@wavu/pesapal';
import { Public } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { PesapalCallbackQueryDto, PesapalIpnAcknowledgementDto, PesapalIpnBodyDto, PesapalIpnQueryDto } from './dto/pesapal-notification.dto';
import { PaymentConfirmationService } from './payment-confirmation.service';

/** Pesapal's server-to-server IPN and the browser's return: hints only, confirmed with GetTransactionStatus. */
@ApiTags('billing webhooks')
@Public()
@Controller('billing/pesapal')
export class PesapalWebhooksController {
  constructor(private readonly confirmation: PaymentConfirmationService) {}

  @Get('ipn')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Pesapal IPN (registered as GET); answers the acknowledgement JSON' })
  @ApiOkResponse({ type: PesapalIpnAcknowledgementDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  ipnGet(@Query() query: PesapalIpnQueryDto): Promise<PesapalIpnAcknowledgement> {
    return this.confirmation.handleIpnQuery({ ...query });
  }

  @Post('ipn')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Pesapal IPN (POST; PascalCase or camelCase keys); answers the acknowledgement JSON' })
  @ApiOkResponse({ type: PesapalIpnAcknowledgementDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  ipnPost(@Body() body: PesapalIpnBodyDto): Promise<PesapalIpnAcknowledgement> {
    return this.confirmation.handleIpnBody({ ...body });
  }

  @Get('callback')
  @Redirect()
  @ApiOperation({ summary: "Pesapal's return redirect: confirms the order, then redirects to the dashboard's subscription page" })
  @ApiFoundResponse({ description: 'Redirect to /app/subscription?invoice=…&payment=paid|pending|failed|…' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async callback(@Query() query: PesapalCallbackQueryDto): Promise<{ url: string; statusCode: number }> {
    return { url: await this.confirmation.handleReturn({ ...query }), statusCode: 302 };
  }
}
