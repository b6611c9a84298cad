import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, RequestContext, TenantId } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { IdParamDto } from '../../common/dto/id-param.dto';
import { CreatePlanDto, ListPlansQueryDto, PlanDto, PlanListDto, UpdatePlanDto } from './dto/plan.dto';
import { PlansService } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  @ApiOperation({ summary: "The provider's plans, active first, by sort order" })
  @ApiOkResponse({ type: PlanListDto })
  async list(@TenantId() providerId: string, @Query() query: ListPlansQueryDto): Promise<PlanListDto> {
    return { items: await this.plans.list(providerId, query) };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a plan; its hotspot profile is queued for the routers offering it' })
  @ApiCreatedResponse({ type: PlanDto })
  create(@TenantId() providerId: string, @Body() dto: CreatePlanDto, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlanDto> {
    return this.plans.create(providerId, dto, actor, context);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One plan' })
  @ApiOkResponse({ type: PlanDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'PLAN_NOT_FOUND' })
  get(@Param() params: IdParamDto, @TenantId() providerId: string): Promise<PlanDto> {
    return this.plans.get(providerId, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a plan (existing vouchers keep their snapshot); profile changes are queued for its routers' })
  @ApiOkResponse({ type: PlanDto })
  update(@Body() dto: UpdatePlanDto, @Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlanDto> {
    return this.plans.update(providerId, params.id, dto, actor, context);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop selling a plan; its vouchers keep working' })
  @ApiOkResponse({ type: PlanDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLAN_INVALID_TRANSITION' })
  archive(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlanDto> {
    return this.plans.setArchived(providerId, params.id, true, actor, context);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sell an archived plan again' })
  @ApiOkResponse({ type: PlanDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PLAN_INVALID_TRANSITION' })
  restore(@Param() params: IdParamDto, @TenantId() providerId: string, @CurrentPrincipal() actor: Principal, @ClientContext() context: RequestContext): Promise<PlanDto> {
    return this.plans.setArchived(providerId, params.id, false, actor, context);
  }
}
