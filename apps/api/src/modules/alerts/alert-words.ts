import { gsm7Width, GSM7_SINGLE } from '@wavu/africastalking';
import { formatMoney } from '../../common/money';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import type { AlertEmailItem } from '../notifications';
import type { AlertKind, AlertLanguage } from './alert-kinds';
import type { AlertSubject, SubjectOf } from './alert-subject';

/**
 * How alerts are worded outside the e-mail templates (docs/alerts.md): the e-mail items the
 * templates render, and the SMS texts (English and Swahili, plain GSM-7, one SMS of 160
 * characters: names are shortened, never the sentence).
 */

const LOCALE_TAG: Record<AlertLanguage, string> = { en: 'en-KE', sw: 'sw-KE' };

/** 19 Mar 2026, 14:05 / 19 Mac 2026, 14:05 (Africa/Nairobi). */
function nairobiDateTime(at: Date, language: AlertLanguage): string {
  return at.toLocaleString(LOCALE_TAG[language], { timeZone: NAIROBI_TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** 19 March 2026 / 19 Machi 2026 (Africa/Nairobi). */
function nairobiDate(at: Date, language: AlertLanguage): string {
  return at.toLocaleDateString(LOCALE_TAG[language], { timeZone: NAIROBI_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
}

/** 14:05 (Africa/Nairobi), for SMS. */
function nairobiClock(at: Date): string {
  return at.toLocaleTimeString('en-GB', { timeZone: NAIROBI_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
}

const minutesBetween = (from: string | null, to: string): number | null => (from ? Math.max(1, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000)) : null);

/** The e-mail template item for one alert, in the recipient's language. */
export function emailItem(subject: AlertSubject, language: AlertLanguage): AlertEmailItem {
  switch (subject.kind) {
    case 'router_offline':
      return { kind: 'router_offline', routerName: subject.routerName, failing: subject.status === 'error', since: nairobiDateTime(new Date(subject.since), language) };
    case 'router_back':
      return { kind: 'router_back', routerName: subject.routerName, downMinutes: minutesBetween(subject.downSince, subject.backAt) };
    case 'provisioning_failed':
      return { kind: 'provisioning_failed', routerName: subject.routerName, change: subject.change, error: subject.error };
    case 'attention':
      return { kind: 'attention', amount: formatMoney(subject.amountMinor, subject.currency), reason: subject.reason, receipt: subject.receipt };
    case 'subscription_lapse':
      return { kind: 'subscription_lapse', days: subject.days, endsOn: nairobiDate(new Date(subject.periodEnd), language), trial: subject.trial };
  }
}

/** The text with every character outside GSM-7's basic table replaced (one SMS part, never UCS-2). */
function gsm7(text: string): string {
  return [...text].map((c) => (gsm7Width(c) === 1 ? c : c === '’' || c === '‘' ? "'" : c === '“' || c === '”' ? '"' : c === '–' || c === '—' ? '-' : '?')).join('');
}

/** Shortens a name to `max` characters (…as "..."). */
function clip(name: string, max: number): string {
  const clean = gsm7(name.replace(/\s+/g, ' ').trim());
  return clean.length <= max ? clean : `${clean.slice(0, Math.max(1, max - 3))}...`;
}

/**
 * Fits a sentence with one variable part into one SMS: `make(part)` is tried with the part
 * shortened until the whole text is at most 160 GSM-7 characters.
 */
function fit(part: string, make: (part: string) => string): string {
  let max = part.length;
  let text = gsm7(make(part));
  while (text.length > GSM7_SINGLE && max > 4) {
    max = Math.max(4, max - (text.length - GSM7_SINGLE));
    text = gsm7(make(clip(part, max)));
  }
  return text.slice(0, GSM7_SINGLE);
}

/**
 * Fits a list of names into one SMS: as many as fit, then "+N more" ("na N zaidi"); a single
 * name that does not fit on its own is shortened.
 */
function fitList(all: string[], language: AlertLanguage, make: (list: string) => string): string {
  const more = (n: number) => (language === 'sw' ? ` na ${n} zaidi` : ` +${n} more`);
  for (let k = all.length; k >= 1; k--) {
    const text = gsm7(
      make(
        `${all
          .slice(0, k)
          .map((n) => clip(n, 40))
          .join(', ')}${k < all.length ? more(all.length - k) : ''}`,
      ),
    );
    if (text.length <= GSM7_SINGLE) return text;
  }
  return fit(all[0], (first) => make(`${first}${all.length > 1 ? more(all.length - 1) : ''}`));
}

type SmsWords = { [K in AlertKind]: { one: (s: SubjectOf<K>) => string; many: (subjects: Array<SubjectOf<K>>) => string } };

const names = (subjects: Array<{ routerName: string }>) => subjects.map((s) => s.routerName);

const SMS: Record<AlertLanguage, SmsWords> = {
  en: {
    router_offline: {
      one: (s) =>
        fit(s.routerName, (n) => `Wavu alert: router ${n} ${s.status === 'error' ? 'refuses the platform' : 'is offline'} since ${nairobiClock(new Date(s.since))}. Check its power and internet.`),
      many: (all) => fitList(names(all), 'en', (n) => `Wavu alert: ${all.length} routers are offline: ${n}. Check power and internet.`),
    },
    router_back: {
      one: (s) => {
        const m = minutesBetween(s.downSince, s.backAt);
        return fit(s.routerName, (n) => `Wavu: router ${n} is back online${m !== null ? ` after ${m} min` : ''}.`);
      },
      many: (all) => fitList(names(all), 'en', (n) => `Wavu: ${all.length} routers are back online: ${n}.`),
    },
    provisioning_failed: {
      one: (s) => fit(s.routerName, (n) => `Wavu alert: a change on router ${n} failed and was set aside (${clip(s.change, 40)}). Retry it on the router page.`),
      many: (all) => fitList([...new Set(names(all))], 'en', (n) => `Wavu alert: ${all.length} changes failed on your routers (${n}). Retry them on the router pages.`),
    },
    attention: {
      one: (s) => fit(s.reason, (r) => `Wavu: a payment of ${formatMoney(s.amountMinor, s.currency)}${s.receipt ? ` (${s.receipt})` : ''} needs your attention: ${r}`),
      many: (all) => gsm7(`Wavu: ${all.length} payments need your attention. Open Needs attention in Wavu.`),
    },
    subscription_lapse: {
      one: (s) => gsm7(`Wavu: your ${s.trial ? 'trial' : 'subscription'} ends on ${nairobiDate(new Date(s.periodEnd), 'en')}. Pay on the Subscription page to keep selling.`),
      many: (all) => SMS.en.subscription_lapse.one(all[all.length - 1]),
    },
  },
  sw: {
    router_offline: {
      one: (s) =>
        fit(s.routerName, (n) => `Tahadhari ya Wavu: router ${n} ${s.status === 'error' ? 'inakataa jukwaa' : 'haipatikani'} tangu saa ${nairobiClock(new Date(s.since))}. Angalia umeme na intaneti.`),
      many: (all) => fitList(names(all), 'sw', (n) => `Tahadhari ya Wavu: router ${all.length} hazipatikani: ${n}. Angalia umeme na intaneti.`),
    },
    router_back: {
      one: (s) => {
        const m = minutesBetween(s.downSince, s.backAt);
        return fit(s.routerName, (n) => `Wavu: router ${n} imerudi mtandaoni${m !== null ? ` baada ya dakika ${m}` : ''}.`);
      },
      many: (all) => fitList(names(all), 'sw', (n) => `Wavu: router ${all.length} zimerudi mtandaoni: ${n}.`),
    },
    provisioning_failed: {
      one: (s) => fit(s.routerName, (n) => `Tahadhari ya Wavu: badiliko kwenye router ${n} limeshindwa (${clip(s.change, 40)}). Jaribu tena kwenye ukurasa wa router.`),
      many: (all) => fitList([...new Set(names(all))], 'sw', (n) => `Tahadhari ya Wavu: mabadiliko ${all.length} yameshindwa kwenye router (${n}). Jaribu tena kwenye kurasa za router.`),
    },
    attention: {
      one: (s) => fit(s.reason, (r) => `Wavu: malipo ya ${formatMoney(s.amountMinor, s.currency)}${s.receipt ? ` (${s.receipt})` : ''} yanahitaji uangalizi wako: ${r}`),
      many: (all) => gsm7(`Wavu: malipo ${all.length} yanahitaji uangalizi wako. Fungua Needs attention kwenye Wavu.`),
    },
    subscription_lapse: {
      one: (s) =>
        gsm7(`Wavu: ${s.trial ? 'majaribio yako yanaisha' : 'usajili wako unaisha'} tarehe ${nairobiDate(new Date(s.periodEnd), 'sw')}. Lipia kwenye ukurasa wa Subscription uendelee kuuza.`),
      many: (all) => SMS.sw.subscription_lapse.one(all[all.length - 1]),
    },
  },
};

const only = <K extends AlertKind>(subjects: AlertSubject[], kind: K): Array<SubjectOf<K>> => subjects.filter((s): s is SubjectOf<K> => s.kind === kind);
const oneOrMany = <T>(words: { one: (s: T) => string; many: (all: T[]) => string }, all: T[]): string => (all.length === 1 ? words.one(all[0]) : words.many(all));

/** The SMS for one alert, or for a digest of several of one kind (one SMS either way). */
export function smsText(subjects: AlertSubject[], language: AlertLanguage): string {
  const words = SMS[language];
  switch (subjects[0].kind) {
    case 'router_offline':
      return oneOrMany(words.router_offline, only(subjects, 'router_offline'));
    case 'router_back':
      return oneOrMany(words.router_back, only(subjects, 'router_back'));
    case 'provisioning_failed':
      return oneOrMany(words.provisioning_failed, only(subjects, 'provisioning_failed'));
    case 'attention':
      return oneOrMany(words.attention, only(subjects, 'attention'));
    case 'subscription_lapse':
      return oneOrMany(words.subscription_lapse, only(subjects, 'subscription_lapse'));
  }
}
