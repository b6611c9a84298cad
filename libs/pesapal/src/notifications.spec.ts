import { PesapalError } from './errors';
import { ipnAcknowledgement, parseCallbackQuery, parseIpnBody, parseIpnQuery, parseIpnRequest } from './notifications';

describe('IPN and callback parsing', () => {
  const expected = { orderTrackingId: 'b945e4af-80a5-4ec1-8706-e03f8332fb04', merchantReference: 'SUB-ab12-0042-1', notificationType: 'IPNCHANGE' };

  it('parses the GET query from URLSearchParams and from framework query objects (arrays too)', () => {
    const qs = new URLSearchParams({ OrderTrackingId: expected.orderTrackingId, OrderMerchantReference: expected.merchantReference, OrderNotificationType: 'IPNCHANGE' });
    expect(parseIpnQuery(qs)).toEqual(expected);
    expect(parseIpnQuery({ OrderTrackingId: [expected.orderTrackingId, 'x'], OrderMerchantReference: expected.merchantReference, OrderNotificationType: 'IPNCHANGE' })).toEqual(expected);
  });

  it('parses POST bodies with PascalCase or camelCase keys, as objects or raw JSON text', () => {
    expect(parseIpnBody({ OrderTrackingId: expected.orderTrackingId, OrderNotificationType: 'IPNCHANGE', OrderMerchantReference: expected.merchantReference })).toEqual(expected);
    expect(parseIpnBody(JSON.stringify({ orderTrackingId: expected.orderTrackingId, orderNotificationType: 'IPNCHANGE', orderMerchantReference: expected.merchantReference }))).toEqual(expected);
  });

  it('keeps RECURRING notifications (merchant reference = account number)', () => {
    expect(parseIpnQuery({ OrderTrackingId: 't', OrderMerchantReference: 'TENANT-1', OrderNotificationType: 'RECURRING' })).toEqual({
      orderTrackingId: 't',
      merchantReference: 'TENANT-1',
      notificationType: 'RECURRING',
    });
  });

  it('parseIpnRequest reads the body on POST and the query on GET', () => {
    const body = { OrderTrackingId: 'a', OrderMerchantReference: 'b', OrderNotificationType: 'IPNCHANGE' };
    expect(parseIpnRequest({ method: 'POST', body, query: {} })).toEqual({ orderTrackingId: 'a', merchantReference: 'b', notificationType: 'IPNCHANGE' });
    expect(parseIpnRequest({ method: 'GET', query: body })).toEqual({ orderTrackingId: 'a', merchantReference: 'b', notificationType: 'IPNCHANGE' });
    expect(parseIpnRequest({ method: 'POST', body: {}, query: body }).orderTrackingId).toBe('a');
  });

  it('rejects notifications without the identifiers as VALIDATION errors', () => {
    expect(() => parseIpnQuery({ OrderMerchantReference: 'x', OrderNotificationType: 'IPNCHANGE' })).toThrow(PesapalError);
    expect(() => parseIpnBody('not json')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => parseIpnBody([1])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => parseIpnQuery({ OrderTrackingId: 'x', OrderMerchantReference: 'y' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('the callback query may lack OrderNotificationType (as in recorded call_back_url) and defaults to CALLBACKURL', () => {
    expect(parseCallbackQuery({ OrderTrackingId: 'a', OrderMerchantReference: 'b' })).toEqual({ orderTrackingId: 'a', merchantReference: 'b', notificationType: 'CALLBACKURL' });
    expect(parseCallbackQuery(new URLSearchParams('OrderTrackingId=a&OrderMerchantReference=b&OrderNotificationType=CALLBACKURL')).notificationType).toBe('CALLBACKURL');
  });

  it('builds the acknowledgement with camelCase keys, echoed values and a numeric status', () => {
    expect(JSON.stringify(ipnAcknowledgement(expected))).toBe(
      JSON.stringify({ orderNotificationType: 'IPNCHANGE', orderTrackingId: expected.orderTrackingId, orderMerchantReference: expected.merchantReference, status: 200 }),
    );
    expect(ipnAcknowledgement(expected, false).status).toBe(500);
  });
});
