/** Pesapal API 3.0 payloads exactly as on the wire (snake_case, string `status`). */

/** Accept both the documented (`type`) and the real (`error_type`) form. */
export interface PesapalWireError {
  error_type?: string | null;
  type?: string | null;
  code?: string | null;
  message?: string | null;
  call_back_url?: string | null;
}

export interface PesapalWireEnvelope {
  error?: PesapalWireError | null;
  status?: string | null;
  message?: string | null;
}

export interface RequestTokenBody {
  consumer_key: string;
  consumer_secret: string;
}

export interface RequestTokenResponse extends PesapalWireEnvelope {
  token: string | null;
  expiryDate?: string | null;
}

export interface RegisterIpnBody {
  url: string;
  ipn_notification_type: 'GET' | 'POST';
}

export interface RegisterIpnResponse extends PesapalWireEnvelope {
  id?: number;
  url: string;
  created_date: string;
  ipn_id: string;
  notification_type?: number;
  ipn_notification_type_description?: string;
  ipn_status?: number;
  /** Misspelled by Pesapal. */
  ipn_status_decription?: string;
}

export interface IpnListEntryWire extends PesapalWireEnvelope {
  url: string;
  created_date: string;
  ipn_id: string;
}

export interface BillingAddressWire {
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

export interface SubmitOrderBody {
  id: string;
  currency: string;
  amount: number;
  description: string;
  callback_url: string;
  notification_id: string;
  billing_address: BillingAddressWire;
  redirect_mode?: 'TOP_WINDOW' | 'PARENT_WINDOW';
  cancellation_url?: string;
  branch?: string;
  account_number?: string;
  subscription_details?: { start_date: string; end_date: string; frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY' };
}

export interface SubmitOrderResponse extends PesapalWireEnvelope {
  order_tracking_id: string | null;
  merchant_reference: string | null;
  redirect_url: string | null;
}

export interface TransactionStatusResponse extends PesapalWireEnvelope {
  payment_method?: string | null;
  amount?: number | string | null;
  created_date?: string | null;
  confirmation_code?: string | null;
  order_tracking_id?: string | null;
  payment_status_description?: string | null;
  description?: string | null;
  payment_account?: string | null;
  call_back_url?: string | null;
  /** 0 INVALID, 1 COMPLETED, 2 FAILED, 3 REVERSED. */
  status_code?: number | null;
  merchant_reference?: string | null;
  payment_status_code?: string | null;
  currency?: string | null;
  subscription_transaction_info?: {
    account_reference?: string;
    amount?: number;
    first_name?: string;
    last_name?: string;
    correlation_id?: number;
  } | null;
}
