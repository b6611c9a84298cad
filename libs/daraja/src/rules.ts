import { DarajaError } from './errors';
import { isValidMsisdn } from './phone';

export const ACCOUNT_REFERENCE_MAX = 12;
export const TRANSACTION_DESC_MAX = 13;
export const STK_AMOUNT_MIN = 1;
export const STK_AMOUNT_MAX = 250_000;

/** AccountReference: 1–12 characters `[A-Za-z0-9]` (longer ones are accepted but the prompt is not sent). */
export function accountReferenceProblem(value: string): string | null {
  if (!value) return 'AccountReference is required';
  if (value.length > ACCOUNT_REFERENCE_MAX) return `AccountReference must be at most ${ACCOUNT_REFERENCE_MAX} characters`;
  if (!/^[A-Za-z0-9]+$/.test(value)) return 'AccountReference must be letters and digits only';
  return null;
}

/** TransactionDesc: 1–13 characters, none of `@ # &` (reported to break pushes). */
export function transactionDescProblem(value: string): string | null {
  if (!value || !value.trim()) return 'TransactionDesc is required';
  if (value.length > TRANSACTION_DESC_MAX) return `TransactionDesc must be at most ${TRANSACTION_DESC_MAX} characters`;
  if (/[@#&]/.test(value)) return 'TransactionDesc must not contain @, # or &';
  return null;
}

/** Cuts a free text to a valid TransactionDesc (drops @#& and trims to 13 characters). */
export function toTransactionDesc(text: string): string {
  const cleaned = text.replace(/[@#&]/g, '').replace(/\s+/g, ' ').trim().slice(0, TRANSACTION_DESC_MAX).trim();
  return cleaned || 'Payment';
}

export function amountProblem(amount: number): string | null {
  if (!Number.isInteger(amount)) return 'Amount must be a whole number of shillings';
  if (amount < STK_AMOUNT_MIN || amount > STK_AMOUNT_MAX) return `Amount must be between ${STK_AMOUNT_MIN} and ${STK_AMOUNT_MAX}`;
  return null;
}

export function callbackUrlProblem(url: string): string | null {
  if (!url || /\s/.test(url)) return 'CallBackURL must be an absolute URL without spaces';
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'CallBackURL must be http(s)';
  } catch {
    return 'CallBackURL must be an absolute URL';
  }
  return null;
}

/** Words Daraja bans in callback/C2B URLs (any case). */
export const BANNED_URL_WORDS = ['m-pesa', 'mpesa', 'safaricom', 'exe', 'exec', 'cmd', 'sql', 'query'];

export function bannedUrlWord(url: string): string | null {
  const lower = url.toLowerCase();
  return BANNED_URL_WORDS.find((w) => lower.includes(w)) ?? null;
}

/** Throws a local VALIDATION DarajaError (no request is sent). */
export function assertValid(field: string, problem: string | null): void {
  if (problem) throw new DarajaError('VALIDATION', problem, { field });
}

export function assertMsisdn(field: string, value: string): void {
  assertValid(field, isValidMsisdn(value) ? null : `${field} must be 2547XXXXXXXX or 2541XXXXXXXX`);
}
