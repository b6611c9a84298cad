import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantId } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CustomerPageDto, CustomerPurchasesDto, ListCustomersQueryDto } from './dto/customer.dto';
import { PaymentsService } from './payments.service';

/** Buyers of the provider, from its paid payments (phones masked). Owner and staff. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({ summary: 'Buyers by phone (masked): purchases, total, first and last purchase; newest last purchase first' })
  @ApiOkResponse({ type: CustomerPageDto })
  list(@TenantId() providerId: string, @Query() query: ListCustomersQueryDto): Promise<CustomerPageDto> {
    return this.payments.customers(providerId, query);
  }

  @Get(':id/purchases')
  @ApiOperation({ summary: "One buyer's paid purchases, newest first" })
  @ApiOkResponse({ type: CustomerPurchasesDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CUSTOMER_NOT_FOUND' })
  purchases(@TenantId() providerId: string, @Param() { id }: IdParamDto): Promise<CustomerPurchasesDto> {
    return this.payments.customerPurchases(providerId, id);
  }
}
