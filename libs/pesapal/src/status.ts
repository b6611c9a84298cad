import { PesapalError } from './errors';
import type { PesapalPaymentState, PesapalTransactionStatus } from './types';
import type { TransactionStatusResponse } from './wire';

const BY_CODE: Record<number, PesapalPaymentState> = { 1: 'completed', 2: 'failed', 3: 'reversed' };
const BY_DESCRIPTION: Record<string, PesapalPaymentState> = { completed: 'completed', failed: 'failed', reversed: 'reversed' };

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function amountOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0;
  return Number.isFinite(n) ? n : 0;
}

/**
 * Maps GetTransactionStatus into our small union (docs/pesapal.md §7):
 * status_code 1/2/3 → completed/failed/reversed; 0 → pending, with `awaiting_payment` when the
 * error code is `payment_details_not_found` ("Pending Payment") and `unknown_order` otherwise.
 * "Payment details not found" is never a failure, and the `error` object on success (all
 * fields null) is not an error. `payment_status_description` is only a fallback, compared
 * case-insensitively.
 */
export function mapTransactionStatus(raw: TransactionStatusResponse, requestedTrackingId: string): PesapalTransactionStatus {
  if (!raw || typeof raw !== 'object') {
    throw new PesapalError('UNAVAILABLE', 'Pesapal getTransactionStatus: answer is not an object', { operation: 'getTransactionStatus' });
  }
  const code = typeof raw.status_code === 'number' ? raw.status_code : Number(raw.status_code ?? NaN);
  const description = text(raw.payment_status_description) ?? '';
  let state: PesapalPaymentState | undefined = BY_CODE[code];
  if (!state && !Number.isFinite(code)) state = BY_DESCRIPTION[description.toLowerCase()];
  if (!state && !Number.isFinite(code) && raw.error?.code && raw.error.code !== 'payment_details_not_found') {
    throw new PesapalError('VALIDATION', `Pesapal getTransactionStatus: ${raw.error.message || raw.error.code}`, {
      operation: 'getTransactionStatus',
      httpStatus: 200,
      pesapalCode: raw.error.code,
      pesapalMessage: raw.error.message ?? undefined,
      pesapalStatus: raw.status ?? undefined,
    });
  }
  const finalState = state ?? 'pending';
  const amount = amountOf(raw.amount);
  const sub = raw.subscription_transaction_info;
  return {
    state: finalState,
    ...(finalState === 'pending' ? { pendingReason: raw.error?.code === 'payment_details_not_found' ? ('awaiting_payment' as const) : ('unknown_order' as const) } : {}),
    orderTrackingId: text(raw.order_tracking_id) ?? requestedTrackingId,
    merchantReference: text(raw.merchant_reference),
    amount,
    amountMinor: Math.round(amount * 100),
    currency: text(raw.currency),
    confirmationCode: text(raw.confirmation_code),
    paymentMethod: text(raw.payment_method),
    paymentAccount: text(raw.payment_account),
    description: text(raw.description),
    createdDate: text(raw.created_date),
    statusCode: Number.isFinite(code) ? code : 0,
    statusDescription: description,
    ...(sub ? { subscription: { accountReference: sub.account_reference, amount: sub.amount, firstName: sub.first_name, lastName: sub.last_name, correlationId: sub.correlation_id } } : {}),
    raw,
  };
}
