import type { SimIpnRegistration, SimOrder } from './types';

/** Pesapal's error object as seen on the wire (`error_type`, not the documented `type`). */
export function apiError(code: string, message: string): { error_type: string; code: string; message: string } {
  return { error_type: 'api_error', code, message };
}

export function ipnRegistrationBody(ipn: SimIpnRegistration): Record<string, unknown> {
  return {
    id: ipn.id,
    url: ipn.url,
    created_date: ipn.createdDate,
    ipn_id: ipn.ipnId,
    notification_type: ipn.method === 'GET' ? 0 : 1,
    ipn_notification_type_description: ipn.method,
    ipn_status: 1,
    ipn_status_decription: 'Active',
    error: null,
    status: '200',
  };
}

export function ipnListEntry(ipn: SimIpnRegistration): Record<string, unknown> {
  return { url: ipn.url, created_date: ipn.createdDate, ipn_id: ipn.ipnId, error: null, status: '200' };
}

/** `call_back_url` as recorded: the callback URL with the first two parameters only. */
function recordedCallbackUrl(o: SimOrder): string {
  const url = new URL(o.callbackUrl);
  url.searchParams.set('OrderTrackingId', o.orderTrackingId);
  url.searchParams.set('OrderMerchantReference', o.merchantReference);
  return url.toString();
}

const STATUS: Record<SimOrder['state'], { code: number; text: string }> = {
  pending: { code: 0, text: 'INVALID' },
  abandoned: { code: 0, text: 'INVALID' },
  completed: { code: 1, text: 'COMPLETED' },
  failed: { code: 2, text: 'FAILED' },
  reversed: { code: 3, text: 'REVERSED' },
};

/** GetTransactionStatus answer in the shapes of docs/pesapal.md §7 (pending = recorded sandbox fixture). */
export function transactionStatusBody(o: SimOrder): Record<string, unknown> {
  const s = STATUS[o.state];
  const callBack = recordedCallbackUrl(o);
  const pending = s.code === 0;
  return {
    payment_method: o.paymentMethod,
    amount: o.amount,
    created_date: o.createdDate,
    confirmation_code: o.confirmationCode,
    order_tracking_id: o.orderTrackingId,
    payment_status_description: s.text,
    description: o.statusDescription,
    message: 'Request processed successfully',
    payment_account: o.paymentAccount,
    call_back_url: callBack,
    status_code: s.code,
    merchant_reference: o.merchantReference,
    payment_status_code: '',
    currency: o.currency,
    error: pending
      ? { error_type: 'api_error', code: 'payment_details_not_found', message: 'Pending Payment', call_back_url: callBack }
      : { error_type: null, code: null, message: null, call_back_url: null },
    status: pending ? '500' : '200',
  };
}

/** Answer for an unknown order tracking id (real body unverified): status_code 0 with an error other than payment_details_not_found. */
export function unknownOrderStatusBody(trackingId: string): Record<string, unknown> {
  return {
    payment_method: null,
    amount: 0,
    created_date: null,
    confirmation_code: null,
    order_tracking_id: trackingId,
    payment_status_description: 'INVALID',
    description: null,
    message: null,
    payment_account: null,
    call_back_url: null,
    status_code: 0,
    merchant_reference: null,
    payment_status_code: '',
    currency: null,
    error: { error_type: 'api_error', code: 'invalid_order_tracking_id', message: 'Order tracking id not found', call_back_url: null },
    status: '500',
  };
}
