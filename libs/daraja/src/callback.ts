import type { DarajaOutcome } from './types';
import { outcomeOf } from './result-codes';

export interface StkCallbackSuccess {
  kind: 'success';
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: '0';
  resultDesc: string;
  /** MpesaReceiptNumber; null if the item is missing (treat as suspicious). */
  receipt: string | null;
  /** Amount as a number (`1.00`, `"1.00"` → 1); null when missing or unreadable. Never trust it: compare with what was asked. */
  amount: number | null;
  /** MSISDN as a string; null when missing. */
  phoneNumber: string | null;
  /** `YYYYMMDDHHmmss` (EAT) as a string; null when missing. */
  transactionDate: string | null;
  /** Balance item's value, or null (real callbacks send `{ Name: "Balance" }` without a Value). */
  balance: number | null;
}

export interface StkCallbackFailure {
  kind: 'failure';
  merchantRequestId: string;
  checkoutRequestId: string;
  /** Always a string ("1032", "SFC_IC0003"). */
  resultCode: string;
  resultDesc: string;
  outcome: DarajaOutcome;
}

export interface StkCallbackInvalid {
  kind: 'invalid';
  reason: string;
  /** Present when at least the id could be read. */
  checkoutRequestId: string | null;
}

export type StkCallbackResult = StkCallbackSuccess | StkCallbackFailure | StkCallbackInvalid;

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

function toNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Integer-valued numbers as digit strings (12-digit phones and 14-digit dates are safe JS numbers). */
function digits(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return v.trim();
  return null;
}

/**
 * Parses a Safaricom STK callback body (`{ Body: { stkCallback: … } }`). Never throws: bad input
 * gives `{ kind: 'invalid' }`. Items are looked up by Name in any order and a missing Value is
 * tolerated. ResultCode is read as a string (SFC_IC0003 is not numeric).
 */
export function parseStkCallback(body: unknown): StkCallbackResult {
  const cb = obj(obj(obj(body)?.Body)?.stkCallback);
  if (!cb) return { kind: 'invalid', reason: 'missing Body.stkCallback', checkoutRequestId: null };
  const checkoutRequestId = str(cb.CheckoutRequestID);
  if (!checkoutRequestId) return { kind: 'invalid', reason: 'missing CheckoutRequestID', checkoutRequestId: null };
  const resultCode = str(cb.ResultCode)?.trim() ?? null;
  if (resultCode === null) return { kind: 'invalid', reason: 'missing ResultCode', checkoutRequestId };
  const merchantRequestId = str(cb.MerchantRequestID) ?? '';
  const resultDesc = typeof cb.ResultDesc === 'string' ? cb.ResultDesc : '';
  if (resultCode !== '0') return { kind: 'failure', merchantRequestId, checkoutRequestId, resultCode, resultDesc, outcome: outcomeOf(resultCode) };

  const items = obj(cb.CallbackMetadata)?.Item;
  const values = new Map<string, unknown>();
  if (Array.isArray(items)) {
    for (const item of items) {
      const o = obj(item);
      if (o && typeof o.Name === 'string') values.set(o.Name.toLowerCase(), o.Value);
    }
  }
  const amount = toNumber(values.get('amount'));
  return {
    kind: 'success',
    merchantRequestId,
    checkoutRequestId,
    resultCode: '0',
    resultDesc,
    receipt: str(values.get('mpesareceiptnumber'))?.trim().toUpperCase() ?? null,
    amount,
    phoneNumber: digits(values.get('phonenumber')),
    transactionDate: digits(values.get('transactiondate')),
    balance: toNumber(values.get('balance')),
  };
}

/** The answer our STK callback endpoint returns. */
export const STK_CALLBACK_ACK = Object.freeze({ ResultCode: 0, ResultDesc: 'Accepted' });
