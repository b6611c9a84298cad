import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, OpenTo, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CustomerPageDto, CustomerPurchasesDto, ListCustomersQueryDto } from './dto/customer.dto';
import { RevealedPhoneDto } from './dto/revealed-phone.dto';
import { PaymentsService } from './payments.service';
import { PHONE_REVEAL_LIMIT, PhoneRevealService } from './phone-reveal.service';

/** Buyers of the provider, from its paid payments (phones masked). Owner and staff. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly reveal: PhoneRevealService,
  ) {}

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

  @Post(':id/phone')
  @OpenTo('suspended') // a read of its own data (POST so each reveal is audited)
  @HttpCode(200)
  @Roles('provider_owner')
  @UserOnly()
  @ApiOperation({ summary: `Show this buyer's full phone number (owner only, audited as customer.phone_revealed, at most ${PHONE_REVEAL_LIMIT} an hour per user)` })
  @ApiOkResponse({ type: RevealedPhoneDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (staff, API keys)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CUSTOMER_NOT_FOUND, or PHONE_NOT_KNOWN when M-Pesa gave only a masked number' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'PHONE_REVEAL_RATE_LIMITED (Retry-After)' })
  revealPhone(@TenantId() providerId: string, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<RevealedPhoneDto> {
    return this.reveal.ofCustomer(providerId, id, actor, context);
  }
}
