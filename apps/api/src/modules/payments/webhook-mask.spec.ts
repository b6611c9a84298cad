import { mask } from './webhook-mask';

describe('webhook body masking', () => {
  it('masks phones (also in CallbackMetadata items), names and secret-like keys, leaving the rest', () => {
    const body = {
      Body: {
        stkCallback: {
          CheckoutRequestID: 'ws_CO_1',
          ResultCode: 0,
          CallbackMetadata: {
            Item: [
              { Name: 'Amount', Value: 50 },
              { Name: 'MpesaReceiptNumber', Value: 'TGR1234567' },
              { Name: 'PhoneNumber', Value: 254712345678 },
            ],
          },
        },
      },
      MSISDN: '254798765432',
      FirstName: 'Achieng',
      Password: 'hunter2',
    };
    const masked = mask(body) as any;
    expect(masked.Body.stkCallback.CallbackMetadata.Item).toEqual([
      { Name: 'Amount', Value: 50 },
      { Name: 'MpesaReceiptNumber', Value: 'TGR1234567' },
      { Name: 'PhoneNumber', Value: '2547•••••678' },
    ]);
    expect(masked).toMatchObject({ MSISDN: '2547•••••432', FirstName: 'A•••', Password: '•••' });
    expect(masked.Body.stkCallback.CheckoutRequestID).toBe('ws_CO_1');
    expect(JSON.stringify(masked)).not.toMatch(/712345678|798765432|Achieng|hunter2/);
    expect(body.MSISDN).toBe('254798765432');
  });

  it('cuts names and phones on whole characters (an emoji never leaves a lone surrogate)', () => {
    const masked = mask({ FirstName: '😀abc', MSISDN: '😀😀😀😀😀😀😀😀' }) as Record<string, string>;
    expect(masked).toEqual({ FirstName: '😀•••', MSISDN: '😀😀😀😀•😀😀😀' });
    expect(JSON.stringify(masked)).not.toMatch(/\\ud8/);
    // a lone surrogate does not survive a UTF-8 round trip
    for (const text of Object.values(masked)) expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });
});
