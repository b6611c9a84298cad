import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CreatedStaffDto, CreateStaffDto, StaffListDto, StaffUserDto } from './dto/staff.dto';
import { StaffInvitationsService } from './staff-invitations.service';
import { StaffService } from './staff.service';

/** The provider owner's team (staff cannot reach payment settings, API keys, subscription or this page). */
@ApiTags('staff')
@ApiBearerAuth()
@UserOnly()
@Roles('provider_owner')
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (staff, API keys, super admin)' })
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly invitations: StaffInvitationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Users of your account (owner and staff, removed ones included)' })
  @ApiOkResponse({ type: StaffListDto })
  list(@TenantId() providerId: string): Promise<StaffListDto> {
    return this.staff.list(providerId);
  }

  @Post()
  @ApiOperation({
    summary: 'Invite a staff member',
    description: 'Creates the account without a password and e-mails them a link to set one (single use, 72 hours). They cannot sign in until they do; the list shows them as `invited` meanwhile.',
  })
  @ApiCreatedResponse({ type: CreatedStaffDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'EMAIL_TAKEN' })
  create(@TenantId() providerId: string, @Body() dto: CreateStaffDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CreatedStaffDto> {
    return this.staff.create(providerId, dto, actor, context);
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the invitation again (a new link; the older one stops working). At most 5 an hour per member' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'STAFF_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'INVITATION_NOT_PENDING (they already set a password, or were removed)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'INVITATION_THROTTLED (Retry-After header)' })
  resendInvitation(@TenantId() providerId: string, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StaffUserDto> {
    return this.invitations.resend(providerId, id, actor, context);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a staff user: deactivated and signed out everywhere at once' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'STAFF_NOT_FOUND' })
  remove(@TenantId() providerId: string, @Param() { id }: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StaffUserDto> {
    return this.staff.remove(providerId, id, actor, context);
  }
}
