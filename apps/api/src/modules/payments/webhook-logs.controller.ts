import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantId } from '../../common/auth/decorators';
import { ListWebhookLogsQueryDto, WebhookLogPageDto } from './dto/webhook-log.dto';
import { WebhookLogsService } from './webhook-logs.service';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments/webhook-logs')
export class WebhookLogsController {
  constructor(private readonly logs: WebhookLogsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your M-Pesa callbacks (STK results, C2B validations and confirmations), newest first: outcome, timing, the payment each led to; search by receipt, reference, CheckoutRequestID or phone',
  })
  @ApiOkResponse({ type: WebhookLogPageDto })
  list(@TenantId() providerId: string, @Query() query: ListWebhookLogsQueryDto): Promise<WebhookLogPageDto> {
    return this.logs.list(providerId, query);
  }
}
