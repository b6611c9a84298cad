import type { Role } from '../../common/auth/principal';
import { ALERT_CATEGORIES, type AlertCategory, type AlertChannel, type AlertLanguage, OWNER_ONLY_CATEGORIES } from './alert-kinds';
import type { AlertPreference } from './entities/alert-preference.entity';

/** A person's choices: per category, e-mail and SMS. */
export type AlertChoices = Record<AlertCategory, Record<AlertChannel, boolean>>;

/** The categories a role may receive: staff never get what they cannot open (the subscription). */
export function availableCategories(role: Role): AlertCategory[] {
  return ALERT_CATEGORIES.filter((c) => role === 'provider_owner' || !OWNER_ONLY_CATEGORIES.includes(c));
}

/**
 * Without a saved choice: the owner gets every category by e-mail, staff nothing (they opt in).
 * SMS is never on by default (it costs the provider money and needs a phone).
 */
export function defaultChoices(role: Role): AlertChoices {
  const owner = role === 'provider_owner';
  return Object.fromEntries(ALERT_CATEGORIES.map((c) => [c, { email: owner, sms: false }])) as AlertChoices;
}

export function choicesOf(row: AlertPreference | undefined, role: Role): { language: AlertLanguage; choices: AlertChoices; saved: boolean } {
  if (!row) return { language: 'en', choices: defaultChoices(role), saved: false };
  const choices: AlertChoices = {
    router: { email: row.routerEmail, sms: row.routerSms },
    provisioning: { email: row.provisioningEmail, sms: row.provisioningSms },
    payments: { email: row.paymentsEmail, sms: row.paymentsSms },
    subscription: { email: row.subscriptionEmail, sms: row.subscriptionSms },
  };
  // a staff member's row never opens an owner-only category (a member made staff keeps nothing of it)
  for (const c of ALERT_CATEGORIES) if (!availableCategories(role).includes(c)) choices[c] = { email: false, sms: false };
  return { language: row.language, choices, saved: true };
}

export function toRow(userId: string, language: AlertLanguage, c: AlertChoices): Omit<AlertPreference, 'updatedAt'> {
  return {
    userId,
    language,
    routerEmail: c.router.email,
    routerSms: c.router.sms,
    provisioningEmail: c.provisioning.email,
    provisioningSms: c.provisioning.sms,
    paymentsEmail: c.payments.email,
    paymentsSms: c.payments.sms,
    subscriptionEmail: c.subscription.email,
    subscriptionSms: c.subscription.sms,
  };
}
