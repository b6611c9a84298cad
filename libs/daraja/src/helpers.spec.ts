import {
  accountReferenceProblem,
  amountProblem,
  darajaTimestamp,
  describeResultCode,
  maskCheckoutRequestId,
  maskMsisdn,
  normalizeMsisdn,
  parseDarajaTimestamp,
  stkPassword,
  toTransactionDesc,
  transactionDescProblem,
  translateApiError,
} from '.';

describe('STK password and timestamp', () => {
  it('matches the documented sandbox golden vector', () => {
    const golden = 'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4';
    const passkey = Buffer.from(golden, 'base64').toString().slice(6, -14);
    expect(stkPassword('174379', passkey, '20210628092408')).toBe(golden);
  });

  it('formats timestamps in Africa/Nairobi time (UTC+3) as YYYYMMDDHHmmss', () => {
    expect(darajaTimestamp(new Date('2021-06-28T06:24:08Z'))).toBe('20210628092408');
    expect(darajaTimestamp(new Date('2023-12-31T22:30:00Z'))).toBe('20240101013000');
  });

  it('parses timestamps back, rejecting impossible dates', () => {
    expect(parseDarajaTimestamp(20191219102115)?.toISOString()).toBe('2019-12-19T07:21:15.000Z');
    expect(parseDarajaTimestamp('20191319102115')).toBeNull();
    expect(parseDarajaTimestamp('2019')).toBeNull();
  });
});

describe('phone numbers', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0112345678', '254112345678'],
    ['+254 712 345 678', '254712345678'],
    ['254712345678', '254712345678'],
    ['712345678', '254712345678'],
    ['0812345678', null],
    ['25471234567', null],
    ['hello', null],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeMsisdn(input)).toBe(expected);
  });

  it('masks numbers for logs', () => {
    expect(maskMsisdn('254712345678')).toBe('2547•••••678');
    expect(maskMsisdn(254712345678)).toBe('2547•••••678');
    expect(maskMsisdn('12')).toBe('•••');
  });
});

describe('field rules', () => {
  it('AccountReference is 1–12 alphanumerics and TransactionDesc 1–13 characters', () => {
    expect(accountReferenceProblem('ABC123DEF456')).toBeNull();
    expect(accountReferenceProblem('ABC123DEF4567')).toMatch(/12/);
    expect(accountReferenceProblem('AB-12')).toMatch(/letters/);
    expect(accountReferenceProblem('')).toMatch(/required/);
    expect(transactionDescProblem('Wifi 1 hour x')).toBeNull();
    expect(transactionDescProblem('Wifi 1 hour xx')).toMatch(/13/);
    expect(transactionDescProblem('a & b')).toMatch(/&/);
    expect(toTransactionDesc('Wifi @ 3 hours unlimited')).toBe('Wifi 3 hours');
    expect(toTransactionDesc('###')).toBe('Payment');
  });

  it('amounts are whole shillings between 1 and 250000', () => {
    expect(amountProblem(1)).toBeNull();
    expect(amountProblem(250000)).toBeNull();
    expect(amountProblem(0)).not.toBeNull();
    expect(amountProblem(10.5)).not.toBeNull();
    expect(amountProblem(250001)).not.toBeNull();
  });
});

describe('result codes', () => {
  it.each([
    [0, 'success'],
    ['1032', 'cancelled'],
    [1037, 'timeout'],
    [2001, 'failed'],
    [1, 'failed'],
    [1001, 'transient'],
    [2028, 'config_error'],
    ['SFC_IC0003', 'config_error'],
    ['424242', 'failed'],
  ])('code %s means %s and has an English customer message', (code, outcome) => {
    const info = describeResultCode(code);
    expect(info.outcome).toBe(outcome);
    expect(info.code).toBe(String(code));
    expect(info.customerMessage.en.length).toBeGreaterThan(5);
  });

  it('tells a wrong PIN, a cancellation and a timeout apart for the customer', () => {
    const texts = [1032, 1037, 2001, 1].map((c) => describeResultCode(c).customerMessage.en);
    expect(new Set(texts).size).toBe(4);
    expect(describeResultCode(2001).customerMessage.en).toMatch(/PIN/);
    expect(describeResultCode(1).customerMessage.en).toMatch(/balance/);
  });
});

describe('error translation', () => {
  const body = (errorCode: string, errorMessage: string) => ({ requestId: 'r-1', errorCode, errorMessage });
  it.each([
    [404, body('404.001.03', 'Invalid Access Token'), 'INVALID_TOKEN'],
    [401, body('401.003.01', 'Error Occurred - Invalid Access Token - Invalid API call as no apiproduct match found'), 'PRODUCT_MISMATCH'],
    [400, body('400.002.02', 'Bad Request - Invalid PhoneNumber'), 'VALIDATION'],
    [400, body('400.002.05', 'Invalid Request Payload'), 'VALIDATION'],
    [500, body('500.001.1001', 'Merchant does not exist'), 'MERCHANT_NOT_FOUND'],
    [500, body('500.001.1001', '[MerchantValidate] - Wrong credentials'), 'WRONG_CREDENTIALS'],
    [500, body('500.001.1001', 'Unable to lock subscriber, a transaction is already in process for the current subscriber'), 'SUBSCRIBER_LOCKED'],
    [500, body('500.003.02', 'Error Occurred: Spike Arrest Violation'), 'RATE_LIMITED'],
    [500, body('500.003.03', 'Quota Violation'), 'RATE_LIMITED'],
    [500, body('500.003.1001', 'Urls are already registered'), 'ALREADY_REGISTERED'],
    [500, body('500.003.1001', 'Internal Server Error'), 'UNAVAILABLE'],
    [404, body('404.001.01', 'Resource not found'), 'NOT_FOUND'],
    [503, null, 'UNAVAILABLE'],
  ])('HTTP %d %j → %s, keeping Daraja fields', (status, b, code) => {
    const err = translateApiError(status, b);
    expect(err.code).toBe(code);
    expect(err.httpStatus).toBe(status);
    expect(err.errorCode).toBe(b ? b.errorCode : null);
    expect(err.errorMessage).toBe(b ? b.errorMessage : null);
  });

  it('names the field of a validation error and marks transient errors retryable', () => {
    expect(translateApiError(400, body('400.002.02', 'Bad Request - Invalid Timestamp')).field).toBe('Timestamp');
    expect(translateApiError(500, body('500.003.02', 'x')).retryable).toBe(true);
    expect(translateApiError(400, body('400.002.02', 'Bad Request - Invalid Amount')).retryable).toBe(false);
  });
});

describe('maskCheckoutRequestId', () => {
  it("hides the customer's number at the end of a CheckoutRequestID, even when the milliseconds spell 254", () => {
    const id = 'ws_CO_04122026201545254712345678';
    const masked = maskCheckoutRequestId(id);
    expect(masked).toBe('ws_CO_04122026201545254••••••678');
    expect(masked).not.toMatch(/2547\d{8}|\d{9}$/);
    expect(maskCheckoutRequestId(null)).toBe('');
  });
});
