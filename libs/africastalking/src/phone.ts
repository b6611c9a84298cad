import { normalizeMsisdn } from '@wavu/daraja';

/** `+2547XXXXXXXX` or `+2541XXXXXXXX`: a Kenyan mobile as Africa's Talking writes it. */
export const KENYAN_MOBILE = /^\+254(7\d{8}|1\d{8})$/;
/** Any E.164 number: a plus and 8 to 15 digits. */
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * A Kenyan mobile in the forms people type (0712 345 678, 0112345678, 254712345678, +254 712 345 678,
 * 712345678) as `+2547…`/`+2541…`, or null. Reuses the M-Pesa helper from `@wavu/daraja` (same rules)
 * and adds the plus Africa's Talking expects.
 */
export function normalizeKenyanMobile(input: string | number): string | null {
  const text = String(input).trim();
  // the M-Pesa helper drops every non-digit; here only the separators people type are allowed, and a plus only before 254
  if (text.length > 40 || !/^\+?[\d\s\-().]+$/.test(text) || (text.startsWith('+') && !/^\+\s*254/.test(text))) return null;
  const msisdn = normalizeMsisdn(text);
  return msisdn ? `+${msisdn}` : null;
}

export function isKenyanMobile(value: string): boolean {
  return KENYAN_MOBILE.test(value);
}

/**
 * A recipient for the gateway: a Kenyan mobile normalised as above, else any number already written in
 * E.164 with its plus (`+256 712 345678` → `+256712345678`; the gateway decides whether it can route it).
 * Everything else (letters, too short, no country code) → null.
 */
export function toSmsRecipient(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const kenyan = normalizeKenyanMobile(input);
  if (kenyan) return kenyan;
  const compact = input.trim().replace(/[\s\-().]/g, '');
  return E164.test(compact) ? compact : null;
}
