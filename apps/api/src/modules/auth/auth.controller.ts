import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AllowedBeforePasswordChange, ClientContext, CurrentPrincipal, OpenTo, Public, RequestContext, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { MeDto, TokenPairDto } from './dto/me.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'INVALID_CREDENTIALS' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'ACCOUNT_DEACTIVATED (the password was right; a super admin deactivated the account)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'LOGIN_THROTTLED (Retry-After header)' })
  login(@Body() dto: LoginDto, @ClientContext() context: RequestContext): Promise<TokenPairDto> {
    return this.auth.login(dto, context);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one is spent)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'INVALID_REFRESH_TOKEN' })
  refresh(@Body() dto: RefreshDto, @ClientContext() context: RequestContext): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, context);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token (its access tokens stop at once)' })
  @ApiNoContentResponse()
  logout(@Body() dto: RefreshDto, @ClientContext() context: RequestContext): Promise<void> {
    return this.auth.logout(dto.refreshToken, context);
  }

  @Get('me')
  @OpenTo('pending', 'rejected', 'suspended') // the SPA's status page
  @UserOnly()
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.auth.me(principal);
  }

  @Post('change-password')
  @OpenTo('pending', 'rejected', 'suspended')
  @UserOnly()
  @AllowedBeforePasswordChange()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change password (also replaces a temporary one); every other session is signed out at once' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'WRONG_PASSWORD, VALIDATION_FAILED' })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto, @ClientContext() context: RequestContext): Promise<TokenPairDto> {
    return this.auth.changePassword(principal, dto, context);
  }
}
