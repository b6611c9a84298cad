import type { DarajaEnvironment } from './environments';

/** One Daraja app's credentials (the token cache key is environment + consumerKey). */
export interface DarajaCredentials {
  environment: DarajaEnvironment;
  consumerKey: string;
  consumerSecret: string;
  /** Overrides the client's base URL for this environment (e.g. the simulator). */
  baseUrl?: string;
}

/** A merchant's Lipa Na M-Pesa Online configuration. */
export interface DarajaMerchant extends DarajaCredentials {
  /** `paybill`: BusinessShortCode = PartyB = paybill. `till`: BusinessShortCode = store/HO number, PartyB = till number. */
  shortcodeType: 'paybill' | 'till';
  /** Paybill number, or the till's store/HO number. */
  businessShortCode: string;
  /** Required for tills: the till number (PartyB). */
  tillNumber?: string;
  passkey: string;
}

export interface StkPushInput {
  /** Whole shillings, 1–250000. */
  amount: number;
  /** Normalised MSISDN `2547XXXXXXXX`/`2541XXXXXXXX` receiving the prompt (also PartyA). */
  phoneNumber: string;
  /** Public HTTPS URL (HTTP in sandbox/simulator) receiving the result. */
  callbackUrl: string;
  /** 1–12 alphanumerics, shown to the customer; our payment reference. */
  accountReference: string;
  /** 1–13 characters. */
  transactionDesc: string;
  /** Fixed time for the Timestamp (tests). Defaults to now. */
  at?: Date;
}

export interface StkPushResult {
  merchantRequestId: string;
  checkoutRequestId: string;
  responseCode: string;
  responseDescription: string;
  customerMessage: string;
  /** The Timestamp sent (EAT `YYYYMMDDHHmmss`). */
  timestamp: string;
}

/** Coarse meaning of a ResultCode. */
export type DarajaOutcome = 'success' | 'cancelled' | 'timeout' | 'failed' | 'config_error' | 'transient';

export type StkQueryResult =
  | {
      /** The prompt is still open: either the HTTP 500 "being processed" form or ResultCode 4999. */
      status: 'pending';
      checkoutRequestId: string;
      form: 'classic' | '4999';
    }
  | {
      status: 'final';
      merchantRequestId: string;
      checkoutRequestId: string;
      /** Always a string ("0", "1032", "SFC_IC0003"…). */
      resultCode: string;
      resultDesc: string;
      outcome: DarajaOutcome;
    };

export interface C2bRegisterInput {
  /** Paybill or till number. */
  shortCode: string;
  /** Default action when our validation URL does not answer within ~8 s. */
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl: string;
  /** API version enabled on the app. Default v2. */
  version?: 'v1' | 'v2';
  /** Try the other version on 401.003.01 (no apiproduct match). Default true. */
  fallbackToOtherVersion?: boolean;
}

export interface C2bRegisterResult {
  /** Version that succeeded (store it for the provider). */
  version: 'v1' | 'v2';
  originatorConversationId: string;
  responseCode: string;
  responseDescription: string;
}

export interface PullRegisterInput {
  /** The paybill or till going live for Pull (5–7 digits). */
  shortCode: string;
  /** 2547XXXXXXXX/2541XXXXXXXX; 07…/01…/+254… are normalised to 254… before sending */
  nominatedNumber: string;
  /** Where Daraja may post; it cannot be changed once registered. */
  callbackUrl: string;
}

export interface PullRegisterResult {
  /** 1000 → registered, 1001 "already registered" → already_registered (both success) */
  status: 'registered' | 'already_registered';
  responseRefId: string;
  description: string;
}

export interface PullQueryInput {
  shortCode: string;
  from: Date;
  to: Date;
  /** page cap, default 200 */
  maxPages?: number;
  /** for the 48 h check; default new Date() */
  now?: Date;
}

/** One Pull Transactions row, read defensively (every field type-checked and bounded). */
export interface PullTransaction {
  /** The M-Pesa receipt, trimmed and upper-cased; rows without a `^[A-Z0-9]{6,20}$` receipt are rejected. */
  transactionId: string;
  /** Raw as sent (at most 40 characters). */
  trxDate: string;
  /** The date/time digits of trxDate read as Nairobi time (UTC+3), ignoring any Z/offset; null if unreadable. */
  completedAtEat: Date | null;
  /** The same digits read as UTC. */
  completedAtUtc: Date | null;
  /** Digits (JSON number or string); masked values kept as sent; at most 20 characters. */
  msisdn: string | null;
  /** At most 100 characters. */
  sender: string | null;
  /** Lower-cased, at most 60 characters: c2b-pay-bill-debit, c2b-buy-goods-debit, merchant-to-organization-settlement… */
  transactionType: string;
  /** Trimmed, at most 40 characters, '' when absent. */
  billReference: string;
  /** Exact integer cents from the decimal text; rows with a negative, non-finite or over-2-decimal amount are rejected. */
  amountMinor: number;
  organizationName: string | null;
}

export type PullQueryResult =
  | { status: 'ok'; transactions: PullTransaction[]; pages: number; rejectedRows: number; truncated: boolean }
  /** ResponseCode 1001 on the FIRST page: an empty window OR a shortcode not registered/provisioned — Safaricom does not say which */
  | { status: 'no_records'; message: string };

export interface TokenRefreshReport {
  refreshed: number;
  failed: Array<{ environment: string; consumerKey: string; code: string }>;
  evicted: number;
}

/** The port the payments module depends on (docs/architecture.md rule 4). */
export interface DarajaClient {
  /** A valid access token for these credentials (cached; refreshed when < 10 min remain). */
  getAccessToken(credentials: DarajaCredentials): Promise<string>;
  /** Checks credentials by forcing a fresh token; throws DarajaError (INVALID_CREDENTIALS…) when refused. */
  testCredentials(credentials: DarajaCredentials): Promise<void>;
  stkPush(merchant: DarajaMerchant, input: StkPushInput): Promise<StkPushResult>;
  /** Both pending forms come back as `{ status: 'pending' }`, never as errors. */
  stkQuery(merchant: DarajaMerchant, checkoutRequestId: string, at?: Date): Promise<StkQueryResult>;
  registerC2bUrls(credentials: DarajaCredentials, input: C2bRegisterInput): Promise<C2bRegisterResult>;
  /** One-time Pull Transactions registration of a shortcode (live production apps only; the callback URL cannot be changed later). */
  registerPull(credentials: DarajaCredentials, input: PullRegisterInput): Promise<PullRegisterResult>;
  /** Every C2B row credited to the shortcode in [from, to] (at most the last 48 h), all pages, deduplicated by receipt. */
  pullTransactions(credentials: DarajaCredentials, input: PullQueryInput): Promise<PullQueryResult>;
  /** For the scheduled job: refreshes cached tokens of recently used credentials that expire soon. */
  refreshActive(): Promise<TokenRefreshReport>;
  /** Drops the cached token of a credential set (e.g. after the provider changed its keys). */
  forget(credentials: Pick<DarajaCredentials, 'environment' | 'consumerKey'>): void;
}
