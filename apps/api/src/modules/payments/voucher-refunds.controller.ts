import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { VoucherDto } from '../vouchers';
import { RefundVoucherDto } from './dto/refund.dto';
import { RefundsService } from './refunds.service';

/** `POST /vouchers/:id/refund` lives here: a refund writes the ledger reversal, which the payments module owns. */
@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('vouchers')
export class VoucherRefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post(':id/refund')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Refund a sold voucher: records how the money went back and why, removes it from the router, and (when it was paid) writes a reversing ledger entry that lowers revenue, commission and the payouts balance',
  })
  @ApiOkResponse({ type: VoucherDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (method none for a paid voucher, cash for a platform-collected one, mpesa_reversal without reference)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'VOUCHER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_INVALID_TRANSITION (not sold, e.g. already refunded), REFUND_ALREADY_RECORDED' })
  refund(
    @Body() dto: RefundVoucherDto,
    @Param() params: IdParamDto,
    @TenantId() providerId: string,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<VoucherDto> {
    return this.refunds.refundVoucher(providerId, params.id, dto, actor, context);
  }
}
