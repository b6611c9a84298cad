import { Injectable } from '@nestjs/common';
import { UsersService } from '../auth';
import { choicesOf, type AlertChoices } from './alert-choices';
import type { AlertLanguage } from './alert-kinds';
import { AlertsRepository } from './alerts.repository';

/** A person who may be alerted, with their choices applied. */
export interface AlertRecipient {
  userId: string;
  name: string;
  email: string;
  /** `+2547…`, or null: no SMS whatever the choices */
  phone: string | null;
  language: AlertLanguage;
  choices: AlertChoices;
}

/** Who hears about a provider's alerts: its active owner and staff, with their choices (the owner's defaults: every category by e-mail). */
@Injectable()
export class AlertRecipients {
  constructor(
    private readonly users: UsersService,
    private readonly repo: AlertsRepository,
  ) {}

  async forProvider(providerId: string): Promise<AlertRecipient[]> {
    const members = (await this.users.listForProvider(providerId)).filter((u) => u.isActive && (u.role === 'provider_owner' || u.role === 'provider_staff'));
    const rows = new Map((await this.repo.findPreferences(members.map((u) => u.id))).map((r) => [r.userId, r]));
    return members.map((u) => {
      const { language, choices } = choicesOf(rows.get(u.id), u.role);
      return { userId: u.id, name: u.name, email: u.email, phone: u.phone, language, choices };
    });
  }
}
