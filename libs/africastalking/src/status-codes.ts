/**
 * The per-recipient `statusCode` of a send answer. 100–102 mean the gateway took the message (a delivery
 * report tells the rest); 4xx are refusals about this recipient or the account; 5xx are gateway faults.
 */
export type SmsRecipientStatus =
  | 'processed'
  | 'sent'
  | 'queued'
  | 'risk_hold'
  | 'invalid_sender_id'
  | 'invalid_phone_number'
  | 'unsupported_number_type'
  | 'insufficient_balance'
  | 'user_in_blacklist'
  | 'could_not_route'
  | 'dnd_rejection'
  | 'internal_server_error'
  | 'gateway_error'
  | 'rejected_by_gateway'
  /** a code this library does not know, or no status for this number in the answer */
  | 'unknown';

export interface StatusCodeInfo {
  code: number;
  /** Africa's Talking's own word (the `status` field), e.g. `InvalidPhoneNumber`. */
  name: string;
  status: SmsRecipientStatus;
  /** The gateway took the message for delivery. */
  accepted: boolean;
  /** Sending the same message to this recipient later may work (gateway fault, or balance topped up). */
  retryable: boolean;
}

const table: Array<[number, string, SmsRecipientStatus, boolean, boolean]> = [
  [100, 'Processed', 'processed', true, false],
  [101, 'Sent', 'sent', true, false],
  [102, 'Queued', 'queued', true, false],
  [401, 'RiskHold', 'risk_hold', false, false],
  [402, 'InvalidSenderId', 'invalid_sender_id', false, false],
  [403, 'InvalidPhoneNumber', 'invalid_phone_number', false, false],
  [404, 'UnsupportedNumberType', 'unsupported_number_type', false, false],
  [405, 'InsufficientBalance', 'insufficient_balance', false, true],
  [406, 'UserInBlacklist', 'user_in_blacklist', false, false],
  [407, 'CouldNotRoute', 'could_not_route', false, false],
  [409, 'DoNotDisturbRejection', 'dnd_rejection', false, false],
  [500, 'InternalServerError', 'internal_server_error', false, true],
  [501, 'GatewayError', 'gateway_error', false, true],
  [502, 'RejectedByGateway', 'rejected_by_gateway', false, false],
];

export const SMS_STATUS_CODES: ReadonlyMap<number, StatusCodeInfo> = new Map(table.map(([code, name, status, accepted, retryable]) => [code, { code, name, status, accepted, retryable }]));

/** The row for a code; unknown codes are not accepted and not retryable. */
export function describeStatusCode(code: number | null): StatusCodeInfo {
  const known = code === null ? undefined : SMS_STATUS_CODES.get(code);
  return known ?? { code: code ?? 0, name: 'Unknown', status: 'unknown', accepted: false, retryable: false };
}
