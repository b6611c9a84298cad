import { createHash } from 'crypto';
import type { RegisteredApp } from './apps';
import { invalid, merchantFailure } from './http-util';
import { parseEatTimestamp } from './time';

export const MSISDN_RE = /^254(7|1)\d{8}$/;
const SHORTCODE_RE = /^\d{5,7}$/;
const PAYBILL = 'CustomerPayBillOnline';
const BUY_GOODS = 'CustomerBuyGoodsOnline';

export interface ValidatedPush {
  shortcode: string;
  transactionType: typeof PAYBILL | typeof BUY_GOODS;
  amount: number;
  partyA: string;
  partyB: string;
  phoneNumber: string;
  callbackUrl: string;
  accountReference: string;
  transactionDesc: string;
  /** Set when Daraja accepts the push but the prompt can only fail (2028 party mismatch, 1025 long reference). */
  forcedResult: number | string | null;
}

export interface ValidationOptions {
  /** Reject timestamps further than this from now (null: no check). */
  timestampSkewMs: number | null;
  /** ResultCode for a paybill/till TransactionType–PartyB mismatch: 2028 or SFC_IC0003. */
  partyMismatchCode: 2028 | 'SFC_IC0003';
}

export const asText = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

/** Shortcode → app and password checks shared by STK push and STK query. */
function checkMerchant(body: Record<string, unknown>, app: RegisteredApp, opts: ValidationOptions): string {
  const shortcode = asText(body.BusinessShortCode);
  if (!shortcode || !SHORTCODE_RE.test(shortcode)) throw invalid('BusinessShortCode');
  if (shortcode !== app.shortcode) throw merchantFailure('Merchant does not exist');
  const timestamp = asText(body.Timestamp);
  const when = timestamp ? parseEatTimestamp(timestamp) : null;
  if (!timestamp || !when) throw invalid('Timestamp');
  if (opts.timestampSkewMs !== null && Math.abs(when.getTime() - Date.now()) > opts.timestampSkewMs) throw invalid('Timestamp');
  const password = body.Password;
  if (typeof password !== 'string' || password.length === 0) throw invalid('Password');
  const expected = Buffer.from(`${shortcode}${app.passkey}${timestamp}`).toString('base64');
  const a = createHash('sha256').update(password).digest();
  const b = createHash('sha256').update(expected).digest();
  if (!a.equals(b)) throw merchantFailure('Wrong credentials');
  return shortcode;
}

/** An absolute http(s) URL without spaces, or null. */
export function validUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || /\s/.test(value)) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/** STK push validation in the order of docs/mpesa.md §12; throws the Daraja error to answer with. */
export function validateStkPush(body: Record<string, unknown>, app: RegisteredApp, opts: ValidationOptions): ValidatedPush {
  const shortcode = checkMerchant(body, app, opts);
  const transactionType = body.TransactionType;
  if (transactionType !== PAYBILL && transactionType !== BUY_GOODS) throw invalid('TransactionType');
  const amountText = asText(body.Amount);
  if (amountText === null || !/^\d+$/.test(amountText.trim())) throw invalid('Amount');
  const amount = Number(amountText);
  if (amount < 1 || amount > 250_000) throw invalid('Amount');
  const phoneNumber = asText(body.PhoneNumber);
  if (!phoneNumber || !MSISDN_RE.test(phoneNumber)) throw invalid('PhoneNumber');
  const partyA = asText(body.PartyA);
  if (!partyA || !MSISDN_RE.test(partyA)) throw invalid('PartyA');
  const partyB = asText(body.PartyB);
  if (!partyB || !SHORTCODE_RE.test(partyB)) throw invalid('PartyB');
  const callbackUrl = validUrl(body.CallBackURL);
  if (!callbackUrl) throw invalid('CallBackURL');
  const accountReference = asText(body.AccountReference);
  if (!accountReference || accountReference.trim().length === 0) throw invalid('AccountReference');
  const transactionDesc = asText(body.TransactionDesc);
  if (!transactionDesc || transactionDesc.trim().length === 0) throw invalid('Remarks');

  let forcedResult: number | string | null = null;
  const expectedType = app.accountType === 'till' ? BUY_GOODS : PAYBILL;
  const expectedPartyB = app.accountType === 'till' ? app.tillNumber : app.shortcode;
  if (transactionType !== expectedType || partyB !== expectedPartyB) forcedResult = opts.partyMismatchCode;
  else if (accountReference.length > 12) forcedResult = 1025;
  return { shortcode, transactionType, amount, partyA, partyB, phoneNumber, callbackUrl, accountReference, transactionDesc, forcedResult };
}

export function validateStkQuery(body: Record<string, unknown>, app: RegisteredApp, opts: ValidationOptions): string {
  checkMerchant(body, app, opts);
  const id = body.CheckoutRequestID;
  if (typeof id !== 'string' || id.length === 0) throw invalid('CheckoutRequestID');
  return id;
}
