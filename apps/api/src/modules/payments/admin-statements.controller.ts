import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { PageQueryDto } from '../../common/pagination/page';
import { AdminStatementLinesQueryDto, PullRegistrationDto, StatementLinePageDto, StatementSourceDto, StatementUploadDto, StatementUploadPageDto, UploadStatementDto } from './dto/statement.dto';
import { StatementsService } from './statements.service';

/** The super admin's statement reconciliation: the platform's shortcode, and every shortcode's Pull health and unmatched lines. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('super_admin')
@Controller('admin/payments')
export class AdminStatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get('statement-sources')
  @ApiOperation({ summary: 'Every shortcode pulled with Daraja Pull Transactions (platform and own-account), with its health' })
  @ApiOkResponse({ type: [StatementSourceDto] })
  sources(): Promise<StatementSourceDto[]> {
    return this.statements.listSources();
  }

  @Post('statement-sources/platform/pull-registration')
  @HttpCode(200)
  @ApiOperation({ summary: "Register the platform's shortcode for Pull Transactions (one time) and start pulling its statement" })
  @ApiOkResponse({ type: StatementSourceDto })
  registerPlatformPull(@Body() dto: PullRegistrationDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementSourceDto> {
    return this.statements.registerPull({ providerId: null }, dto.nominatedNumber, actor, context);
  }

  @Get('statement-lines')
  @ApiOperation({ summary: 'Statement lines of every shortcode (filter unmatched: money that matches no purchase)' })
  @ApiOkResponse({ type: StatementLinePageDto })
  lines(@Query() query: AdminStatementLinesQueryDto): Promise<StatementLinePageDto> {
    return this.statements.listLines(null, query);
  }

  @Post('statements')
  @HttpCode(201)
  @ApiOperation({ summary: "Upload the platform shortcode's org-portal statement (CSV) and preview what applying it would do" })
  @ApiCreatedResponse({ type: StatementUploadDto })
  upload(@Body() dto: UploadStatementDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementUploadDto> {
    return this.statements.upload({ providerId: null }, dto, actor, context);
  }

  @Get('statements')
  @ApiOperation({ summary: "Uploads of the platform shortcode's statement, newest first" })
  @ApiOkResponse({ type: StatementUploadPageDto })
  uploads(@Query() query: PageQueryDto): Promise<StatementUploadPageDto> {
    return this.statements.listUploads({ providerId: null }, query);
  }

  @Get('statements/:id')
  @ApiOperation({ summary: 'One platform statement upload with its preview (or result) lines' })
  @ApiOkResponse({ type: StatementUploadDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'STATEMENT_UPLOAD_NOT_FOUND' })
  getUpload(@Param() params: IdParamDto): Promise<StatementUploadDto> {
    return this.statements.getUpload({ providerId: null }, params.id);
  }

  @Post('statements/:id/apply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply a previewed platform statement' })
  @ApiOkResponse({ type: StatementUploadDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'STATEMENT_ALREADY_APPLIED' })
  apply(@Param() params: IdParamDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<StatementUploadDto> {
    return this.statements.applyUpload({ providerId: null }, params.id, actor, context);
  }
}
