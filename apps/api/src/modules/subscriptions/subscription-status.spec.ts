import { paymentMismatch } from './payment-confirmation.service';
import { merchantReference } from './subscription-checkout.service';
import type { SubscriptionState } from './subscription-status';
import { addMonths, daysLeft, dueEvent, dueReminder, salesAllowed, transition, trialState } from './subscription-status';

const DAY = 86_400_000;
const t0 = new Date('2026-01-31T09:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe('subscription state machine', () => {
  const trial = trialState(t0, 14);

  it('a trial lasts the configured days', () => {
    expect(trial).toEqual({ status: 'trialing', currentPeriodStart: t0, currentPeriodEnd: at(14), graceEndsAt: null, pausedAt: null });
    expect(daysLeft(trial, t0)).toBe(14);
    expect(daysLeft(trial, at(13.5))).toBe(1);
    expect(daysLeft(trial, at(14))).toBe(0);
  });

  it('adds calendar months, clamped to the end of shorter months', () => {
    expect(addMonths(new Date('2026-01-31T09:00:00Z'), 1).toISOString()).toBe('2026-02-28T09:00:00.000Z');
    expect(addMonths(new Date('2028-01-31T09:00:00Z'), 1).toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T00:00:00Z'), 12).toISOString()).toBe('2027-03-15T00:00:00.000Z');
  });

  it('paying while current extends from the end (trial days kept); once expired, from now', () => {
    const paid = transition(trial, { type: 'paid', period: 'monthly', periods: 1 }, at(3));
    expect(paid).toMatchObject({ status: 'active', currentPeriodStart: at(14), currentPeriodEnd: addMonths(at(14), 1) });
    const renewed = transition(paid, { type: 'paid', period: 'yearly', periods: 1 }, at(20));
    expect(renewed.currentPeriodEnd).toEqual(addMonths(paid.currentPeriodEnd, 12));
    const expired = transition(paid, { type: 'expire', graceDays: 3 }, paid.currentPeriodEnd);
    const late = transition(expired, { type: 'paid', period: 'monthly', periods: 2 }, at(60));
    expect(late).toEqual({ status: 'active', currentPeriodStart: at(60), currentPeriodEnd: addMonths(at(60), 2), graceEndsAt: null, pausedAt: null });
  });

  it('expires into a grace period, then pauses; paying or extending clears both', () => {
    expect(dueEvent(trial, at(13))).toBeNull();
    expect(dueEvent(trial, at(14))).toBe('expire');
    const pastDue = transition(trial, { type: 'expire', graceDays: 3 }, at(14.1));
    expect(pastDue).toMatchObject({ status: 'past_due', graceEndsAt: at(17) });
    expect(salesAllowed(pastDue.status)).toBe(true);
    expect(dueEvent(pastDue, at(16.9))).toBeNull();
    expect(dueEvent(pastDue, at(17))).toBe('pause');
    const paused = transition(pastDue, { type: 'pause' }, at(17.5));
    expect(paused).toMatchObject({ status: 'paused', pausedAt: at(17.5) });
    expect(salesAllowed(paused.status)).toBe(false);
    expect(dueEvent(paused, at(40))).toBeNull();
    expect(transition(paused, { type: 'extend', days: 5 }, at(18))).toEqual({ status: 'active', currentPeriodStart: at(18), currentPeriodEnd: at(23), graceEndsAt: null, pausedAt: null });
  });

  it('refuses transitions that do not apply', () => {
    expect(() => transition(trial, { type: 'expire', graceDays: 3 }, at(1))).toThrow(/before its end/);
    expect(() => transition(trial, { type: 'pause' }, at(30))).toThrow(/grace period/);
    expect(() => transition(trial, { type: 'extend', days: 0 }, at(1))).toThrow(/at least one day/);
  });

  it('an admin extension keeps a trial a trial', () => {
    expect(transition(trial, { type: 'extend', days: 7 }, at(2))).toMatchObject({ status: 'trialing', currentPeriodEnd: at(21) });
  });

  it('reminders at 7, 3 and 1 days; a missed day sends only the nearest', () => {
    const at14 = (days: number) => dueReminder(trial, at(14 - days));
    expect(at14(8)).toBeNull();
    expect(at14(7)).toBe(7);
    expect(at14(6.5)).toBe(7);
    expect(at14(4)).toBe(7);
    expect(at14(3)).toBe(3);
    expect(at14(2)).toBe(3);
    expect(at14(0.5)).toBe(1);
    expect(at14(0)).toBeNull();
    const pastDue: SubscriptionState = { ...trial, status: 'past_due', graceEndsAt: at(17) };
    expect(dueReminder(pastDue, at(13))).toBeNull();
  });
});

describe('payment checks', () => {
  const invoice = { amountMinor: 250_000, currency: 'KES', merchantReference: 'SUB-1a2b3c4d-0001-1' };
  it('accepts only the invoiced amount, currency and reference', () => {
    expect(paymentMismatch(invoice, { amountMinor: 250_000, currency: 'kes', merchantReference: 'SUB-1a2b3c4d-0001-1' })).toBeNull();
    expect(paymentMismatch(invoice, { amountMinor: 249_999, currency: 'KES', merchantReference: invoice.merchantReference })).toMatch(/paid 249999/);
    expect(paymentMismatch(invoice, { amountMinor: 250_000, currency: 'USD', merchantReference: invoice.merchantReference })).toMatch(/USD/);
    expect(paymentMismatch(invoice, { amountMinor: 250_000, currency: 'KES', merchantReference: 'SUB-other' })).toMatch(/reference/);
  });
  it('merchant references are short, unique per invoice and attempt', () => {
    expect(merchantReference('1a2b3c4d-aaaa-4bbb-8ccc-000000000000', 7, 2)).toBe('SUB-1a2b3c4d-0007-2');
  });
});
