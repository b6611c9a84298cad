import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { AuditService } from './audit.service';
import { AuditLogPageDto, ListAuditLogsQueryDto } from './dto/audit-log.dto';

@ApiTags('audit log')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @UserOnly()
  @Roles('super_admin', 'provider_owner')
  @ApiOperation({ summary: 'Audit log, newest first, filtered by actor, action, provider (super admin) and dates' })
  @ApiOkResponse({ type: AuditLogPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListAuditLogsQueryDto): Promise<AuditLogPageDto> {
    return this.audit.list(principal, query);
  }
}
