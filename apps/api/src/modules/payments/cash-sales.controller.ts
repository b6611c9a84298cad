import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { CashSaleResultDto, CreateCashSaleDto } from './dto/cash-sale.dto';
import { CashSalesService } from './cash-sales.service';

/** Printed vouchers sold for cash, into the ledger (docs/cash-sales.md). Owner and staff. */
@ApiTags('cash sales')
@ApiBearerAuth()
@Controller('cash-sales')
export class CashSalesController {
  constructor(private readonly cash: CashSalesService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record printed vouchers as sold for cash (ids, typed or scanned codes, or a batch and range; at most 10,000): one ledger row each, commission 0; already recorded ones are skipped, disabled/refunded/unsold-expired ones refused',
  })
  @ApiOkResponse({ type: CashSaleResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (not exactly one way of naming vouchers, an unreadable code, an empty range, soldAt in the future)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'VOUCHER_NOT_FOUND (details list the ids or codes), VOUCHER_BATCH_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_BATCH_NOT_READY (still generating, or failed)' })
  record(@TenantId() providerId: string, @Body() dto: CreateCashSaleDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CashSaleResultDto> {
    return this.cash.record(providerId, dto, actor, context);
  }
}
