import type { RevenueReportDto } from './dto/payment.dto';
import { revenueCsv } from './dto/payment.dto';

const row = (key: string, label: string | null) => ({ key, label, count: 1, grossMinor: 5000, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 5000 });

describe('revenueCsv', () => {
  const report = (labels: (string | null)[]): RevenueReportDto => ({
    groupBy: 'plan',
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-30T00:00:00.000Z',
    currency: 'KES',
    rows: labels.map((label, i) => row(`k${i}`, label)),
    total: row('total', null),
    byMethod: [],
  });

  it('neutralises spreadsheet formulas in names, quoted or not, like the ledger CSV', () => {
    const [, ...lines] = revenueCsv(report(['=HYPERLINK("http://x.test"),y', '@SUM(A1)', '1 day', null]))
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(`k0,"'=HYPERLINK(""http://x.test""),y",1,50.00,0,0.00,0.00,50.00`);
    expect(lines[1]).toBe(`k1,'@SUM(A1),1,50.00,0,0.00,0.00,50.00`);
    expect(lines[2]).toBe('k2,1 day,1,50.00,0,0.00,0.00,50.00');
    expect(lines[3]).toBe('k3,,1,50.00,0,0.00,0.00,50.00');
    expect(lines[4]).toBe('total,,1,50.00,0,0.00,0.00,50.00');
  });
});
