import type { AlertKind } from './alert-kinds';

/**
 * What an alert says, kept on the alert row when the event is taken (docs/alerts.md): enough to
 * word the message in either language later, and nothing secret (no phone, no password).
 */
export type AlertSubject =
  | { kind: 'router_offline'; routerId: string; routerName: string; status: 'offline' | 'error'; since: string }
  | { kind: 'router_back'; routerId: string; routerName: string; downSince: string | null; backAt: string }
  | { kind: 'provisioning_failed'; routerId: string; routerName: string; change: string; error: string }
  | { kind: 'attention'; itemId: string; amountMinor: number; currency: string; reason: string; receipt: string | null }
  | { kind: 'subscription_lapse'; subscriptionId: string; days: number; periodEnd: string; trial: boolean };

export type SubjectOf<K extends AlertKind> = Extract<AlertSubject, { kind: K }>;
