import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
import { PasswordResetService } from './password-reset.service';
import { StaffInvitationsService } from './staff-invitations.service';
import { RateLimit } from '../../common/http/rate-limit';
import {
  AcceptInvitationDto,
  ChangePasswordDto,
  InvitationDto,
  InvitationTokenDto,
  LoginDto,
  PasswordResetAcceptedDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
} from './dto/login.dto';
import { MeDto, TokenPairDto, UpdateMeDto } from './dto/me.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
    private readonly invitations: StaffInvitationsService,
  ) {}

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

  @Patch('me')
  @OpenTo('suspended')
  @UserOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own profile: the mobile number SMS alerts go to (docs/alerts.md)' })
  @ApiOkResponse({ type: MeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED (phone is not a Kenyan mobile number)' })
  updateMe(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateMeDto, @ClientContext() context: RequestContext): Promise<MeDto> {
    return this.auth.updateMe(principal, dto, context);
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

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @RateLimit({ name: 'auth-password-reset', limit: 20, windowSeconds: 3600 })
  @ApiOperation({
    summary: 'E-mail a password-reset link',
    description: 'Always 202 with the same answer, whether or not an account uses the e-mail (deactivated accounts get nothing). The link works once, for 30 minutes; a new request voids older links.',
  })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'PASSWORD_RESET_THROTTLED: more than 5 requests for one e-mail in an hour (Retry-After header)' })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto, @ClientContext() context: RequestContext): Promise<PasswordResetAcceptedDto> {
    await this.passwordReset.request(dto.email, context);
    return { message: 'If an account uses this e-mail, a link to reset its password is on its way.' };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(200)
  @RateLimit({ name: 'auth-password-reset-confirm', limit: 30, windowSeconds: 3600 })
  @ApiOperation({ summary: 'Set a new password with the e-mailed token; every session of the account ends, and a new one is returned' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'INVALID_RESET_TOKEN (unknown, used, replaced or expired), VALIDATION_FAILED' })
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto, @ClientContext() context: RequestContext): Promise<TokenPairDto> {
    const user = await this.passwordReset.confirm(dto, context);
    return this.auth.signIn(user, context, 'password_reset');
  }

  @Public()
  @Post('invitation/check')
  @HttpCode(200)
  @RateLimit({ name: 'auth-invitation', limit: 30, windowSeconds: 3600 })
  @ApiOperation({ summary: "A staff invitation link's details (who, which business, until when), before the password is chosen" })
  @ApiOkResponse({ type: InvitationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'INVITATION_EXPIRED, INVALID_INVITATION (used, replaced, unknown or removed), VALIDATION_FAILED' })
  checkInvitation(@Body() dto: InvitationTokenDto): Promise<InvitationDto> {
    return this.invitations.check(dto.token);
  }

  @Public()
  @Post('invitation/accept')
  @HttpCode(200)
  @RateLimit({ name: 'auth-invitation', limit: 30, windowSeconds: 3600 })
  @ApiOperation({ summary: 'Set the password with the e-mailed invitation token; answers a new session (the link works once)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'INVITATION_EXPIRED, INVALID_INVITATION (used, replaced, unknown or removed), VALIDATION_FAILED' })
  async acceptInvitation(@Body() dto: AcceptInvitationDto, @ClientContext() context: RequestContext): Promise<TokenPairDto> {
    const user = await this.invitations.accept(dto, context);
    return this.auth.signIn(user, context, 'invitation');
  }
}
