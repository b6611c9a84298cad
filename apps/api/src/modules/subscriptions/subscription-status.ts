import type { BillingPeriod } from './entities/platform-plan.entity';

export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'paused'] as const;
/**
 * - trialing: free trial from approval; no plan limits
 * - active:   paid up to currentPeriodEnd
 * - past_due: expired, inside the grace period (sales continue until graceEndsAt)
 * - paused:   grace over: captive sales paused until paid (or extended/waived)
 */
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type SubscriptionEvent = { type: 'paid'; period: BillingPeriod; periods: number } | { type: 'extend'; days: number } | { type: 'expire'; graceDays: number } | { type: 'pause' };

export interface SubscriptionState {
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  graceEndsAt: Date | null;
  pausedAt: Date | null;
}

export class SubscriptionTransitionError extends Error {}

const DAY_MS = 86_400_000;

/** In good standing: the period has not ended. */
function isCurrent(state: Pick<SubscriptionState, 'status' | 'currentPeriodEnd'>, now: Date): boolean {
  return (state.status === 'trialing' || state.status === 'active') && state.currentPeriodEnd.getTime() > now.getTime();
}

/** Captive sales allowed: everything but paused (past_due is the grace period). */
export function salesAllowed(status: SubscriptionStatus): boolean {
  return status !== 'paused';
}

/** `from` plus `n` calendar months (UTC), clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(from: Date, n: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function addPeriods(from: Date, period: BillingPeriod, periods: number): Date {
  return addMonths(from, (period === 'yearly' ? 12 : 1) * periods);
}

function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** The trial a newly approved provider starts with. */
export function trialState(now: Date, trialDays: number): SubscriptionState {
  return { status: 'trialing', currentPeriodStart: now, currentPeriodEnd: addDays(now, trialDays), graceEndsAt: null, pausedAt: null };
}

/**
 * The one place the subscription life cycle lives:
 *
 *   trialing ─paid──▶ active ─(period end) expire──▶ past_due ─(grace end) pause──▶ paused
 *       │                ▲  ▲──────────────paid / extend──────────┘                  │
 *       └─expire──▶ past_due                 └───────────────paid / extend────────────┘
 *
 * A payment extends from the current end while still current (trial days are kept), else from now.
 * An admin extension adds days the same way and keeps a trial a trial.
 */
export function transition(state: SubscriptionState, event: SubscriptionEvent, now: Date): SubscriptionState {
  const current = isCurrent(state, now);
  switch (event.type) {
    case 'paid': {
      const from = current ? state.currentPeriodEnd : now;
      return { status: 'active', currentPeriodStart: from, currentPeriodEnd: addPeriods(from, event.period, event.periods), graceEndsAt: null, pausedAt: null };
    }
    case 'extend': {
      if (event.days < 1) throw new SubscriptionTransitionError('extend needs at least one day');
      const from = current ? state.currentPeriodEnd : now;
      const status = current && state.status === 'trialing' ? 'trialing' : 'active';
      return { status, currentPeriodStart: current ? state.currentPeriodStart : now, currentPeriodEnd: addDays(from, event.days), graceEndsAt: null, pausedAt: null };
    }
    case 'expire': {
      if (!(state.status === 'trialing' || state.status === 'active') || state.currentPeriodEnd.getTime() > now.getTime()) {
        throw new SubscriptionTransitionError(`cannot expire a ${state.status} subscription before its end`);
      }
      return { ...state, status: 'past_due', graceEndsAt: addDays(state.currentPeriodEnd, event.graceDays) };
    }
    case 'pause': {
      if (state.status !== 'past_due' || !state.graceEndsAt || state.graceEndsAt.getTime() > now.getTime()) {
        throw new SubscriptionTransitionError(`cannot pause a ${state.status} subscription before its grace period ends`);
      }
      return { ...state, status: 'paused', pausedAt: now };
    }
  }
}

/** What the daily job should do to this subscription now, if anything. */
export function dueEvent(state: SubscriptionState, now: Date): 'expire' | 'pause' | null {
  if ((state.status === 'trialing' || state.status === 'active') && state.currentPeriodEnd.getTime() <= now.getTime()) return 'expire';
  if (state.status === 'past_due' && state.graceEndsAt && state.graceEndsAt.getTime() <= now.getTime()) return 'pause';
  return null;
}

const REMINDER_DAYS = [7, 3, 1] as const;

/** Whole days left (rounded up) while current, else 0. */
export function daysLeft(state: Pick<SubscriptionState, 'status' | 'currentPeriodEnd'>, now: Date): number {
  if (!isCurrent(state, now)) return 0;
  return Math.ceil((state.currentPeriodEnd.getTime() - now.getTime()) / DAY_MS);
}

/** The reminder due now (7, 3 or 1 days before the end), or null. A missed day sends only the nearest one. */
export function dueReminder(state: SubscriptionState, now: Date): number | null {
  const left = daysLeft(state, now);
  if (left <= 0) return null;
  const due = [...REMINDER_DAYS].sort((a, b) => a - b).find((d) => left <= d);
  return due ?? null;
}

/** The life-cycle fields of a stored subscription. */
export function stateOf(sub: SubscriptionState): SubscriptionState {
  return { status: sub.status, currentPeriodStart: sub.currentPeriodStart, currentPeriodEnd: sub.currentPeriodEnd, graceEndsAt: sub.graceEndsAt, pausedAt: sub.pausedAt };
}
