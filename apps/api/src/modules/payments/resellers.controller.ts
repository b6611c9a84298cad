import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import {
  CreateResellerCollectionDto,
  CreateResellerDto,
  CreateResellerHandoverDto,
  CreateResellerReturnDto,
  ListResellersQueryDto,
  ResellerCardsResultDto,
  ResellerCollectionDto,
  ResellerCollectionParamsDto,
  ResellerDto,
  ResellerListDto,
  ResellerStatementDto,
  ResellerStatementQueryDto,
  ReverseResellerCollectionDto,
  UpdateResellerDto,
} from './dto/reseller.dto';
import { ResellersService } from './resellers.service';

/** Resellers: shops and agents selling printed cards on consignment (docs/resellers.md). Owner and staff. */
@ApiTags('resellers')
@ApiBearerAuth()
@Controller('resellers')
export class ResellersController {
  constructor(private readonly resellers: ResellersService) {}

  @Get()
  @ApiOperation({ summary: 'Your resellers, active first, each with cards held, sold, owed, paid and balance' })
  @ApiOkResponse({ type: ResellerListDto })
  list(@TenantId() providerId: string, @Query() query: ListResellersQueryDto): Promise<ResellerListDto> {
    return this.resellers.list(providerId, query);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a reseller (name, phone, note); it gets no login' })
  @ApiCreatedResponse({ type: ResellerDto })
  create(@TenantId() providerId: string, @Body() dto: CreateResellerDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ResellerDto> {
    return this.resellers.create(providerId, dto, actor, context);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reseller with its figures now' })
  @ApiOkResponse({ type: ResellerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND' })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<ResellerDto> {
    return this.resellers.get(providerId, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a reseller, archive it (it must hold no cards) or restore it; resellers are never deleted' })
  @ApiOkResponse({ type: ResellerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RESELLER_HOLDS_CARDS' })
  update(
    @Body() dto: UpdateResellerDto,
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<ResellerDto> {
    return this.resellers.update(providerId, params.id, dto, actor, context);
  }

  @Post(':id/handovers')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Hand printed cards to the reseller (ids, typed or scanned codes, or a batch and range) at a unit price or a discount; only available, unsold cards held by nobody go, the rest are refused',
  })
  @ApiOkResponse({ type: ResellerCardsResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (not exactly one way of naming cards or of pricing them, an unreadable code, an empty range)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND, VOUCHER_NOT_FOUND, VOUCHER_BATCH_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RESELLER_ARCHIVED, VOUCHER_BATCH_NOT_READY' })
  handOver(
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @Body() dto: CreateResellerHandoverDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<ResellerCardsResultDto> {
    return this.resellers.handOver(providerId, params.id, dto, actor, context);
  }

  @Post(':id/returns')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take unsold cards back from the reseller (named like a handover); sold cards and cards it does not hold are refused' })
  @ApiOkResponse({ type: ResellerCardsResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND, VOUCHER_NOT_FOUND, VOUCHER_BATCH_NOT_FOUND' })
  takeBack(
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @Body() dto: CreateResellerReturnDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<ResellerCardsResultDto> {
    return this.resellers.takeBack(providerId, params.id, dto, actor, context);
  }

  @Post(':id/collections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record money received from the reseller (cash or M-Pesa): lowers what it owes; not a sale' })
  @ApiCreatedResponse({ type: ResellerCollectionDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (amount, method, receivedAt in the future)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND' })
  collect(
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @Body() dto: CreateResellerCollectionDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<ResellerCollectionDto> {
    return this.resellers.collect(providerId, params.id, dto, actor, context);
  }

  @Post(':id/collections/:collectionId/reverse')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reverse a mistaken collection with an entry of the negated amount (once; nothing is deleted)' })
  @ApiCreatedResponse({ type: ResellerCollectionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND, RESELLER_COLLECTION_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RESELLER_COLLECTION_ALREADY_REVERSED' })
  reverse(
    @Param() params: ResellerCollectionParamsDto,
    @TenantId() providerId: string,
    @Body() dto: ReverseResellerCollectionDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<ResellerCollectionDto> {
    return this.resellers.reverseCollection(providerId, params.id, params.collectionId, dto, actor, context);
  }

  @Get(':id/statement')
  @ApiOperation({ summary: "The reseller's statement for a range: handovers, returns, sales and refunds per day, collections, opening and closing balance" })
  @ApiOkResponse({ type: ResellerStatementDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND' })
  statement(@Param() params: IdParamDto, @TenantId() providerId: string, @Query() query: ResellerStatementQueryDto): Promise<ResellerStatementDto> {
    return this.resellers.statement(providerId, params.id, query);
  }

  @Get(':id/statement.csv')
  @ApiOperation({ summary: "The reseller's statement as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'RESELLER_NOT_FOUND' })
  async statementCsv(@Param() params: IdParamDto, @TenantId() providerId: string, @Query() query: ResellerStatementQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const file = await this.resellers.statementCsv(providerId, params.id, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }
}
