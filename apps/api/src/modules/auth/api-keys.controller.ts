import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

/** Managed by the provider owner in the dashboard (not with an API key). */
@ApiTags('api keys')
@ApiBearerAuth()
@UserOnly()
@Roles('provider_owner')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto })
  list(@TenantId() providerId: string): Promise<ApiKeyListDto> {
    return this.apiKeys.list(providerId);
  }

  @Post()
  @ApiOperation({ summary: 'Create a key; the secret is returned only in this answer' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@TenantId() providerId: string, @Body() dto: CreateApiKeyDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(providerId, dto, actor, context);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key (it stops working at once)' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'API_KEY_NOT_FOUND' })
  revoke(@TenantId() providerId: string, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ApiKeyDto> {
    return this.apiKeys.revoke(providerId, id, actor, context);
  }
}
