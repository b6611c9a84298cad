import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, RouterIo, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { AdoptHotspotUserDto, ComplimentaryVoucherDto, HotspotUserKindQueryDto, RouterHotspotUserParamDto, RouterHotspotUsersDto } from './dto/router-hotspot-user.dto';
import { VoucherDto } from './dto/voucher.dto';
import { RouterHotspotUsersService } from './router-hotspot-users.service';

const ROUTER_FAILED = 'ROUTER_UNREACHABLE / ROUTER_CALL_FAILED / ROUTER_PROTOCOL_ERROR / ROUTER_CERTIFICATE_CHANGED';

/** "Hotspot users on the router" (docs/routers.md): the router's own hotspot users, and vouchers made from the router page. */
@ApiTags('routers')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: "ROUTER_NOT_FOUND (also for other providers' routers), ROUTER_HOTSPOT_USER_NOT_FOUND" })
@Controller('routers')
export class RouterHotspotUsersController {
  constructor(private readonly users: RouterHotspotUsersService) {}

  @Get(':id/hotspot-users')
  @RouterIo()
  @ApiOperation({ summary: "The router's hotspot users, live: each managed by Wavu, unknown or disabled, with usage and whether it is online now (at most 2,000)" })
  @ApiOkResponse({ type: RouterHotspotUsersDto })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: ROUTER_FAILED })
  list(@TenantId() providerId: string, @Param() { id }: IdParamDto, @Query() query: HotspotUserKindQueryDto): Promise<RouterHotspotUsersDto> {
    return this.users.list(providerId, id, query.kind);
  }

  @Delete(':id/hotspot-users/:name')
  @Roles('provider_owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a hotspot user Wavu does not manage from the router (its sessions end); a voucher’s user is refused' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ROUTER_HOTSPOT_USER_MANAGED (change it through its voucher)' })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: ROUTER_FAILED })
  remove(@TenantId() providerId: string, @Param() { id, name }: RouterHotspotUserParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<void> {
    return this.users.remove(providerId, id, name, actor, context);
  }

  @Post(':id/hotspot-users/:name/adopt')
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Adopt a hotspot user Wavu does not manage: it becomes a sold voucher on a plan of this router, same login and password, and Wavu manages it from then on' })
  @ApiCreatedResponse({ type: VoucherDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'ROUTER_HOTSPOT_USER_MANAGED, VOUCHER_CODE_TAKEN, VOUCHER_ADOPT_REFUSED (name or password unusable as a voucher), VOUCHER_PLAN_NOT_ON_ROUTER, VOUCHER_PLAN_ARCHIVED',
  })
  @ApiBadGatewayResponse({ type: ErrorResponseDto, description: ROUTER_FAILED })
  adopt(
    @TenantId() providerId: string,
    @Param() { id, name }: RouterHotspotUserParamDto,
    @Body() dto: AdoptHotspotUserDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<VoucherDto> {
    return this.users.adopt(providerId, id, name, dto, actor, context);
  }

  @Post(':id/complimentary-vouchers')
  @Roles('provider_owner')
  @ApiOperation({
    summary: 'Give a complimentary voucher on this router: price 0, reason audited, counted in reports as complimentary with 0 revenue, put on the router and expiring like any voucher',
  })
  @ApiCreatedResponse({ type: VoucherDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'VOUCHER_PLAN_NOT_ON_ROUTER, VOUCHER_PLAN_ARCHIVED' })
  complimentary(
    @TenantId() providerId: string,
    @Param() { id }: IdParamDto,
    @Body() dto: ComplimentaryVoucherDto,
    @CurrentPrincipal() actor: Principal,
    @ClientContext() context: RequestContext,
  ): Promise<VoucherDto> {
    return this.users.complimentary(providerId, id, dto, actor, context);
  }
}
