import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { ApproveProviderDto, ListProvidersQueryDto, ProviderDto, ProviderPageDto, ReasonDto } from './dto/provider.dto';
import { ProvidersService } from './providers.service';

@ApiTags('admin: providers')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/providers')
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PROVIDER_NOT_FOUND' })
export class AdminProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Get()
  @ApiOperation({ summary: 'List providers, newest first' })
  @ApiOkResponse({ type: ProviderPageDto })
  list(@Query() query: ListProvidersQueryDto): Promise<ProviderPageDto> {
    return this.providers.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProviderDto })
  get(@Param() { id }: IdParamDto): Promise<ProviderDto> {
    return this.providers.get(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PROVIDER_INVALID_TRANSITION' })
  @ApiOperation({ summary: 'Approve: starts the trial and confirms the business type (commission follows the confirmed type)' })
  approve(@Param() { id }: IdParamDto, @Body() { type }: ApproveProviderDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ProviderDto> {
    return this.providers.transition(id, 'approve', actor, context, undefined, type);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PROVIDER_INVALID_TRANSITION' })
  reject(@Param() { id }: IdParamDto, @Body() { reason }: ReasonDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ProviderDto> {
    return this.providers.transition(id, 'reject', actor, context, reason);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PROVIDER_INVALID_TRANSITION' })
  suspend(@Param() { id }: IdParamDto, @Body() { reason }: ReasonDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ProviderDto> {
    return this.providers.transition(id, 'suspend', actor, context, reason);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: ProviderDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PROVIDER_INVALID_TRANSITION' })
  reactivate(@Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ProviderDto> {
    return this.providers.transition(id, 'reactivate', actor, context);
  }
}
