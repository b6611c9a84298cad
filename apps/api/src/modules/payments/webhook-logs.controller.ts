import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, TenantId } from '../../common/auth/decorators';
import { AdminListWebhookLogsQueryDto, ListWebhookLogsQueryDto, WebhookLogPageDto } from './dto/webhook-log.dto';
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
    return this.logs.list({ providerId }, query);
  }
}

/** The platform shortcode's C2B callbacks (super admin): routed to a provider or not (docs/mpesa.md §7b). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/payments/webhook-logs')
export class AdminWebhookLogsController {
  constructor(private readonly logs: WebhookLogsService) {}

  @Get()
  @ApiOperation({ summary: "The platform shortcode's C2B callbacks, newest first (routing=unrouted: money no provider could be found for); same search as a provider's log" })
  @ApiOkResponse({ type: WebhookLogPageDto })
  list(@Query() query: AdminListWebhookLogsQueryDto): Promise<WebhookLogPageDto> {
    const { routing, ...rest } = query;
    return this.logs.list({ platform: true, unrouted: routing === 'unrouted' }, rest);
  }
}
