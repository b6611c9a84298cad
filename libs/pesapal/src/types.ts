import type { TransactionStatusResponse } from './wire';

export type IpnNotificationMethod = 'GET' | 'POST';

export interface PesapalToken {
  token: string;
  /** Pesapal's `expiryDate`, parsed. */
  expiresAt: Date;
}

export interface PesapalIpnRegistration {
  ipnId: string;
  url: string;
  createdDate: string;
  /** Known from RegisterIPN only; GetIpnList does not report it. */
  notificationMethod?: IpnNotificationMethod;
  active?: boolean;
}

export interface PesapalBillingAddress {
  emailAddress?: string;
  phoneNumber?: string;
  /** ISO 3166 alpha-2, e.g. `KE`. */
  countryCode?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  zipCode?: string;
}

export type PesapalFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface PesapalOrderRequest {
  /** Our merchant reference (Pesapal `id`): unique per request, ≤ 50 characters, e.g. `SUB-ab12-0042-1`. */
  merchantReference: string;
  /** ISO 4217, e.g. `KES`. */
  currency: string;
  /** Integer minor units (cents); sent to Pesapal as a number with at most 2 decimals. */
  amountMinor: number;
  /** ≤ 100 characters. */
  description: string;
  /** Where Pesapal sends the browser back (GET with OrderTrackingId & co). */
  callbackUrl: string;
  /** `ipnId` from registerIpn. */
  notificationId: string;
  /** Needs `emailAddress` or `phoneNumber`. */
  billingAddress: PesapalBillingAddress;
  redirectMode?: 'TOP_WINDOW' | 'PARENT_WINDOW';
  cancellationUrl?: string;
  branch?: string;
  /** Turns on recurring (card) opt-in. */
  accountNumber?: string;
  /** Dates `dd-MM-yyyy`; needs `accountNumber`. */
  subscriptionDetails?: { startDate: string; endDate: string; frequency: PesapalFrequency };
}

export interface PesapalOrder {
  orderTrackingId: string;
  merchantReference: string;
  /** The hosted payment page; redirect the payer's browser here (or embed it). */
  redirectUrl: string;
}

export type PesapalPaymentState = 'pending' | 'completed' | 'failed' | 'reversed';

/**
 * - `awaiting_payment`: status_code 0 with `payment_details_not_found` ("Pending Payment");
 * - `unknown_order`: status_code 0 for another reason (INVALID): keep pending until our own expiry.
 */
export type PesapalPendingReason = 'awaiting_payment' | 'unknown_order';

export interface PesapalTransactionStatus {
  state: PesapalPaymentState;
  /** Only set when `state` is `pending`. */
  pendingReason?: PesapalPendingReason;
  orderTrackingId: string;
  merchantReference: string | null;
  /** As reported (major units). */
  amount: number;
  /** `amount` in integer minor units: compare this with the invoice. */
  amountMinor: number;
  currency: string | null;
  /** Receipt (M-Pesa code or card reference); null while pending. */
  confirmationCode: string | null;
  /** e.g. `MPESA`, `Visa`; null while pending. */
  paymentMethod: string | null;
  /** Masked card or phone. */
  paymentAccount: string | null;
  /** Pesapal's `description` (failure reason for failed payments). */
  description: string | null;
  /** EAT without zone, as given by Pesapal. */
  createdDate: string | null;
  /** Raw `status_code` (0..3). */
  statusCode: number;
  /** Raw `payment_status_description` (e.g. COMPLETED / Completed). */
  statusDescription: string;
  /** Set on recurring charges. */
  subscription?: { accountReference?: string; amount?: number; firstName?: string; lastName?: string; correlationId?: number };
  raw: TransactionStatusResponse;
}

export type PesapalNotificationType = 'IPNCHANGE' | 'RECURRING' | 'CALLBACKURL';

/** What an IPN or the browser return tells us: which order to re-check (never its status). */
export interface PesapalNotification {
  orderTrackingId: string;
  /** Our merchant reference (on RECURRING: the account_number). */
  merchantReference: string;
  notificationType: PesapalNotificationType | string;
}

/** The JSON body the IPN receiver must answer (camelCase keys, numeric status). */
export interface PesapalIpnAcknowledgement {
  orderNotificationType: string;
  orderTrackingId: string;
  orderMerchantReference: string;
  status: 200 | 500;
}
