import { MAGIC_SUFFIXES } from './result-codes';
import type { CallbackSettings, PhoneAction, PhoneRule, PhoneSettings } from './types';

export const DEFAULT_PHONE_SETTINGS: PhoneSettings = {
  defaultAction: 'approve',
  decisionDelayMs: 0,
  pin: '1234',
  manualTimeoutMs: 60_000,
  magicNumbers: true,
  rules: [],
};

export interface PushFacts {
  phoneNumber: string;
  amount: number;
  shortcode: string;
  accountReference: string;
}

export interface PhoneDecision {
  action: PhoneAction;
  delayMs: number;
  callback: Partial<CallbackSettings>;
}

function matches(rule: PhoneRule, push: PushFacts): boolean {
  const m = rule.match;
  if (m.phone !== undefined && m.phone !== push.phoneNumber) return false;
  if (m.phoneSuffix !== undefined && !push.phoneNumber.endsWith(m.phoneSuffix)) return false;
  if (m.amount !== undefined && m.amount !== push.amount) return false;
  if (m.minAmount !== undefined && push.amount < m.minAmount) return false;
  if (m.maxAmount !== undefined && push.amount > m.maxAmount) return false;
  if (m.shortcode !== undefined && m.shortcode !== push.shortcode) return false;
  if (m.accountReference !== undefined && m.accountReference !== push.accountReference) return false;
  return true;
}

/** Picks what the customer's phone does: first matching rule, then magic numbers, then the default. */
export function decide(settings: PhoneSettings, push: PushFacts): PhoneDecision {
  const index = settings.rules.findIndex((r) => matches(r, push));
  if (index >= 0) {
    const rule = settings.rules[index];
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) settings.rules.splice(index, 1);
    }
    return { action: rule.action, delayMs: rule.delayMs ?? settings.decisionDelayMs, callback: rule.callback ?? {} };
  }
  if (settings.magicNumbers) {
    const magic = MAGIC_SUFFIXES[push.phoneNumber.slice(-4)];
    if (magic) return { action: magic, delayMs: settings.decisionDelayMs, callback: {} };
  }
  return { action: settings.defaultAction, delayMs: settings.decisionDelayMs, callback: {} };
}
