import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientContext, CurrentPrincipal, OpenTo, RequestContext, UserOnly } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { AlertPreferencesService } from './alert-preferences.service';
import { AlertPreferencesDto, UpdateAlertPreferencesDto } from './dto/alert-preferences.dto';

/** The signed-in person's alert choices, beside their profile (`/auth/me`). */
@ApiTags('auth')
@Controller('auth/me/alert-preferences')
export class AlertPreferencesController {
  constructor(private readonly preferences: AlertPreferencesService) {}

  @Get()
  @UserOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your alert choices: per category, e-mail and SMS (docs/alerts.md)' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (a super admin or an API key)' })
  get(@CurrentPrincipal() principal: Principal): Promise<AlertPreferencesDto> {
    return this.preferences.get(principal);
  }

  @Put()
  @OpenTo('suspended')
  @UserOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Replace your alert choices' })
  @ApiOkResponse({ type: AlertPreferencesDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'VALIDATION_FAILED, ALERT_PHONE_REQUIRED (SMS chosen without a mobile number on your profile), ALERT_CATEGORY_NOT_AVAILABLE (staff: the subscription)',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'FORBIDDEN (a super admin or an API key)' })
  update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateAlertPreferencesDto, @ClientContext() context: RequestContext): Promise<AlertPreferencesDto> {
    return this.preferences.update(principal, dto, context);
  }
}
