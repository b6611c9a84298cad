import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, OpenTo, Public, RequestContext, Roles, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { RateLimit } from '../../common/http/rate-limit';
import { BrandingDto, UpdateBrandingDto } from './dto/branding.dto';
import { ProviderException } from './providers.exception';
import { ProviderDto, SignupDto, SignupResultDto, UpdateProviderDto } from './dto/provider.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@Controller()
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Public()
  @Post('providers/signup')
  @HttpCode(201)
  @RateLimit({ name: 'auth-signup', limit: 10, windowSeconds: 3600 })
  @ApiOperation({
    summary: 'Sign up a hotspot business (pending until a super admin approves it)',
    description: 'The answer is the same whether or not the e-mail already has an account (nothing is created then); the new owner logs in to see the application.',
  })
  @ApiCreatedResponse({ type: SignupResultDto })
  signup(@Body() dto: SignupDto, @ClientContext() context: RequestContext): Promise<SignupResultDto> {
    return this.providers.signup(dto, context);
  }

  @Get('provider')
  @OpenTo('pending', 'rejected', 'suspended')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's provider profile" })
  @ApiOkResponse({ type: ProviderDto })
  getProfile(@TenantId() providerId: string): Promise<ProviderDto> {
    return this.providers.get(providerId);
  }

  @Patch('provider')
  @OpenTo('pending', 'rejected', 'suspended') // a pending or rejected provider may fix its profile
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Update the caller's provider profile (owner)" })
  @ApiOkResponse({ type: ProviderDto })
  updateProfile(@TenantId() providerId: string, @Body() dto: UpdateProviderDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<ProviderDto> {
    return this.providers.updateProfile(providerId, dto, actor, context);
  }

  @Get('provider/branding')
  @OpenTo('pending', 'rejected', 'suspended')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's branding: name, logo and accent colour on the captive portal and printed vouchers" })
  @ApiOkResponse({ type: BrandingDto })
  async getBranding(@TenantId() providerId: string): Promise<BrandingDto> {
    const branding = await this.providers.getBranding(providerId);
    if (!branding) throw ProviderException.notFound();
    const { status: _status, ...dto } = branding;
    return dto;
  }

  @Put('provider/branding')
  @Roles('provider_owner')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set the branding (owner); omitted fields are kept, null clears' })
  @ApiOkResponse({ type: BrandingDto })
  updateBranding(@TenantId() providerId: string, @Body() dto: UpdateBrandingDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<BrandingDto> {
    return this.providers.updateBranding(providerId, dto, actor, context);
  }
}
