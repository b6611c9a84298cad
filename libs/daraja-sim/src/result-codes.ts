import type { PhoneAction } from './types';

/** ResultDesc texts the simulator sends (clients must key on ResultCode, never on these). */
export const RESULT_DESC: Record<string, string> = {
  '0': 'The service request is processed successfully.',
  '1': 'The balance is insufficient for the transaction.',
  '2': 'Declined due to limit rule: less than the minimum transaction amount.',
  '3': 'Declined due to limit rule: greater than the maximum transaction amount.',
  '4': 'Declined due to limit rule: would exceed daily transfer limit.',
  '8': 'Declined due to limit rule: would exceed the maximum balance.',
  '17': 'Rule limited.',
  '26': 'System busy. The service request is rejected.',
  '1001': 'Unable to lock subscriber, a transaction is already in process for the current subscriber',
  '1019': 'Transaction has expired',
  '1025': 'An error occurred while sending a push request',
  '1032': 'Request cancelled by user',
  '1037': 'DS timeout user cannot be reached',
  '2001': 'The initiator information is invalid.',
  '2028': 'The request is not permitted according to product assignment',
  '8006': 'The security credential is locked',
  '9999': 'An error occurred while sending a push request.',
  SFC_IC0003: 'Operator does not exist',
};

export function resultDesc(code: number | string): string {
  return RESULT_DESC[String(code)] ?? 'The service request failed.';
}

/** Maps a phone action to its ResultCode (null: no answer yet). ResultCodes are numbers except SFC_IC0003. */
export function actionResultCode(action: PhoneAction): number | string | null {
  if (typeof action === 'object') return typeof action.resultCode === 'string' && /^\d+$/.test(action.resultCode) ? Number(action.resultCode) : action.resultCode;
  switch (action) {
    case 'approve':
      return 0;
    case 'cancel':
      return 1032;
    case 'timeout':
      return 1037;
    case 'wrong-pin':
      return 2001;
    case 'insufficient-funds':
      return 1;
    default:
      return null;
  }
}

/** Magic MSISDN suffixes (last 4 digits), docs/mpesa.md §12. */
export const MAGIC_SUFFIXES: Record<string, PhoneAction> = {
  '0000': 'approve',
  '1032': 'cancel',
  '1037': 'timeout',
  '0001': 'insufficient-funds',
  '2001': 'wrong-pin',
  '1019': { resultCode: 1019 },
  '9999': { resultCode: 9999 },
  '0017': { resultCode: 17 },
  '1025': { resultCode: 1025 },
  '8006': { resultCode: 8006 },
};

export function describeAction(action: PhoneAction): string {
  return typeof action === 'object' ? `result ${action.resultCode}` : action;
}
