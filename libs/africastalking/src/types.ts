import type { AtEnvironment } from './environments';
import type { SmsRecipientStatus } from './status-codes';

/** One Africa's Talking app: the username (`sandbox` for the sandbox) and its API key. */
export interface AtCredentials {
  environment: AtEnvironment;
  username: string;
  apiKey: string;
}

export interface SmsSendInput {
  /** Recipients in any form people type; Kenyan ones become `+2547…`/`+2541…`, others must be E.164. */
  to: string[];
  message: string;
  /** Sender ID or shortcode registered on the app; omitted → the gateway's default sender. */
  from?: string;
  /** Ask the gateway to queue a large send (`enqueue=1`) and answer at once. */
  enqueue?: boolean;
}

export interface SmsRecipientResult {
  /** The recipient as given by the caller (the first spelling, when two spellings are the same number). */
  input: string;
  /** Normalised number (E.164), or null when it could not be read. */
  number: string | null;
  /** The gateway's statusCode; null when refused locally or missing from the answer. */
  statusCode: number | null;
  status: SmsRecipientStatus;
  /** Africa's Talking's word (`Success`, `InvalidPhoneNumber`…) or `LocalInvalidNumber` / `Missing`. */
  statusText: string;
  /** The gateway took it for delivery (a delivery report follows). */
  accepted: boolean;
  retryable: boolean;
  /** `ATXid_…`, the id delivery reports carry; null when not sent. */
  messageId: string | null;
  /** Exact cost in minor units (cents), rounded half up if the gateway used sub-cent digits; 0 when not sent. */
  costMinor: number;
  /** The same cost in ten-thousandths of the currency unit (exact, as the gateway writes it). */
  costTenThousandths: number;
  currency: string | null;
}

export interface SmsSendResult {
  recipients: SmsRecipientResult[];
  /** HTTP requests made (one per chunk of at most `maxRecipientsPerRequest`). */
  requests: number;
  /** Sum of accepted recipients' costs per currency, in ten-thousandths and in minor units. */
  totals: Array<{ currency: string; tenThousandths: number; minor: number }>;
}

/** The port the notifications module will depend on (docs/architecture.md rule 4). */
export interface SmsClient {
  send(credentials: AtCredentials, input: SmsSendInput): Promise<SmsSendResult>;
}
