import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { AttentionService } from './attention.service';
import {
  AdminListAttentionQueryDto,
  AttentionCountDto,
  AttentionItemDto,
  AttentionPageDto,
  DismissAttentionDto,
  IssueAttentionVoucherDto,
  IssuedAttentionDto,
  RefundDueDto,
} from './dto/attention.dto';

/** Needs attention across every provider and the platform's shortcode (super admin). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/attention')
export class AdminAttentionController {
  constructor(private readonly attention: AttentionService) {}

  @Get()
  @ApiOperation({ summary: 'Needs attention across providers (optionally one), open by default' })
  @ApiOkResponse({ type: AttentionPageDto })
  list(@Query() query: AdminListAttentionQueryDto): Promise<AttentionPageDto> {
    const { providerId, ...rest } = query;
    return this.attention.list({ admin: true, providerId }, rest);
  }

  @Get('count')
  @ApiOperation({ summary: 'How many items wait in Needs attention across providers' })
  @ApiOkResponse({ type: AttentionCountDto })
  count(): Promise<AttentionCountDto> {
    return this.attention.count({ admin: true });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One Needs attention item' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ATTENTION_ITEM_NOT_FOUND' })
  get(@Param() params: IdParamDto): Promise<AttentionItemDto> {
    return this.attention.get({ admin: true }, params.id);
  }

  @Post(':id/issue-voucher')
  @HttpCode(200)
  @ApiOperation({
    summary: "Issue the voucher this money paid for, on the provider's behalf (exactly once; audited); unmatched C2B money names the purchase or reference it paid for",
  })
  @ApiOkResponse({ type: IssuedAttentionDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'ATTENTION_CHOICE_INVALID (the chosen purchase or reference cannot take this money)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED, ATTENTION_CANNOT_ISSUE' })
  issueVoucher(@Param() params: IdParamDto, @Body() dto: IssueAttentionVoucherDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<IssuedAttentionDto> {
    return this.attention.issueVoucher({ admin: true }, params.id, actor, context, dto);
  }

  @Post(':id/refund-due')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark that the customer is owed their money back (audited)' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED' })
  refundDue(@Param() params: IdParamDto, @Body() dto: RefundDueDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AttentionItemDto> {
    return this.attention.refundDue({ admin: true }, params.id, dto, actor, context);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss with a reason (audited)' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED' })
  dismiss(@Param() params: IdParamDto, @Body() dto: DismissAttentionDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AttentionItemDto> {
    return this.attention.dismiss({ admin: true }, params.id, dto, actor, context);
  }
}
