import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { UsersService } from '../auth';
import { availableCategories, choicesOf, toRow } from './alert-choices';
import { ALERT_CATEGORIES } from './alert-kinds';
import { AlertsErrorCode, AlertsException } from './alerts.exception';
import { AlertsRepository } from './alerts.repository';
import { AlertPreferencesDto, AlertThresholds, mapPreferences, UpdateAlertPreferencesDto } from './dto/alert-preferences.dto';

/** A person's own alert choices (docs/alerts.md "Preferences"): read and replace, audited. */
@Injectable()
export class AlertPreferencesService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get thresholds(): AlertThresholds {
    return { routerOfflineMinutes: this.config.alerts.routerOfflineMinutes, subscriptionDays: this.config.alerts.subscriptionDays };
  }

  async get(principal: Principal): Promise<AlertPreferencesDto> {
    const user = await this.member(principal);
    const [row] = await this.repo.findPreferences([user.id]);
    return mapPreferences(choicesOf(row, user.role), availableCategories(user.role), user.phone, this.thresholds);
  }

  /**
   * Replaces the choices. Refused, changing nothing: a category the role may not receive
   * (staff and the subscription), SMS without a mobile number on the profile.
   */
  async update(principal: Principal, dto: UpdateAlertPreferencesDto, context: RequestContext): Promise<AlertPreferencesDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const user = await this.member(principal, manager);
      const available = availableCategories(user.role);
      const closed = ALERT_CATEGORIES.filter((c) => !available.includes(c) && (dto.categories[c].email || dto.categories[c].sms));
      if (closed.length) {
        throw new AlertsException(
          AlertsErrorCode.ALERT_CATEGORY_NOT_AVAILABLE,
          'Only the business owner receives subscription alerts',
          closed.map((c) => ({ field: `categories.${c}`, messages: ['only the business owner receives these alerts'] })),
        );
      }
      const smsWithoutPhone = ALERT_CATEGORIES.filter((c) => dto.categories[c].sms);
      if (!user.phone && smsWithoutPhone.length) {
        throw new AlertsException(
          AlertsErrorCode.ALERT_PHONE_REQUIRED,
          'Add your mobile number before choosing SMS alerts',
          smsWithoutPhone.map((c) => ({ field: `categories.${c}.sms`, messages: ['needs a mobile number on your profile'] })),
        );
      }
      const [before] = await this.repo.findPreferences([user.id], manager);
      const previous = choicesOf(before, user.role);
      const choices = Object.fromEntries(ALERT_CATEGORIES.map((c) => [c, { email: dto.categories[c].email, sms: dto.categories[c].sms }])) as typeof previous.choices;
      await this.repo.savePreference(manager, toRow(user.id, dto.language, choices));
      await this.audit.record(
        {
          action: 'user.alert_preferences_changed',
          actor: principal,
          target: { type: 'user', id: user.id },
          context,
          metadata: { language: dto.language, categories: choices, before: { language: previous.language, categories: previous.choices, saved: previous.saved } },
        },
        manager,
      );
      return mapPreferences({ language: dto.language, choices, saved: true }, available, user.phone, this.thresholds);
    });
  }

  /** The signed-in owner or staff member (a super admin has no provider to be alerted about). */
  private async member(principal: Principal, manager?: Parameters<UsersService['findById']>[1]) {
    const user = principal.userId ? await this.users.findById(principal.userId, manager) : null;
    if (!user || !user.providerId || (user.role !== 'provider_owner' && user.role !== 'provider_staff')) {
      throw new CommonException(CommonErrorCode.FORBIDDEN, 'Alerts are for the people of a business account');
    }
    return user;
  }
}
