import { createHash } from 'crypto';

/** C2B validation/confirmation body as Daraja sends it (all values are strings). */
export interface C2bPayload {
  TransactionType: string;
  TransID: string;
  TransTime: string;
  TransAmount: string;
  BusinessShortCode: string;
  BillRefNumber: string;
  InvoiceNumber?: string;
  OrgAccountBalance?: string;
  ThirdPartyTransID?: string;
  MSISDN: string;
  FirstName?: string;
  MiddleName?: string;
  LastName?: string;
}

/** How the payer's MSISDN arrived: v1 SHA-256 hex, v2 masked (`2547 ***** 126`), or plain (older/sandbox). */
export type C2bMsisdn = { kind: 'hashed'; sha256: string } | { kind: 'masked'; masked: string } | { kind: 'plain'; msisdn: string } | { kind: 'unknown'; raw: string };

export interface C2bPayment {
  transactionType: 'Pay Bill' | 'Buy Goods' | string;
  /** M-Pesa receipt; the same namespace as the STK MpesaReceiptNumber. */
  transId: string;
  /** `YYYYMMDDHHmmss` EAT. */
  transTime: string;
  /** Parsed TransAmount (`"5.00"` → 5). */
  amount: number;
  amountText: string;
  businessShortCode: string;
  /** The account number typed by the customer, trimmed (empty for tills). */
  billRefNumber: string;
  thirdPartyTransId: string;
  orgAccountBalance: string;
  msisdn: C2bMsisdn;
  firstName: string;
}

export type C2bParseResult = { ok: true; payment: C2bPayment } | { ok: false; reason: string };

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

export function classifyC2bMsisdn(raw: string): C2bMsisdn {
  const v = raw.trim();
  if (/^[a-f0-9]{64}$/i.test(v)) return { kind: 'hashed', sha256: v.toLowerCase() };
  if (v.includes('*')) return { kind: 'masked', masked: v };
  if (/^254\d{9}$/.test(v)) return { kind: 'plain', msisdn: v };
  return { kind: 'unknown', raw: v };
}

/** Whether a known phone matches a C2B MSISDN (hash comparison for v1, visible digits for v2). Never use it as an identity. */
export function c2bMsisdnMatches(msisdn: C2bMsisdn, phone: string): boolean {
  switch (msisdn.kind) {
    case 'hashed':
      return createHash('sha256').update(phone).digest('hex') === msisdn.sha256.toLowerCase();
    case 'plain':
      return msisdn.msisdn === phone;
    case 'masked': {
      // `2547 ***** 126`: the visible head and tail must both be there (an all-stars or one-sided mask matches nothing)
      const m = /^(\d{3,})\s*\*+\s*(\d{2,})$/.exec(msisdn.masked.trim());
      if (!m || !/^\d+$/.test(phone)) return false;
      const [, head, tail] = m;
      return phone.length > head.length + tail.length && phone.startsWith(head) && phone.endsWith(tail);
    }
    default:
      return false;
  }
}

/** Parses a C2B validation or confirmation body. */
export function parseC2bPayload(body: unknown): C2bParseResult {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  const transId = text(b.TransID).trim();
  if (!transId) return { ok: false, reason: 'missing TransID' };
  const amountText = text(b.TransAmount).trim();
  const amount = Number(amountText);
  if (!amountText || !Number.isFinite(amount)) return { ok: false, reason: 'missing or invalid TransAmount' };
  const businessShortCode = text(b.BusinessShortCode).trim();
  if (!businessShortCode) return { ok: false, reason: 'missing BusinessShortCode' };
  return {
    ok: true,
    payment: {
      transactionType: text(b.TransactionType),
      transId: transId.toUpperCase(),
      transTime: text(b.TransTime),
      amount,
      amountText,
      businessShortCode,
      billRefNumber: text(b.BillRefNumber).trim(),
      thirdPartyTransId: text(b.ThirdPartyTransID),
      orgAccountBalance: text(b.OrgAccountBalance),
      msisdn: classifyC2bMsisdn(text(b.MSISDN)),
      firstName: text(b.FirstName),
    },
  };
}

/** Documented C2B validation rejection codes. */
export const C2B_REJECTION_CODES = {
  INVALID_MSISDN: 'C2B00011',
  INVALID_ACCOUNT_NUMBER: 'C2B00012',
  INVALID_AMOUNT: 'C2B00013',
  INVALID_KYC_DETAILS: 'C2B00014',
  INVALID_SHORTCODE: 'C2B00015',
  OTHER_ERROR: 'C2B00016',
} as const;

export type C2bRejectionCode = (typeof C2B_REJECTION_CODES)[keyof typeof C2B_REJECTION_CODES];

export interface C2bValidationResponse {
  ResultCode: string;
  ResultDesc: 'Accepted' | 'Rejected';
  ThirdPartyTransID?: string;
}

/** Validation accept: `{"ResultCode":"0","ResultDesc":"Accepted"}` (ThirdPartyTransID is echoed in the confirmation). */
export function c2bAccept(thirdPartyTransId?: string): C2bValidationResponse {
  return thirdPartyTransId ? { ResultCode: '0', ResultDesc: 'Accepted', ThirdPartyTransID: thirdPartyTransId } : { ResultCode: '0', ResultDesc: 'Accepted' };
}

/** Validation reject: `{"ResultCode":"C2B00012","ResultDesc":"Rejected"}`. */
export function c2bReject(code: C2bRejectionCode): C2bValidationResponse {
  return { ResultCode: code, ResultDesc: 'Rejected' };
}

/** Confirmation acknowledgement (ResultCode is always 0). */
export const C2B_CONFIRMATION_ACK = Object.freeze({ ResultCode: 0, ResultDesc: 'Accepted' });
