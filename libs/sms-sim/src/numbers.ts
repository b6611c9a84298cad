import type { DeliveryOutcomeSpec } from './types';

/** What the simulated network does with a number ending in these four digits (see README). */
export const MAGIC_SUFFIXES: Readonly<Record<string, { statusCode?: number; delivery?: DeliveryOutcomeSpec; failureReason?: string }>> = {
  '0401': { statusCode: 401 },
  '0406': { statusCode: 406 },
  '0407': { statusCode: 407 },
  '0409': { statusCode: 409 },
  '0500': { statusCode: 500 },
  '0501': { statusCode: 501 },
  '0502': { statusCode: 502 },
  '9001': { delivery: 'Failed', failureReason: 'DeliveryFailure' },
  '9002': { delivery: 'AbsentSubscriber' },
  '9003': { delivery: 'Rejected', failureReason: 'UserInBlackList' },
  '9004': { delivery: 'Expired' },
  '9009': { delivery: 'none' },
};

export type NumberClass = { kind: 'mobile'; number: string } | { kind: 'invalid' } | { kind: 'unsupported'; number: string };

/**
 * Classifies one entry of the `to` list as the Kenyan gateway would: `+2547…`/`+2541…` (or the same
 * without the plus) are mobiles; a local form such as `0712…` is invalid (403); other `+254` numbers of the right length (landlines) and every other
 * country are unsupported (404); anything that is not a phone number is invalid (403).
 */
export function classifyNumber(raw: string): NumberClass {
  const compact = raw.trim().replace(/[\s-]/g, '');
  // a local form (0712…) or a plus before a zero is not an international number
  if (!/^\+?[1-9]\d{5,14}$/.test(compact)) return { kind: 'invalid' };
  const number = compact.startsWith('+') ? compact : `+${compact}`;
  if (/^\+254(7\d{8}|1\d{8})$/.test(number)) return { kind: 'mobile', number };
  if (number.startsWith('+254')) return /^\+254[2-6]\d{7,8}$/.test(number) ? { kind: 'unsupported', number } : { kind: 'invalid' };
  return number.length >= 9 ? { kind: 'unsupported', number } : { kind: 'invalid' };
}

/** Mobile network code for a Kenyan mobile: 63902 Safaricom, 63903 Airtel, 63907 Telkom (prefix ranges, simplified). */
export function networkCodeOf(number: string): string {
  const local = number.replace(/^\+254/, '');
  if (/^(73|75[0-6]|78|10[0-2])/.test(local)) return '63903';
  if (/^77/.test(local)) return '63907';
  return '63902';
}
