import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { AdminUsersService } from './admin-users.service';
import { AdminPasswordResetDto, AdminUserDto, AdminUserPageDto, CreatedSuperAdminDto, CreateSuperAdminDto, DeactivateUserDto, ListUsersQueryDto } from './dto/admin-user.dto';

/** Every account on the platform, for the super admin (docs/users.md). */
@ApiTags('admin: users')
@ApiBearerAuth()
@UserOnly()
@Roles('super_admin')
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (provider owners, staff, API keys)' })
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'Search users across providers, newest first' })
  @ApiOkResponse({ type: AdminUserPageDto })
  list(@Query() query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create another super admin; the temporary password is returned only in this answer' })
  @ApiCreatedResponse({ type: CreatedSuperAdminDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'EMAIL_TAKEN' })
  create(@Body() dto: CreateSuperAdminDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CreatedSuperAdminDto> {
    return this.users.createSuperAdmin(dto, actor, context);
  }

  @Get(':id')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  get(@Param() { id }: IdParamDto): Promise<AdminUserDto> {
    return this.users.get(id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate: no sign-in, every session ended at once (refresh and access tokens, live streams)' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CANNOT_DEACTIVATE_SELF, LAST_SUPER_ADMIN' })
  deactivate(@Param() { id }: IdParamDto, @Body() { reason }: DeactivateUserDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AdminUserDto> {
    return this.users.deactivate(id, reason, actor, context);
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'E-mail the user a password-reset link',
    description: 'The same link as POST /auth/password-reset sends (single use, 30 minutes; older links stop working) and the same limit of 5 an hour per e-mail address.',
  })
  @ApiAcceptedResponse({ type: AdminPasswordResetDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'USER_DEACTIVATED (reactivate the account first)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'PASSWORD_RESET_THROTTLED (Retry-After header)' })
  sendPasswordReset(@Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AdminPasswordResetDto> {
    return this.users.sendPasswordReset(id, actor, context);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate: the user can sign in again with their password' })
  @ApiOkResponse({ type: AdminUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'USER_NOT_FOUND' })
  reactivate(@Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<AdminUserDto> {
    return this.users.reactivate(id, actor, context);
  }
}
