import type { AtEnvironment, DeliveryStatus } from '@wavu/africastalking';

/** An Africa's Talking app known to the simulator. */
export interface SimSmsApp {
  username: string;
  apiKey: string;
  /** Default sandbox. A sandbox app accepts any `from`; a production app only its `senderIds`. */
  environment?: AtEnvironment;
  /** Sender IDs / shortcodes registered on the app. */
  senderIds?: string[];
  /** Wallet balance in minor units (cents). Default 100000 (KES 1,000). */
  balanceMinor?: number;
  /** Where delivery reports go (the dashboard's "Delivery Reports" callback URL); none = no reports. */
  deliveryReportUrl?: string | null;
}

export interface SimAppInfo {
  username: string;
  environment: AtEnvironment;
  senderIds: string[];
  /** Exact balance in ten-thousandths of a shilling. */
  balanceTenThousandths: number;
  balance: string;
  deliveryReportUrl: string | null;
}

/** Final delivery outcomes the simulated network can report. `none`: no report ever comes. */
export type DeliveryOutcomeSpec = 'Success' | 'Failed' | 'Rejected' | 'AbsentSubscriber' | 'Expired' | 'none';

/** What happens to one recipient: a send status code and, for accepted ones, the delivery report. */
export interface SimPhoneRule {
  match: { phone?: string; phoneSuffix?: string };
  /** Per-recipient statusCode in the send answer (101 default; 401–409, 500–502 refuse it). */
  statusCode?: number;
  delivery?: DeliveryOutcomeSpec;
  /** failureReason for Failed/Rejected (default DeliveryFailure; AbsentSubscriber for that outcome). */
  failureReason?: string;
  /** Overrides the delivery report delay for this phone. */
  deliveryDelayMs?: number;
  /** Applies this many times, then is removed. Default: forever. */
  times?: number;
}

export type SimFaultKind = 'http500' | 'http503' | 'reset' | 'slow' | 'rate-limit';

export interface SimFaultSpec {
  kind: SimFaultKind;
  /** Requests the fault applies to. Default 1. */
  times?: number;
  /** For `slow`: how long the answer waits (the send is processed). Default 1000. */
  delayMs?: number;
}

export interface SimSmsSettings {
  /** Every send answer waits this long (the send is processed first). Default 0. */
  latencyMs: number;
  /** Sends per second per app before HTTP 429; null = no limit. */
  rateLimitPerSecond: number | null;
  /** Recipients one request may carry; more → HTTP 400. Default 1000 (an assumption, see docs/sms.md). */
  maxRecipientsPerRequest: number;
  /** Delay before the final delivery report. Default 1000. */
  deliveryDelayMs: number;
  /** Reports sent before the final one (e.g. ['Submitted']), each at an equal share of the delay. */
  interimStatuses: DeliveryStatus[];
  /** Extra attempts when the callback answers non-2xx or cannot be reached. Default 3. */
  callbackRetries: number;
  /** Wait before retry n is n × this. Default 1000. */
  callbackRetryBackoffMs: number;
  /** Per-segment price in ten-thousandths of a shilling. Default 8000 (KES 0.8000). */
  pricePerSegment: number;
  /** Sender shown when a send has no `from`. */
  defaultSender: string;
}

export interface SimDeliveryAttempt {
  at: string;
  status: DeliveryStatus;
  attempt: number;
  httpStatus: number | null;
  error: string | null;
}

export interface SimMessage {
  messageId: string | null;
  username: string;
  environment: AtEnvironment;
  from: string;
  to: string;
  text: string;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  statusCode: number;
  status: string;
  /** "KES 0.8000", or "0" when not sent. */
  cost: string;
  createdAt: string;
  /** Latest delivery status reported (null before the first report, or when none will come). */
  deliveryStatus: DeliveryStatus | null;
  failureReason: string | null;
  networkCode: string | null;
  reports: SimDeliveryAttempt[];
}
