import { c2bAccept, c2bMsisdnMatches, C2B_CONFIRMATION_ACK, C2B_REJECTION_CODES, c2bReject, parseC2bPayload, parseStkCallback, STK_CALLBACK_ACK } from '.';
import { createHash } from 'crypto';

const success = (items: unknown[], code: unknown = 0) => ({
  Body: {
    stkCallback: {
      MerchantRequestID: '29115-34620561-1',
      CheckoutRequestID: 'ws_CO_191220191020363925',
      ResultCode: code,
      ResultDesc: 'The service request is processed successfully.',
      CallbackMetadata: { Item: items },
    },
  },
});

describe('parseStkCallback', () => {
  it('parses the documented success body with Balance lacking a Value', () => {
    const r = parseStkCallback(
      success([
        { Name: 'Amount', Value: 1.0 },
        { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
        { Name: 'Balance' },
        { Name: 'TransactionDate', Value: 20191219102115 },
        { Name: 'PhoneNumber', Value: 254708374149 },
      ]),
    );
    expect(r).toEqual({
      kind: 'success',
      merchantRequestId: '29115-34620561-1',
      checkoutRequestId: 'ws_CO_191220191020363925',
      resultCode: '0',
      resultDesc: 'The service request is processed successfully.',
      receipt: 'NLJ7RT61SV',
      amount: 1,
      phoneNumber: '254708374149',
      transactionDate: '20191219102115',
      balance: null,
    });
  });

  it('tolerates items in any order, string amounts, missing items and a string ResultCode', () => {
    const r = parseStkCallback(
      success(
        [
          { Name: 'PhoneNumber', Value: '254708374149' },
          { Name: 'MpesaReceiptNumber', Value: 'nlj7rt61sv' },
          { Name: 'Amount', Value: '50.00' },
        ],
        '0',
      ),
    );
    expect(r).toMatchObject({ kind: 'success', amount: 50, receipt: 'NLJ7RT61SV', phoneNumber: '254708374149', transactionDate: null, balance: null });
    const bare = parseStkCallback(success([]));
    expect(bare).toMatchObject({ kind: 'success', amount: null, receipt: null });
    const withBalance = parseStkCallback(success([{ Name: 'Balance', Value: 1200 }]));
    expect(withBalance).toMatchObject({ balance: 1200 });
    const noMetadata = parseStkCallback({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_1', ResultCode: 0, ResultDesc: 'ok' } } });
    expect(noMetadata).toMatchObject({ kind: 'success', receipt: null, amount: null });
  });

  it('parses failures with the ResultCode as a string and its outcome', () => {
    const cancel = { Body: { stkCallback: { MerchantRequestID: 'f1e2', CheckoutRequestID: 'ws_CO_2', ResultCode: 1032, ResultDesc: 'Request cancelled by user' } } };
    expect(parseStkCallback(cancel)).toEqual({
      kind: 'failure',
      merchantRequestId: 'f1e2',
      checkoutRequestId: 'ws_CO_2',
      resultCode: '1032',
      resultDesc: 'Request cancelled by user',
      outcome: 'cancelled',
    });
    const sfc = { Body: { stkCallback: { CheckoutRequestID: 'ws_CO_3', ResultCode: 'SFC_IC0003', ResultDesc: 'Operator does not exist' } } };
    expect(parseStkCallback(sfc)).toMatchObject({ kind: 'failure', resultCode: 'SFC_IC0003', outcome: 'config_error', merchantRequestId: '' });
    expect(parseStkCallback({ Body: { stkCallback: { CheckoutRequestID: 'x', ResultCode: 1037 } } })).toMatchObject({ outcome: 'timeout', resultDesc: '' });
  });

  it('never throws on junk', () => {
    for (const junk of [null, 'text', 42, [], {}, { Body: {} }, { Body: { stkCallback: [] } }]) expect(parseStkCallback(junk).kind).toBe('invalid');
    expect(parseStkCallback({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_4' } } })).toEqual({ kind: 'invalid', reason: 'missing ResultCode', checkoutRequestId: 'ws_CO_4' });
  });

  it('exposes the usual acknowledgement', () => {
    expect(STK_CALLBACK_ACK).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
  });
});

describe('C2B payloads', () => {
  const v2 = {
    TransactionType: 'Pay Bill',
    TransID: 'RKL51ZDR4F',
    TransTime: '20231121121325',
    TransAmount: '5.00',
    BusinessShortCode: '600966',
    BillRefNumber: ' ab12cd ',
    InvoiceNumber: '',
    OrgAccountBalance: '25.00',
    ThirdPartyTransID: '',
    MSISDN: '2547 ***** 126',
    FirstName: 'NICHOLAS',
    MiddleName: '',
    LastName: '',
  };

  it('parses the v2 masked form', () => {
    const r = parseC2bPayload(v2);
    expect(r).toEqual({
      ok: true,
      payment: expect.objectContaining({
        transId: 'RKL51ZDR4F',
        amount: 5,
        amountText: '5.00',
        billRefNumber: 'ab12cd',
        businessShortCode: '600966',
        msisdn: { kind: 'masked', masked: '2547 ***** 126' },
      }),
    });
    if (r.ok) {
      expect(c2bMsisdnMatches(r.payment.msisdn, '254712345126')).toBe(true);
      expect(c2bMsisdnMatches(r.payment.msisdn, '254712345127')).toBe(false);
    }
  });

  it('parses the v1 hashed form and matches a known phone by hash', () => {
    const hash = createHash('sha256').update('254708374149').digest('hex');
    const r = parseC2bPayload({ ...v2, MSISDN: hash, TransAmount: '1' });
    expect(r.ok && r.payment.msisdn).toEqual({ kind: 'hashed', sha256: hash });
    if (r.ok) {
      expect(r.payment.amount).toBe(1);
      expect(c2bMsisdnMatches(r.payment.msisdn, '254708374149')).toBe(true);
      expect(c2bMsisdnMatches(r.payment.msisdn, '254708374148')).toBe(false);
    }
  });

  it('refuses bodies without TransID or a readable amount', () => {
    expect(parseC2bPayload({ ...v2, TransID: '' })).toEqual({ ok: false, reason: 'missing TransID' });
    expect(parseC2bPayload({ ...v2, TransAmount: 'five' }).ok).toBe(false);
    expect(parseC2bPayload('x').ok).toBe(false);
  });

  it('builds the documented answers', () => {
    expect(c2bAccept()).toEqual({ ResultCode: '0', ResultDesc: 'Accepted' });
    expect(c2bAccept('ours-1')).toEqual({ ResultCode: '0', ResultDesc: 'Accepted', ThirdPartyTransID: 'ours-1' });
    expect(c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER)).toEqual({ ResultCode: 'C2B00012', ResultDesc: 'Rejected' });
    expect(c2bReject(C2B_REJECTION_CODES.INVALID_AMOUNT).ResultCode).toBe('C2B00013');
    expect(C2B_CONFIRMATION_ACK).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
  });
});
