import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CreateBatchDto, ListBatchesQueryDto, PrintQueryDto, VoucherBatchDto, VoucherBatchPageDto } from './dto/voucher.dto';
import { VoucherBatchesService } from './voucher-batches.service';

@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('voucher-batches')
export class VoucherBatchesController {
  constructor(private readonly batches: VoucherBatchesService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Generate 1–10,000 vouchers; poll the batch for progress' })
  @ApiAcceptedResponse({ type: VoucherBatchDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_PLAN_ARCHIVED, VOUCHER_PLAN_NOT_ON_ROUTER' })
  create(@TenantId() providerId: string, @Body() dto: CreateBatchDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<VoucherBatchDto> {
    return this.batches.create(providerId, dto, actor, context);
  }

  @Get()
  @ApiOperation({ summary: 'Batches, newest first' })
  @ApiOkResponse({ type: VoucherBatchPageDto })
  list(@TenantId() providerId: string, @Query() query: ListBatchesQueryDto): Promise<VoucherBatchPageDto> {
    return this.batches.list(providerId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A batch with its progress (generated, pushed per router)' })
  @ApiOkResponse({ type: VoucherBatchDto })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<VoucherBatchDto> {
    return this.batches.get(providerId, params.id);
  }

  @Post(':id/push')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put the batch’s usable vouchers on its routers now; follow the progress on the batch' })
  @ApiOkResponse({ type: VoucherBatchDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_BATCH_NOT_READY, VOUCHER_PLAN_NOT_ON_ROUTER' })
  push(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<VoucherBatchDto> {
    return this.batches.pushBatch(providerId, params.id, actor, context);
  }

  @Get(':id/vouchers.csv')
  @ApiOperation({ summary: "CSV of the batch's vouchers" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv', schema: { type: 'string' } })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_BATCH_NOT_READY' })
  async csv(@Param() params: IdParamDto, @TenantId() providerId: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.batches.batchCsv(providerId, params.id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Get(':id/print.pdf')
  @ApiOperation({ summary: 'Printable PDF: A4 sheet of cards or 80 mm thermal tickets, with a QR code to the hotspot login' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_BATCH_NOT_READY' })
  async pdf(@Param() params: IdParamDto, @TenantId() providerId: string, @Query() query: PrintQueryDto): Promise<StreamableFile> {
    const file = await this.batches.batchPdf(providerId, params.id, query.layout ?? 'a4');
    return new StreamableFile(file.body, { type: 'application/pdf', disposition: `inline; filename="${file.filename}"`, length: file.body.length });
  }
}
