/** A Daraja app (consumer key/secret) of one merchant, as registered in the simulator. */
export interface SimAppConfig {
  consumerKey: string;
  consumerSecret: string;
  /** BusinessShortCode: the paybill number, or for a till the store/HO number. 5–7 digits. */
  shortcode: string;
  /** Lipa Na M-Pesa Online passkey. */
  passkey: string;
  /** `paybill` (CustomerPayBillOnline, PartyB = shortcode) or `till` (CustomerBuyGoodsOnline, PartyB = tillNumber). */
  accountType?: 'paybill' | 'till';
  /** Till number (PartyB and C2B short code) for `till` apps. */
  tillNumber?: string;
  /** `production` makes C2B URL registration one-time and disables C2B simulate. Default `sandbox`. */
  mode?: 'sandbox' | 'production';
  /** Whether the app has the M-Pesa Express product (else 401.003.01). Default true. */
  stkProduct?: boolean;
  /** C2B product version enabled on the app (a mismatch gives 401.003.01). Default `both`. */
  c2bVersion?: 'v1' | 'v2' | 'both' | 'none';
  /** External C2B validation enabled by "Safaricom" for this shortcode. Default true. */
  externalValidation?: boolean;
  /** Starting account balance (KES) reported in `OrgAccountBalance`. Default 0. */
  openingBalance?: number;
  /** Whether the app may register Pull Transactions (live production apps). false → 401 like the sandbox. Default true. */
  pullProduct?: boolean;
  /** Organisation name in Pull rows and statements. Default `SIM MERCHANT <shortcode>`. */
  organizationName?: string;
}

/** What the simulated customer does with a prompt. */
export type PhoneAction =
  | 'approve' // enters the right PIN → ResultCode 0
  | 'cancel' // 1032
  | 'timeout' // 1037
  | 'wrong-pin' // 2001
  | 'insufficient-funds' // 1
  | 'manual' // waits for the control API / phone page (auto 1037 after manualTimeoutMs)
  | 'never' // never answers: no callback, query stays pending until resolved through control
  | { resultCode: number | string; resultDesc?: string };

export interface CallbackSettings {
  /** Delay between the decision and the (first) callback POST. Default 0. */
  delayMs: number;
  /** Number of copies of each callback to send. Default 1. */
  copies: number;
  /** Gap between copies. Default 0. */
  copyGapMs: number;
  /** `true` drops every callback; a number in [0,1] drops each callback with that probability. */
  drop: boolean | number;
  /** When > 0, callbacks due inside this window are held and delivered in reverse order at its end. */
  reorderWindowMs: number;
  /** Retry on a non-2xx/failed delivery (Safaricom documents none, so default off). */
  retryOnNon2xx: { attempts: number; backoffMs: number } | null;
  /** Per-POST timeout. Default 5000. */
  timeoutMs: number;
  /** Value for an `X-Forwarded-For` header (source-IP allowlist tests). */
  sourceIp: string | null;
}

export interface PhoneRuleMatch {
  /** Exact MSISDN (2547…/2541…). */
  phone?: string;
  /** MSISDN suffix, e.g. `1032`. */
  phoneSuffix?: string;
  amount?: number;
  minAmount?: number;
  maxAmount?: number;
  shortcode?: string;
  accountReference?: string;
}

export interface PhoneRule {
  match: PhoneRuleMatch;
  action: PhoneAction;
  /** Delay before the phone "answers". Defaults to the phone's decisionDelayMs. */
  delayMs?: number;
  /** Callback overrides for the matching pushes. */
  callback?: Partial<CallbackSettings>;
  /** Remove the rule after it matched this many pushes. */
  times?: number;
}

export interface PhoneSettings {
  /** Action when no rule matches. Default `approve`. */
  defaultAction: PhoneAction;
  /** Delay before an automatic answer. Default 0. */
  decisionDelayMs: number;
  /** PIN the simulated customers use; `null` accepts any PIN. Default `1234`. */
  pin: string | null;
  /** A `manual` prompt left unanswered this long ends with 1037. Default 60000. */
  manualTimeoutMs: number;
  /** Magic MSISDN suffixes of docs/mpesa.md §12 (…0000 success, …1032, …1037, …0001, …2001, …1019, …9999). Default true. */
  magicNumbers: boolean;
  /** Ordered rules; the first match wins. */
  rules: PhoneRule[];
}

export interface QuerySettings {
  /** Pending answer form: `classic` (HTTP 500, 500.001.1001) or `4999` (HTTP 200, ResultCode "4999"). Default classic. */
  pendingStyle: 'classic' | '4999';
  /** Reproduces the sandbox quirk: a successful payment queries as failed (1032). Default false. */
  contradictsCallback: boolean;
  /** More than this many queries per second per app → 500.003.02 Spike Arrest. Default none. */
  rateLimitPerSecond: number | null;
}

export type FaultEndpoint = 'oauth' | 'stkpush' | 'stkquery' | 'c2b-register' | 'c2b-simulate' | 'pull-register' | 'pull-query' | 'any';
export type FaultKind = 'http500' | 'http503' | 'spike-arrest' | 'quota' | 'slow' | 'drop-connection';

export interface FaultSpec {
  endpoint?: FaultEndpoint;
  kind: FaultKind;
  /** How many requests it affects. Default 1. */
  times?: number;
  /** For `slow`: the extra latency before a normal answer. Default 1000. */
  delayMs?: number;
}

export type PushStatus = 'pending' | 'completed' | 'failed';

/** One STK push as the simulator holds it. */
export interface SimPush {
  checkoutRequestId: string;
  merchantRequestId: string;
  consumerKey: string;
  shortcode: string;
  transactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  amount: number;
  phoneNumber: string;
  partyA: string;
  partyB: string;
  callbackUrl: string;
  accountReference: string;
  transactionDesc: string;
  createdAt: string;
  status: PushStatus;
  /** The phone action chosen by rules (for information). */
  plannedAction: string;
  resultCode: number | string | null;
  resultDesc: string | null;
  receipt: string | null;
  transactionDate: string | null;
  decidedAt: string | null;
}

export interface CallbackDelivery {
  checkoutRequestId: string;
  url: string;
  copy: number;
  attempt: number;
  /** HTTP status, or null when the request failed / was dropped. */
  status: number | null;
  dropped: boolean;
  error: string | null;
  at: string;
  body: unknown;
}

export interface LedgerEntry {
  kind: 'stk' | 'c2b';
  receipt: string;
  amount: number;
  /** The number credited: the paybill, or the till number for till payments (STK and C2B). */
  shortcode: string;
  msisdn: string;
  reference: string;
  checkoutRequestId: string | null;
  /** Completion time (ISO). */
  at: string;
  /** When the payment started (ISO): the push for STK; the completion for C2B. */
  initiatedAt?: string;
  /** The payer's name as M-Pesa shows it, e.g. `JOHN DOE`. */
  name?: string;
  /** The organisation's balance (KES) right after this payment. */
  balance?: number;
}

export interface LedgerSnapshot {
  entries: LedgerEntry[];
  count: number;
  /** Sum of settled amounts (whole KES). */
  total: number;
}

export interface C2bRegistration {
  shortCode: string;
  version: 'v1' | 'v2';
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl: string;
  registeredAt: string;
}

export interface C2bPaymentInput {
  /** Paybill number or till number with registered URLs. */
  shortCode: string;
  amount: number;
  /** Customer MSISDN (2547…). */
  msisdn: string;
  /** Account number typed by the customer (empty for tills). */
  billRefNumber?: string;
  firstName?: string;
  /** Use this TransID instead of a fresh receipt (e.g. the receipt of an STK payment). */
  transId?: string;
}

export interface C2bPaymentOutcome {
  transId: string;
  status: 'confirmed' | 'rejected' | 'failed';
  /** The validation answer's ResultCode (or `timeout`, `skipped`). */
  validation: string;
  confirmationStatus: number | null;
  thirdPartyTransId: string;
  error: string | null;
}

export interface PullSettings {
  /** STK payments appear in Pull results (unconfirmed at Safaricom). Default true. */
  listStk: boolean;
  /** Rows per page. Default 100. */
  pageSize: number;
  /** What OffSetValue counts: pages (`page-index`) or rows (`row-offset`); public sources disagree. Default page-index. */
  paging: 'page-index' | 'row-offset';
  /** `Response: [[…rows]]` (nested) or `Response: […rows]` (flat). Default nested. */
  nesting: 'nested' | 'flat';
  /** Register answer keys: `Response Status` (spaced, what live Daraja sends) or `ResponseStatus` (plain, the docs' sample). Default spaced. */
  registerKeys: 'spaced' | 'plain';
  /** trxDate: Nairobi digits with a Z (`eat-as-z`, as reported) or true UTC (`utc`). Default eat-as-z. */
  trxDateZone: 'eat-as-z' | 'utc';
  /** Add TotalPages/TotalRecords to successful answers. Default false. */
  totals: boolean;
}

export interface PullRegistration {
  shortCode: string;
  nominatedNumber: string;
  callbackUrl: string;
  registeredAt: string;
}

/** One Pull query as the simulator answered it (responseCode 1000, 1001 or the Daraja errorCode). */
export interface PullQueryRecord {
  shortCode: string;
  startDate: string;
  endDate: string;
  /** OffSetValue as a number; -1 when unreadable. */
  offset: number;
  responseCode: string;
  rows: number;
}

export interface SettlementSweepInput {
  /** The till or paybill whose funds are swept to the organisation's account. */
  shortCode: string;
  /** Whole KES. */
  amount: number;
}

/** A merchant-to-organisation settlement: money leaving the shortcode (not a customer payment, not in the ledger). */
export interface SettlementSweep {
  receipt: string;
  shortCode: string;
  amount: number;
  at: string;
  /** The organisation's balance (KES) right after the sweep. */
  balance: number;
}

export interface StatementRequest {
  shortCode: string;
  from: Date;
  to: Date;
}
