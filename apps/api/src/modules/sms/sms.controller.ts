import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { CustomerSmsService } from './customer-sms.service';
import { ListSmsQueryDto, SendTestSmsDto, SmsMessagePageDto, SmsQueuedDto, SmsSettingsDto, SmsUsageDto, UpdateSmsSettingsDto } from './dto/sms.dto';
import { SmsLogService } from './sms-log.service';
import { SmsSettingsService } from './sms-settings.service';

@ApiTags('sms')
@ApiBearerAuth()
@Controller('sms')
export class SmsController {
  constructor(
    private readonly settings: SmsSettingsService,
    private readonly customerSms: CustomerSmsService,
    private readonly log: SmsLogService,
  ) {}

  @Get('settings')
  @Roles('provider_owner')
  @ApiOperation({ summary: "SMS settings: the platform's account, your own Africa's Talking app, or off (the API key is never returned)" })
  @ApiOkResponse({ type: SmsSettingsDto })
  getSettings(@TenantId() providerId: string): Promise<SmsSettingsDto> {
    return this.settings.get(providerId);
  }

  @Put('settings')
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Change the SMS settings; the API key is write-only (omit to keep)' })
  @ApiOkResponse({ type: SmsSettingsDto })
  updateSettings(@Body() dto: UpdateSmsSettingsDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<SmsSettingsDto> {
    return this.settings.update(providerId, dto, actor, context);
  }

  @Post('test')
  @HttpCode(202)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Queue a test SMS to a number (10 an hour); it shows in the message log with its delivery report' })
  @ApiOkResponse({ type: SmsQueuedDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SMS_NOT_AVAILABLE: SMS off or settings incomplete' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  sendTest(@Body() dto: SendTestSmsDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<SmsQueuedDto> {
    return this.customerSms.sendTest(providerId, dto.phone, actor, context);
  }

  @Get('messages')
  @ApiOperation({ summary: 'The message log: every SMS to your customers, newest first, with parts, cost and the delivery report' })
  @ApiOkResponse({ type: SmsMessagePageDto })
  messages(@TenantId() providerId: string, @Query() query: ListSmsQueryDto): Promise<SmsMessagePageDto> {
    return this.log.list(providerId, query);
  }

  @Get('usage')
  @ApiOperation({ summary: "This month's SMS: messages, parts and cost per account, and the platform account's allowance" })
  @ApiOkResponse({ type: SmsUsageDto })
  usage(@TenantId() providerId: string): Promise<SmsUsageDto> {
    return this.log.usage(providerId);
  }
}
