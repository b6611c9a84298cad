import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { SmsQueuedDto } from '../sms';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import {
  BulkVoucherActionDto,
  BulkVoucherResultDto,
  ExtendVoucherDto,
  ListVouchersQueryDto,
  TransferVoucherDto,
  VoucherCountsDto,
  VoucherDetailDto,
  VoucherDto,
  VoucherFilterQueryDto,
  VoucherPageDto,
} from './dto/voucher.dto';
import { VoucherActionsService } from './voucher-actions.service';
import { VoucherBatchesService } from './voucher-batches.service';
import { VouchersService } from './vouchers.service';

@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('vouchers')
export class VouchersController {
  constructor(
    private readonly vouchers: VouchersService,
    private readonly actions: VoucherActionsService,
    private readonly batches: VoucherBatchesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Vouchers with filters, cursor pagination and sorting' })
  @ApiOkResponse({ type: VoucherPageDto })
  list(@TenantId() providerId: string, @Query() query: ListVouchersQueryDto): Promise<VoucherPageDto> {
    return this.vouchers.list(providerId, query);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Counts per status for the same filters (status ignored)' })
  @ApiOkResponse({ type: VoucherCountsDto })
  counts(@TenantId() providerId: string, @Query() query: VoucherFilterQueryDto): Promise<VoucherCountsDto> {
    return this.vouchers.counts(providerId, query);
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'CSV of the vouchers matching the filters (code, payment reference, plan, price, expiry)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv', schema: { type: 'string' } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VOUCHER_EXPORT_TOO_LARGE' })
  async export(@TenantId() providerId: string, @Query() query: VoucherFilterQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.batches.exportCsv(providerId, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable or re-enable many vouchers; each is checked and audited on its own' })
  @ApiOkResponse({ type: BulkVoucherResultDto })
  bulk(@TenantId() providerId: string, @Body() dto: BulkVoucherActionDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<BulkVoucherResultDto> {
    return this.actions.bulk(providerId, dto, actor, context);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One voucher, with whether each of its routers holds it' })
  @ApiOkResponse({ type: VoucherDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'VOUCHER_NOT_FOUND' })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<VoucherDetailDto> {
    return this.vouchers.detail(providerId, params.id);
  }

  @Post(':id/push')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the voucher on its routers now (a printed card never pushed, or one a router lost)' })
  @ApiOkResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_ACTION_NOT_ALLOWED, VOUCHER_PLAN_NOT_ON_ROUTER' })
  push(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<VoucherDto> {
    return this.actions.push(providerId, params.id, actor, context);
  }

  @Post(':id/resend-sms')
  @HttpCode(202)
  @ApiOperation({ summary: 'Text the code again to the phone that bought it (3 an hour per voucher, 100 an hour per provider; audited)' })
  @ApiOkResponse({ type: SmsQueuedDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_ACTION_NOT_ALLOWED (not sold or in use), SMS_NO_PHONE, SMS_NOT_AVAILABLE' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'SMS_RATE_LIMITED' })
  resendSms(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<SmsQueuedDto> {
    return this.actions.resendSms(providerId, params.id, actor, context);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable (also on the router)' })
  @ApiOkResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_INVALID_TRANSITION' })
  disable(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<VoucherDto> {
    return this.actions.disable(providerId, params.id, actor, context);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable: back to the status it had before it was disabled' })
  @ApiOkResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_INVALID_TRANSITION' })
  enable(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<VoucherDto> {
    return this.actions.enable(providerId, params.id, actor, context);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to another router offering its plan' })
  @ApiOkResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_ACTION_NOT_ALLOWED, VOUCHER_PLAN_NOT_ON_ROUTER' })
  transfer(
    @Body() dto: TransferVoucherDto,
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<VoucherDto> {
    return this.actions.transfer(providerId, params.id, dto.routerId, actor, context);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend validity' })
  @ApiOkResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_ACTION_NOT_ALLOWED' })
  extend(
    @Body() dto: ExtendVoucherDto,
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<VoucherDto> {
    return this.actions.extend(providerId, params.id, dto.seconds, actor, context);
  }
}
