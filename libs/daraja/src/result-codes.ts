import type { DarajaOutcome } from './types';

export interface ResultCodeInfo {
  /** ResultCode as a string (`"0"`, `"1032"`, `"SFC_IC0003"`). */
  code: string;
  outcome: DarajaOutcome;
  /** What it means (for operators/logs). */
  meaning: string;
  /** A plain English text for the customer; the portal shows its own English and Swahili texts (apps/web/src/portal/i18n.ts). */
  customerMessage: { en: string };
  /** The customer can simply try again (now or shortly). */
  retryable: boolean;
}

type Row = [DarajaOutcome, string, string, boolean];

/** The result codes of docs/mpesa.md §5. */
const TABLE: Record<string, Row> = {
  '0': ['success', 'Success', 'Payment received. Thank you!', false],
  '1': ['failed', 'Insufficient balance (and no Fuliza)', 'Your M-Pesa balance is too low for this payment. Top up and try again.', true],
  '2': ['failed', 'Below the minimum transaction amount', 'The amount is below the M-Pesa minimum.', false],
  '3': ['failed', 'Above the maximum transaction amount', 'The amount is above the M-Pesa maximum per transaction.', false],
  '4': ['failed', 'Would exceed the daily transfer limit', 'This payment would exceed your daily M-Pesa limit.', false],
  '8': ['failed', 'Would exceed the maximum balance of the paybill or till', 'The merchant cannot receive this payment right now. Please try later.', false],
  '17': ['transient', 'Rule limited: same amount to the same customer within 2 minutes', 'A similar payment was just made. Please wait two minutes and try again.', true],
  '26': ['transient', 'System busy', 'M-Pesa is busy. Please try again in a moment.', true],
  '1001': ['transient', 'Unable to lock subscriber: a transaction is already in process', 'Another M-Pesa request is open on your phone. Finish it or wait a minute, then try again.', true],
  '1019': ['timeout', 'Transaction expired before it was processed', 'The payment request expired. Please try again.', true],
  '1025': ['failed', 'Error sending the push request (prompt too long)', 'We could not send the M-Pesa prompt. Please try again.', true],
  '9999': ['failed', 'Error sending the push request', 'We could not send the M-Pesa prompt. Please try again.', true],
  '1032': ['cancelled', 'Request cancelled by user', 'You cancelled the payment.', true],
  '1036': ['failed', 'SMSC ACK timeout', 'We could not reach your phone. Please try again.', true],
  '1037': ['timeout', 'DS timeout: user cannot be reached or did not respond', 'We did not get a response from your phone. Make sure it is on and unlocked, then try again.', true],
  '2001': ['failed', 'Initiator information invalid: wrong M-Pesa PIN', 'The M-Pesa PIN was wrong. Please try again.', true],
  '2026': ['failed', 'Channel session expired', 'The payment session expired. Please try again.', true],
  '2028': [
    'config_error',
    'Not permitted by product assignment: wrong TransactionType/PartyB (paybill vs till)',
    'Payments are not set up correctly for this hotspot. Please contact the provider.',
    false,
  ],
  '8006': ['failed', 'Security credential locked (PIN locked)', 'Your M-Pesa PIN is locked. Contact Safaricom to unlock it.', false],
  '1101': ['failed', 'Prompt message too long', 'We could not send the M-Pesa prompt. Please try again.', true],
  '1102': ['failed', 'Prompt message problem', 'We could not send the M-Pesa prompt. Please try again.', true],
  SFC_IC0003: ['config_error', 'Operator does not exist (TransactionType/PartyB wrong)', 'Payments are not set up correctly for this hotspot. Please contact the provider.', false],
};

/** Describes a ResultCode (number or string); unknown codes are failures. Never decide on ResultDesc. */
export function describeResultCode(code: string | number): ResultCodeInfo {
  const key = String(code).trim();
  const row = TABLE[key];
  if (!row) return { code: key, outcome: 'failed', meaning: `Unknown result code ${key}`, customerMessage: { en: 'The payment did not go through. Please try again.' }, retryable: true };
  const [outcome, meaning, en, retryable] = row;
  return { code: key, outcome, meaning, customerMessage: { en }, retryable };
}

export function outcomeOf(code: string | number): DarajaOutcome {
  return describeResultCode(code).outcome;
}

export const KNOWN_RESULT_CODES: readonly string[] = Object.keys(TABLE);
