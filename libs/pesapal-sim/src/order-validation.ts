import type { SimBillingAddress, SimSubscriptionDetails } from './types';

interface ValidOrderRequest {
  id: string;
  currency: string;
  amount: number;
  description: string;
  callbackUrl: string;
  cancellationUrl?: string;
  notificationId: string;
  billingAddress: SimBillingAddress;
  accountNumber?: string;
  subscriptionDetails?: SimSubscriptionDetails;
  branch?: string;
}

interface OrderValidationError {
  code: string;
  message: string;
}

export type OrderValidation = { ok: true; order: ValidOrderRequest } | { ok: false; error: OrderValidationError };

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function isAbsoluteUrl(v: string): boolean {
  if (/\s/.test(v)) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function parseAmount(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  if (Math.abs(Math.round(n * 100) - n * 100) > 1e-6) return null;
  return Math.round(n * 100) / 100;
}

function isDdMmYyyy(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v);
  if (!m) return false;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const fail = (code: string, message: string): OrderValidation => ({ ok: false, error: { code, message } });

/**
 * SubmitOrderRequest field rules of docs/pesapal.md §4. The real error codes are unverified;
 * the simulator uses descriptive `snake_case` codes (documented in the README of the lib).
 * Registration of `notification_id` and uniqueness of `id` are checked by the caller.
 */
export function validateOrderRequest(body: Record<string, unknown> | null): OrderValidation {
  if (!body) return fail('invalid_request_payload', 'Request body must be a JSON object');
  const id = str(body.id);
  if (!id) return fail('invalid_merchant_reference', 'id (merchant reference) is required');
  if (id.length > 50) return fail('invalid_merchant_reference', 'id (merchant reference) must be at most 50 characters');
  if (!/^[A-Za-z0-9\-_.:]+$/.test(id)) return fail('invalid_merchant_reference', 'id (merchant reference) must be alphanumeric (- _ . : allowed)');
  const currency = str(body.currency);
  if (!currency || !/^[A-Za-z]{3}$/.test(currency.trim())) return fail('invalid_currency', 'currency must be an ISO 4217 code');
  const amount = parseAmount(body.amount);
  if (amount === null) return fail('invalid_amount', 'amount must be greater than 0 with at most 2 decimals');
  const description = str(body.description);
  if (!description) return fail('invalid_description', 'description is required');
  if (description.length > 100) return fail('invalid_description', 'description must be at most 100 characters');
  const callbackUrl = str(body.callback_url);
  if (!callbackUrl || !isAbsoluteUrl(callbackUrl)) return fail('invalid_callback_url', 'callback_url must be a valid absolute URL');
  const cancellationUrl = str(body.cancellation_url);
  if (cancellationUrl && !isAbsoluteUrl(cancellationUrl)) return fail('invalid_cancellation_url', 'cancellation_url must be a valid absolute URL');
  const notificationId = str(body.notification_id);
  if (!notificationId) return fail('invalid_notification_id', 'notification_id is required');
  const billing = body.billing_address;
  if (!billing || typeof billing !== 'object' || Array.isArray(billing)) return fail('invalid_billing_address', 'billing_address is required');
  const b = billing as SimBillingAddress;
  if (!str(b.email_address) && !str(b.phone_number)) return fail('invalid_billing_address', 'billing_address requires email_address or phone_number');
  if (b.country_code !== undefined && b.country_code !== null && b.country_code !== '' && !/^[A-Za-z]{2}$/.test(String(b.country_code))) {
    return fail('invalid_billing_address', 'billing_address.country_code must be ISO 3166 alpha-2');
  }
  const accountNumber = str(body.account_number);
  let subscriptionDetails: SimSubscriptionDetails | undefined;
  if (body.subscription_details !== undefined && body.subscription_details !== null) {
    if (!accountNumber) return fail('invalid_subscription_details', 'subscription_details requires account_number');
    const sd = body.subscription_details as Record<string, unknown>;
    if (typeof sd !== 'object' || !isDdMmYyyy(sd.start_date) || !isDdMmYyyy(sd.end_date)) {
      return fail('invalid_subscription_details', 'subscription_details start_date and end_date must be dd-MM-yyyy');
    }
    if (!FREQUENCIES.includes(sd.frequency as (typeof FREQUENCIES)[number])) {
      return fail('invalid_subscription_details', 'subscription_details.frequency must be DAILY, WEEKLY, MONTHLY or YEARLY');
    }
    subscriptionDetails = { start_date: sd.start_date as string, end_date: sd.end_date as string, frequency: sd.frequency as SimSubscriptionDetails['frequency'] };
  }
  return {
    ok: true,
    order: {
      id,
      currency: currency.trim().toUpperCase(),
      amount,
      description,
      callbackUrl,
      ...(cancellationUrl ? { cancellationUrl } : {}),
      notificationId,
      billingAddress: b,
      ...(accountNumber ? { accountNumber } : {}),
      ...(subscriptionDetails ? { subscriptionDetails } : {}),
      ...(str(body.branch) ? { branch: str(body.branch) } : {}),
    },
  };
}
