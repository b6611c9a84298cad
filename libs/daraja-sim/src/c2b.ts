import { createHash } from 'crypto';
import type { RegisteredApp } from './apps';
import { postJson } from './callbacks';
import { DarajaFailure, invalid, noProduct } from './http-util';
import type { C2bPaymentOutcome, C2bRegistration } from './types';

/** Words Daraja refuses in C2B URLs (docs/mpesa.md §7), in any case. */
export const BANNED_URL_WORDS = ['m-pesa', 'mpesa', 'safaricom', 'exe', 'exec', 'cmd', 'sql', 'query'];

function urlAllowed(value: unknown): value is string {
  if (typeof value !== 'string' || !value || /\s/.test(value)) return false;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  } catch {
    return false;
  }
  const lower = value.toLowerCase();
  return !BANNED_URL_WORDS.some((w) => lower.includes(w));
}

/** Validates a registerurl request for an app; throws the Daraja error to answer with. */
export function validateRegistration(body: Record<string, unknown>, app: RegisteredApp, version: 'v1' | 'v2', existing: C2bRegistration | undefined): C2bRegistration {
  if (app.c2bVersion === 'none' || (app.c2bVersion !== 'both' && app.c2bVersion !== version)) throw noProduct();
  const shortCode = typeof body.ShortCode === 'number' ? String(body.ShortCode) : body.ShortCode;
  if (typeof shortCode !== 'string' || (shortCode !== app.shortcode && shortCode !== app.tillNumber)) throw invalid('ShortCode');
  const responseType = body.ResponseType;
  if (responseType !== 'Completed' && responseType !== 'Cancelled') throw invalid('ResponseType');
  if (!urlAllowed(body.ConfirmationURL)) throw invalid('ConfirmationURL');
  if (!urlAllowed(body.ValidationURL)) throw invalid('ValidationURL');
  if (existing && app.mode === 'production') throw new DarajaFailure(500, '500.003.1001', 'Urls are already registered');
  return { shortCode, version, responseType, confirmationUrl: body.ConfirmationURL, validationUrl: body.ValidationURL, registeredAt: new Date().toISOString() };
}

/** v1: SHA-256 hex of the MSISDN; v2: masked `2547 ***** 126`. */
export function c2bMsisdn(msisdn: string, version: 'v1' | 'v2'): string {
  if (version === 'v1') return createHash('sha256').update(msisdn).digest('hex');
  return `${msisdn.slice(0, 4)} ***** ${msisdn.slice(-3)}`;
}

export interface C2bPayment {
  app: RegisteredApp;
  registration: C2bRegistration;
  transId: string;
  transTime: string;
  amount: number;
  msisdn: string;
  billRefNumber: string;
  firstName: string;
  validationTimeoutMs: number;
}

function payload(p: C2bPayment, orgBalance: string, thirdPartyTransId: string): Record<string, string> {
  return {
    TransactionType: p.registration.shortCode === p.app.tillNumber ? 'Buy Goods' : 'Pay Bill',
    TransID: p.transId,
    TransTime: p.transTime,
    TransAmount: p.amount.toFixed(2),
    BusinessShortCode: p.registration.shortCode,
    BillRefNumber: p.billRefNumber,
    InvoiceNumber: '',
    OrgAccountBalance: orgBalance,
    ThirdPartyTransID: thirdPartyTransId,
    MSISDN: c2bMsisdn(p.msisdn, p.registration.version),
    FirstName: p.firstName,
    MiddleName: '',
    LastName: '',
  };
}

/**
 * Runs one C2B payment: validation (when enabled; an unreachable or slow validation URL gets the
 * registered ResponseType default), then — if accepted — confirmation. `onAccepted` settles the
 * money before the confirmation is sent and returns the new balance.
 */
export async function runC2bPayment(p: C2bPayment, onAccepted: () => number): Promise<C2bPaymentOutcome> {
  const outcome: C2bPaymentOutcome = { transId: p.transId, status: 'failed', validation: 'skipped', confirmationStatus: null, thirdPartyTransId: '', error: null };
  if (p.app.externalValidation) {
    let accepted: boolean;
    try {
      const { json } = await postJson(p.registration.validationUrl, payload(p, '', ''), p.validationTimeoutMs);
      const body = (json ?? {}) as Record<string, unknown>;
      const code = body.ResultCode === undefined ? 'missing' : String(body.ResultCode);
      outcome.validation = code;
      accepted = code === '0';
      if (typeof body.ThirdPartyTransID === 'string') outcome.thirdPartyTransId = body.ThirdPartyTransID;
      if (code === 'missing') accepted = p.registration.responseType === 'Completed';
    } catch (err) {
      outcome.validation = 'timeout';
      outcome.error = (err as Error).name === 'AbortError' ? 'validation timed out' : (err as Error).message;
      accepted = p.registration.responseType === 'Completed';
    }
    if (!accepted) {
      outcome.status = 'rejected';
      return outcome;
    }
  }
  const balance = onAccepted();
  outcome.status = 'confirmed';
  try {
    const { status } = await postJson(p.registration.confirmationUrl, payload(p, balance.toFixed(2), outcome.thirdPartyTransId), 5000);
    outcome.confirmationStatus = status;
  } catch (err) {
    outcome.error = (err as Error).message;
  }
  return outcome;
}
