import { parseDeliveryReport } from './delivery-report';

const ID = 'ATXid_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('parseDeliveryReport', () => {
  it('reads a parsed form body', () => {
    expect(parseDeliveryReport({ id: ID, status: 'Success', phoneNumber: '+254700000123', networkCode: '63902', retryCount: '0' })).toEqual({
      ok: true,
      report: { id: ID, status: 'Success', outcome: 'delivered', final: true, phoneNumber: '+254700000123', networkCode: '63902', failureReason: null, retryCount: 0 },
    });
  });

  it('reads the raw form text and URLSearchParams the same way', () => {
    const text = `id=${ID}&status=Failed&phoneNumber=%2B254700000123&networkCode=63902&failureReason=AbsentSubscriber&retryCount=2`;
    const expected = {
      ok: true,
      report: { id: ID, status: 'Failed', outcome: 'failed', final: true, phoneNumber: '+254700000123', networkCode: '63902', failureReason: 'AbsentSubscriber', retryCount: 2 },
    };
    expect(parseDeliveryReport(text)).toEqual(expected);
    expect(parseDeliveryReport(new URLSearchParams(text))).toEqual(expected);
  });

  it.each([
    ['Sent', 'in_transit', false],
    ['Submitted', 'in_transit', false],
    ['Buffered', 'in_transit', false],
    ['Rejected', 'failed', true],
    ['Success', 'delivered', true],
    ['Failed', 'failed', true],
    ['AbsentSubscriber', 'failed', true],
    ['Expired', 'failed', true],
  ])('status %s is %s (final %s)', (status, outcome, final) => {
    expect(parseDeliveryReport({ id: ID, status })).toMatchObject({ ok: true, report: { status, outcome, final } });
  });

  it('ignores unknown fields, including __proto__ and constructor', () => {
    const body = JSON.parse(`{"id":"${ID}","status":"Success","__proto__":{"polluted":true},"constructor":"x","cost":"KES 9","extra":{"a":1}}`) as unknown;
    const parsed = parseDeliveryReport(body);
    expect(parsed).toMatchObject({ ok: true, report: { id: ID, status: 'Success' } });
    expect(Object.keys(parsed.ok ? parsed.report : {})).toEqual(['id', 'status', 'outcome', 'final', 'phoneNumber', 'networkCode', 'failureReason', 'retryCount']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['no id', { status: 'Success' }, 'id is missing'],
    ['an empty id', { id: '  ', status: 'Success' }, 'id is missing'],
    ['markup in the id', { id: '<script>alert(1)</script>', status: 'Success' }, 'id is not a message id'],
    ['an id of 101 characters', { id: 'A'.repeat(101), status: 'Success' }, 'id is not a message id'],
    ['an id of 10,000 characters', { id: 'A'.repeat(10_000), status: 'Success' }, 'id is missing'],
    ['an object as id', { id: { $ne: null }, status: 'Success' }, 'id is missing'],
    ['no status', { id: ID }, 'status is missing'],
    ['a lower-case status', { id: ID, status: 'success' }, 'unknown status "success"'],
    ['an unknown status', { id: ID, status: 'Delivered' }, 'unknown status "Delivered"'],
    ['a numeric status', { id: ID, status: 1 }, 'unknown status "1"'],
  ])('refuses %s', (_what, body, problem) => {
    expect(parseDeliveryReport(body)).toEqual({ ok: false, problem });
  });

  it.each([[null], [undefined], [42], [['id', ID]], ['x'.repeat(9000)]])('refuses the body %#', (body) => {
    expect(parseDeliveryReport(body)).toMatchObject({ ok: false });
  });

  it('turns malformed or oversized optional fields into null instead of refusing the report', () => {
    const parsed = parseDeliveryReport({
      id: ID,
      status: 'Failed',
      phoneNumber: 'javascript:alert(1)',
      networkCode: '63902; DROP TABLE',
      failureReason: '<b>AbsentSubscriber</b>',
      retryCount: '-1',
    });
    expect(parsed).toEqual({ ok: true, report: expect.objectContaining({ phoneNumber: null, networkCode: null, failureReason: null, retryCount: null }) });
    expect(parseDeliveryReport({ id: ID, status: 'Failed', failureReason: 'A'.repeat(500), retryCount: '9'.repeat(50) })).toMatchObject({
      ok: true,
      report: { failureReason: null, retryCount: null },
    });
  });

  it('takes the first value of a repeated field', () => {
    expect(parseDeliveryReport(`id=${ID}&status=Success&status=Failed`)).toMatchObject({ ok: true, report: { status: 'Success' } });
    expect(parseDeliveryReport({ id: [ID, 'other'], status: ['Failed'] })).toMatchObject({ ok: true, report: { id: ID, status: 'Failed' } });
  });
});
