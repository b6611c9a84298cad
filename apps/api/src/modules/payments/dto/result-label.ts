import type { PaymentStatus } from '../entities/payment.entity';

/**
 * Daraja's ResultCode in words a hotspot owner understands, for the payments list and detail
 * (`PaymentDto.resultLabel`). Daraja's own ResultDesc ("The initiator information is invalid")
 * stays on the payment as `resultDesc`. Every code is explained in docs/mpesa-results.md.
 * The captive portal says other things to the buyer (libs/daraja `describeResultCode`).
 */
export const RESULT_LABELS: Readonly<Record<string, string>> = {
  '0': 'Paid',
  '1': 'Not enough money in M-Pesa',
  '2': 'Amount below the M-Pesa minimum',
  '3': 'Amount above the M-Pesa maximum',
  '4': "Customer's daily M-Pesa limit reached",
  '8': 'Your paybill or till is at its maximum balance',
  '17': 'Same payment just made: customer must wait 2 minutes',
  '26': 'M-Pesa was busy',
  '1001': 'Another M-Pesa request was open on the phone',
  '1019': 'Request expired before the customer answered',
  '1025': 'The M-Pesa prompt could not be sent',
  '1032': 'Customer cancelled',
  '1036': 'Phone could not be reached',
  '1037': 'Phone could not be reached (off or no network)',
  '1101': 'The M-Pesa prompt could not be sent',
  '1102': 'The M-Pesa prompt could not be sent',
  '2001': 'Wrong M-Pesa PIN',
  '2026': 'The M-Pesa session ran out',
  '2028': 'M-Pesa settings wrong (paybill or till mixed up)',
  '8006': "Customer's M-Pesa PIN is locked",
  '9999': 'The M-Pesa prompt could not be sent',
  SFC_IC0003: 'M-Pesa settings wrong (paybill or till mixed up)',
};

/** Daraja API error codes (`400.002.02`, `500.001.1001`): the push itself was refused. */
const API_ERROR = /^\d{3}\.\d{3}\.\d+$/;

/**
 * Why a payment ended the way it did, in plain words; null while pending, once paid (see
 * `settledVia`) and when flagged (see `flagReason`).
 */
export function paymentResultLabel(status: PaymentStatus, resultCode: string | null): string | null {
  if (status === 'pending' || status === 'paid' || status === 'flagged') return null;
  const code = resultCode?.trim() ?? '';
  if (code && RESULT_LABELS[code]) return RESULT_LABELS[code];
  if (API_ERROR.test(code)) return 'M-Pesa refused to send the prompt';
  if (code) return `M-Pesa said no (code ${code})`;
  if (status === 'expired') return 'No answer from M-Pesa in time';
  if (status === 'cancelled') return 'Customer cancelled';
  return 'The M-Pesa prompt could not be sent';
}
