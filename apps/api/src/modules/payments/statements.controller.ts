import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { PageQueryDto } from '../../common/pagination/page';
import {
  ListStatementLinesQueryDto,
  PullRegistrationDto,
  ReconciliationStatusDto,
  StatementLinePageDto,
  StatementSourceDto,
  StatementUploadDto,
  StatementUploadPageDto,
  UploadStatementDto,
} from './dto/statement.dto';
import { StatementsService } from './statements.service';

/**
 * A provider's statement reconciliation (own-account shortcodes): Pull Transactions registration,
 * statement uploads (preview, then apply) and the lines that matched nothing.
 * Registered before PaymentsController so `payments/statements` is not read as `payments/:id`.
 */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get('reconciliation')
  @ApiOperation({ summary: 'Statement reconciliation status: your shortcode, its Pull Transactions health, unmatched lines' })
  @ApiOkResponse({ type: ReconciliationStatusDto })
  status(@TenantId() providerId: string): Promise<ReconciliationStatusDto> {
    return this.statements.providerStatus(providerId);
  }

  @Post('settings/pull-registration')
  @HttpCode(200)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Register your own shortcode for Daraja Pull Transactions (one time) and start pulling its statement every 5 minutes' })
  @ApiOkResponse({ type: StatementSourceDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STATEMENT_NOT_OWN_SHORTCODE (platform collection) or PULL_SHORTCODE_TAKEN' })
  registerPull(@Body() dto: PullRegistrationDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementSourceDto> {
    return this.statements.registerPull({ providerId }, dto.nominatedNumber, actor, context);
  }

  @Get('statement-lines')
  @ApiOperation({ summary: 'Statement lines seen for your shortcode (filter unmatched: money that matches no purchase)' })
  @ApiOkResponse({ type: StatementLinePageDto })
  lines(@TenantId() providerId: string, @Query() query: ListStatementLinesQueryDto): Promise<StatementLinePageDto> {
    return this.statements.listLines(providerId, query);
  }

  @Post('statements')
  @HttpCode(201)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Upload an M-Pesa org-portal statement (CSV): nothing is settled yet, the answer previews what applying it would do' })
  @ApiCreatedResponse({ type: StatementUploadDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STATEMENT_NOT_OWN_SHORTCODE: platform collection' })
  upload(@Body() dto: UploadStatementDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementUploadDto> {
    return this.statements.upload({ providerId }, dto, actor, context);
  }

  @Get('statements')
  @ApiOperation({ summary: 'Statement uploads, newest first' })
  @ApiOkResponse({ type: StatementUploadPageDto })
  uploads(@TenantId() providerId: string, @Query() query: PageQueryDto): Promise<StatementUploadPageDto> {
    return this.statements.listUploads({ providerId }, query);
  }

  @Get('statements/:id')
  @ApiOperation({ summary: 'One statement upload with its preview (or result) lines' })
  @ApiOkResponse({ type: StatementUploadDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'STATEMENT_UPLOAD_NOT_FOUND' })
  getUpload(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<StatementUploadDto> {
    return this.statements.getUpload({ providerId }, params.id);
  }

  @Post('statements/:id/apply')
  @HttpCode(200)
  @Roles('provider_owner')
  @ApiOperation({ summary: 'Apply a previewed statement: settle the purchases it proves were paid (once), keep the rest as unmatched lines' })
  @ApiOkResponse({ type: StatementUploadDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STATEMENT_ALREADY_APPLIED' })
  apply(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementUploadDto> {
    return this.statements.applyUpload({ providerId }, params.id, actor, context);
  }
}
