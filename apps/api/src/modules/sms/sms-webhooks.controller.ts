import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { SmsDeliveryAckDto, SmsWebhookParamsDto } from './dto/sms.dto';
import { SmsDeliveryService } from './sms-delivery.service';

/** Africa's Talking delivery reports (docs/sms.md §3, §8): a form post, authenticated only by the secret in the URL. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/africastalking/:secret')
export class SmsWebhooksController {
  constructor(private readonly delivery: SmsDeliveryService) {}

  @Post('delivery-reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delivery report (form fields id, status, phoneNumber, networkCode, failureReason, retryCount): updates the SMS it names' })
  @ApiOkResponse({ type: SmsDeliveryAckDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown secret' })
  report(@Param() params: SmsWebhookParamsDto, @Body() body: unknown): Promise<SmsDeliveryAckDto> {
    return this.delivery.report(params.secret, body);
  }
}
