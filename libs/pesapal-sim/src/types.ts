/** Shared types of the Pesapal simulator. */

export interface SimMerchantCredentials {
  consumerKey: string;
  consumerSecret: string;
}

/** Pesapal's documented Kenyan demo keys; the simulator accepts them unless merchants are given. */
export const DEFAULT_PESAPAL_MERCHANT: SimMerchantCredentials = {
  consumerKey: 'qkio1BGGYAXTu2JOfm7XSXNruoZsrqEW',
  consumerSecret: 'osGQ364R49cXKeOYSpaOnT++rHs=',
};

export type IpnMethod = 'GET' | 'POST';

export interface SimIpnRegistration {
  id: number;
  ipnId: string;
  url: string;
  method: IpnMethod;
  consumerKey: string;
  createdDate: string;
}

/** `abandoned` is our own marker for a cancelled page; Pesapal still reports it as pending (status_code 0). */
export type SimOrderState = 'pending' | 'completed' | 'failed' | 'reversed' | 'abandoned';

export type SimPaymentMethod = 'MPESA' | 'Visa' | 'MasterCard' | 'AirtelMoney';

export interface SimBillingAddress {
  email_address?: string;
  phone_number?: string;
  country_code?: string;
  first_name?: string;
  middle_name?: string;
  last_name?: string;
  line_1?: string;
  line_2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  zip_code?: string;
}

export interface SimSubscriptionDetails {
  start_date: string;
  end_date: string;
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
}

export interface SimOrder {
  orderTrackingId: string;
  merchantReference: string;
  consumerKey: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  cancellationUrl?: string;
  notificationId: string;
  billingAddress: SimBillingAddress;
  accountNumber?: string;
  subscriptionDetails?: SimSubscriptionDetails;
  branch?: string;
  redirectUrl: string;
  createdAt: string;
  /** EAT without zone, as in GetTransactionStatus. */
  createdDate: string;
  state: SimOrderState;
  paymentMethod: string;
  paymentAccount: string;
  confirmationCode: string;
  /** Failure text shown in `description` of the status answer. */
  statusDescription: string | null;
  settledAt?: string;
  reversedAt?: string;
}

export interface SimLedgerEntry {
  orderTrackingId: string;
  merchantReference: string;
  consumerKey: string;
  amount: number;
  /** Amount in minor units (cents); totals are summed from these. */
  amountMinor: number;
  currency: string;
  confirmationCode: string;
  paymentMethod: string;
  settledAt: string;
  reversed: boolean;
  reversedAt?: string;
}

export type PesapalEndpoint = 'RequestToken' | 'RegisterIPN' | 'GetIpnList' | 'SubmitOrderRequest' | 'GetTransactionStatus';

export interface IpnSettings {
  /** Delay before the first IPN is sent after a status change. */
  delayMs: number;
  /** Extra identical copies sent together with the first one. */
  duplicates: number;
  /** Attempts per copy until the receiver answers the JSON acknowledgement. */
  maxAttempts: number;
  /** Wait between attempts (doubles after each attempt). */
  retryBackoffMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Never send IPNs (the status stays queryable). */
  drop: boolean;
}

export interface SimSettings {
  tokenTtlMs: number;
  /** How long a "Pay with M-Pesa" payment stays pending after the redirect (0 = settles at once). */
  mobileMoneyPendingMs: number;
  ipn: IpnSettings;
}

export interface SimSettingsPatch {
  tokenTtlMs?: number;
  mobileMoneyPendingMs?: number;
  ipn?: Partial<IpnSettings>;
}

export interface IpnDeliveryRecord {
  orderTrackingId: string;
  merchantReference: string;
  notificationType: 'IPNCHANGE' | 'RECURRING';
  method: IpnMethod;
  url: string;
  /** 0 for the first copy, 1.. for injected duplicates. */
  copy: number;
  attempt: number;
  at: string;
  httpStatus: number | null;
  acknowledged: boolean;
  error?: string;
}
