import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { AttentionService } from './attention.service';
import { AttentionCountDto, AttentionItemDto, AttentionPageDto, CreateClaimDto, DismissAttentionDto, IssuedAttentionDto, ListAttentionQueryDto, RefundDueDto } from './dto/attention.dto';

/** The provider's Needs attention queue (docs/payments-reconciliation.md "Needs attention"). */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments/attention')
export class AttentionController {
  constructor(private readonly attention: AttentionService) {}

  @Get()
  @ApiOperation({ summary: 'Needs attention: flagged payments, unmatched C2B money and statement lines, claimed expired pushes; open by default, resolved ones by state' })
  @ApiOkResponse({ type: AttentionPageDto })
  list(@TenantId() providerId: string, @Query() query: ListAttentionQueryDto): Promise<AttentionPageDto> {
    return this.attention.list({ providerId }, query);
  }

  @Get('count')
  @ApiOperation({ summary: 'How many items wait in Needs attention (the navigation badge)' })
  @ApiOkResponse({ type: AttentionCountDto })
  count(@TenantId() providerId: string): Promise<AttentionCountDto> {
    return this.attention.count({ providerId });
  }

  @Post('claims')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Put an expired M-Pesa push the customer says they paid into Needs attention (audited)' })
  @ApiCreatedResponse({ type: AttentionItemDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PAYMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_CLAIM_NOT_EXPIRED, ATTENTION_ALREADY_RESOLVED (already in the queue)' })
  claim(@Body() dto: CreateClaimDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AttentionItemDto> {
    return this.attention.claim(providerId, dto, actor, context);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One Needs attention item' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ATTENTION_ITEM_NOT_FOUND' })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<AttentionItemDto> {
    return this.attention.get({ providerId }, params.id);
  }

  @Post(':id/issue-voucher')
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Issue the voucher this money paid for, through the normal settlement (exactly once; ledger entry written; audited)' })
  @ApiOkResponse({ type: IssuedAttentionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ATTENTION_ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED, ATTENTION_CANNOT_ISSUE' })
  issueVoucher(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<IssuedAttentionDto> {
    return this.attention.issueVoucher({ providerId }, params.id, actor, context);
  }

  @Post(':id/refund-due')
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Mark that the customer is owed their money back (audited)' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ATTENTION_ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED' })
  refundDue(
    @Param() params: IdParamDto,
    @Body() dto: RefundDueDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<AttentionItemDto> {
    return this.attention.refundDue({ providerId }, params.id, dto, actor, context);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: 'Dismiss with a reason: nothing to do for this money (audited)' })
  @ApiOkResponse({ type: AttentionItemDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ATTENTION_ITEM_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTENTION_ALREADY_RESOLVED' })
  dismiss(
    @Param() params: IdParamDto,
    @Body() dto: DismissAttentionDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<AttentionItemDto> {
    return this.attention.dismiss({ providerId }, params.id, dto, actor, context);
  }
}
