import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CreatedStaffDto, CreateStaffDto, StaffListDto, StaffUserDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

/** The provider owner's team (staff cannot reach payment settings, API keys, subscription or this page). */
@ApiTags('staff')
@ApiBearerAuth()
@UserOnly()
@Roles('provider_owner')
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (staff, API keys, super admin)' })
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOperation({ summary: 'Users of your account (owner and staff, removed ones included)' })
  @ApiOkResponse({ type: StaffListDto })
  list(@TenantId() providerId: string): Promise<StaffListDto> {
    return this.staff.list(providerId);
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff user; the temporary password is returned only in this answer' })
  @ApiCreatedResponse({ type: CreatedStaffDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'EMAIL_TAKEN' })
  create(@TenantId() providerId: string, @Body() dto: CreateStaffDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<CreatedStaffDto> {
    return this.staff.create(providerId, dto, actor, context);
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
