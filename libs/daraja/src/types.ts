import { DarajaEnvironment } from './environments';

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

export interface TokenRefreshReport {
  refreshed: number;
  failed: Array<{ environment: string; consumerKey: string; code: string }>;
  evicted: number;
}

/** The port the payments module depends on (ARCHITECTURE rule 4). */
export interface DarajaClient {
  /** A valid access token for these credentials (cached; refreshed when < 10 min remain). */
  getAccessToken(credentials: DarajaCredentials): Promise<string>;
  /** Checks credentials by forcing a fresh token; throws DarajaError (INVALID_CREDENTIALS…) when refused. */
  testCredentials(credentials: DarajaCredentials): Promise<void>;
  stkPush(merchant: DarajaMerchant, input: StkPushInput): Promise<StkPushResult>;
  /** Both pending forms come back as `{ status: 'pending' }`, never as errors. */
  stkQuery(merchant: DarajaMerchant, checkoutRequestId: string, at?: Date): Promise<StkQueryResult>;
  registerC2bUrls(credentials: DarajaCredentials, input: C2bRegisterInput): Promise<C2bRegisterResult>;
  /** For the scheduled job: refreshes cached tokens of recently used credentials that expire soon. */
  refreshActive(): Promise<TokenRefreshReport>;
  /** Drops the cached token of a credential set (e.g. after the provider changed its keys). */
  forget(credentials: Pick<DarajaCredentials, 'environment' | 'consumerKey'>): void;
}
