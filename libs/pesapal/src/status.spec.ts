import { mapTransactionStatus } from './status';
import type { TransactionStatusResponse } from './wire';

/** Recorded sandbox answer for a pending payment (docs/pesapal.md §7). */
const recordedPending: TransactionStatusResponse = {
  payment_method: '',
  amount: 10.0,
  created_date: '2024-03-18T18:25:46.75',
  confirmation_code: '',
  order_tracking_id: '96a5e1d9-f711-4423-82ce-dd758f972713',
  payment_status_description: 'INVALID',
  description: null,
  message: 'Request processed successfully',
  payment_account: '',
  call_back_url: 'http://localhost/?OrderTrackingId=96a5e1d9-f711-4423-82ce-dd758f972713&OrderMerchantReference=98771cd2',
  status_code: 0,
  merchant_reference: '98771cd2-e240-3656-9e10-eb2f3d687ab2',
  payment_status_code: '',
  currency: 'KES',
  error: { error_type: 'api_error', code: 'payment_details_not_found', message: 'Pending Payment', call_back_url: 'http://localhost/' },
  status: '500',
};

/** Documented sample (title-case description, error object with null fields). */
const documentedFailed: TransactionStatusResponse = {
  payment_method: 'Visa',
  amount: 100,
  created_date: '2022-04-30T07:41:09.763',
  confirmation_code: '6513008693186320103009',
  payment_status_description: 'Failed',
  description: 'Unable to Authorize Transaction.Kindly contact your bank for assistance',
  message: 'Request processed successfully',
  payment_account: '476173**0010',
  call_back_url: 'https://test.com/?OrderTrackingId=7e6b62d9-883e-440f-a63e-e1105bbfadc3&OrderMerchantReference=555-678',
  status_code: 2,
  merchant_reference: '1515111111',
  payment_status_code: '',
  currency: 'KES',
  error: { error_type: null, code: null, message: null, call_back_url: null },
  status: '200',
};

describe('mapTransactionStatus', () => {
  it('maps the recorded "Pending Payment" answer (status "500", error present) to pending, never failed', () => {
    expect(mapTransactionStatus(recordedPending, 'x')).toMatchObject({
      state: 'pending',
      pendingReason: 'awaiting_payment',
      orderTrackingId: '96a5e1d9-f711-4423-82ce-dd758f972713',
      amount: 10,
      amountMinor: 1000,
      confirmationCode: null,
      paymentMethod: null,
    });
  });

  it('maps the documented failed sample, using status_code over the description casing', () => {
    const s = mapTransactionStatus(documentedFailed, '7e6b62d9-883e-440f-a63e-e1105bbfadc3');
    expect(s).toMatchObject({
      state: 'failed',
      statusCode: 2,
      paymentMethod: 'Visa',
      confirmationCode: '6513008693186320103009',
      amountMinor: 10000,
      orderTrackingId: '7e6b62d9-883e-440f-a63e-e1105bbfadc3',
    });
    expect(s.pendingReason).toBeUndefined();
  });

  it('maps codes 1 and 3, and a null-field error object is not an error', () => {
    expect(mapTransactionStatus({ ...documentedFailed, status_code: 1, payment_status_description: 'Completed' }, 'x').state).toBe('completed');
    expect(mapTransactionStatus({ ...documentedFailed, status_code: 3, payment_status_description: 'REVERSED' }, 'x').state).toBe('reversed');
  });

  it('status_code 0 with another error is pending (unknown order), kept for our own expiry', () => {
    expect(mapTransactionStatus({ ...recordedPending, error: { error_type: 'api_error', code: 'invalid_order', message: '' } }, 'x')).toMatchObject({
      state: 'pending',
      pendingReason: 'unknown_order',
    });
  });

  it('reads amounts given as strings and keeps minor units exact', () => {
    expect(mapTransactionStatus({ ...documentedFailed, amount: '1999.99' }, 'x').amountMinor).toBe(199999);
  });

  it('falls back to the description when status_code is missing, and raises VALIDATION on a bare error body', () => {
    expect(mapTransactionStatus({ ...documentedFailed, status_code: undefined, payment_status_description: 'COMPLETED' }, 'x').state).toBe('completed');
    expect(() => mapTransactionStatus({ error: { error_type: 'api_error', code: 'order_tracking_id_required', message: 'missing' }, status: '500' }, 'x')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', pesapalCode: 'order_tracking_id_required' }),
    );
  });
});
