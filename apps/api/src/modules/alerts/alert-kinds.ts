/**
 * What an alert is about (docs/alerts.md). A person chooses per category and channel; each kind
 * belongs to one category, and the storm rule groups alerts by kind.
 */
export const ALERT_CATEGORIES = ['router', 'provisioning', 'payments', 'subscription'] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export type AlertKind = 'router_offline' | 'router_back' | 'provisioning_failed' | 'attention' | 'subscription_lapse';

export const CATEGORY_OF: Record<AlertKind, AlertCategory> = {
  router_offline: 'router',
  router_back: 'router',
  provisioning_failed: 'provisioning',
  attention: 'payments',
  subscription_lapse: 'subscription',
};

/** Kinds read from the routers module's events (their cursor is shared). */
export const ROUTER_EVENT_KINDS: AlertKind[] = ['router_offline', 'router_back', 'provisioning_failed'];

export type AlertChannel = 'email' | 'sms';

export const ALERT_LANGUAGES = ['en', 'sw'] as const;
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number];

/** Categories only the owner may receive: staff cannot open the subscription page either. */
export const OWNER_ONLY_CATEGORIES: AlertCategory[] = ['subscription'];
