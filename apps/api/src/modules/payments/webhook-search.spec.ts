import { phoneHashOf, webhookSearchFields } from './webhook-search';

describe('webhookSearchFields', () => {
  it('takes receipt, reference and a hash of the phone from a C2B body', () => {
    const fields = webhookSearchFields('c2b_confirmation', { TransID: 'tst1abc234', BillRefNumber: 'ab12cd', MSISDN: '254712345678', TransAmount: '50.00' });
    expect(fields).toEqual({ receipt: 'TST1ABC234', paymentReference: 'AB12CD', phoneHash: phoneHashOf('254712345678') });
  });

  it("keeps C2B v1's hashed MSISDN as it came (lower case): the same value a phone search computes", () => {
    const hashed = phoneHashOf('254712345678').toUpperCase();
    expect(webhookSearchFields('c2b_confirmation', { TransID: 'X', MSISDN: hashed }).phoneHash).toBe(phoneHashOf('254712345678'));
    expect(webhookSearchFields('c2b_confirmation', { TransID: 'X', MSISDN: '2547 ***** 678' }).phoneHash).toBeNull();
  });

  it('takes the receipt and phone from STK CallbackMetadata items; a failure or junk has none', () => {
    const body = {
      Body: {
        stkCallback: {
          CheckoutRequestID: 'ws_CO_1',
          ResultCode: 0,
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 50 },
              { Name: 'MpesaReceiptNumber', Value: 'TST9ZZ0001' },
              { Name: 'PhoneNumber', Value: 254712345678 },
            ],
          },
        },
      },
    };
    expect(webhookSearchFields('stk', body)).toEqual({ receipt: 'TST9ZZ0001', paymentReference: null, phoneHash: phoneHashOf('254712345678') });
    expect(webhookSearchFields('stk', { Body: { stkCallback: { ResultCode: 1032 } } })).toEqual({ receipt: null, paymentReference: null, phoneHash: null });
    expect(webhookSearchFields('stk', 'junk')).toEqual({ receipt: null, paymentReference: null, phoneHash: null });
    expect(webhookSearchFields('stk', { Body: { stkCallback: { CallbackMetadata: { Item: [null, 7] } } } })).toEqual({ receipt: null, paymentReference: null, phoneHash: null });
  });
});
