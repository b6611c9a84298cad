import { formatMoney as apiMoney, toDecimal } from '../../apps/api/src/common/money';
import { formatAmount, formatMoney as webMoney } from '../../apps/web/src/lib/money';

/** The API (notices, printed cards, audit log) and the SPA and portal show an amount the same way. */
describe('money as shown', () => {
  it.each([
    [0, 'KES', 'KES 0'],
    [5000, 'KES', 'KES 50'],
    [150000, 'KES', 'KES 1,500'],
    [750, 'KES', 'KES 7.50'],
    [123456789, 'KES', 'KES 1,234,567.89'],
    [1500, 'UGX', 'UGX 1,500'],
    [999900, 'TZS', 'TZS 9,999'],
  ] as const)('%d minor %s → %s, in the API and the web', (minor, currency, shown) => {
    expect(apiMoney(minor, currency)).toBe(shown);
    expect(webMoney(minor, currency)).toBe(shown);
  });

  it('shows whole amounts (prices, payments) as their minor-unit form would', () => {
    expect(formatAmount(20, 'KES')).toBe('KES 20');
    expect(formatAmount(1000, 'KES')).toBe('KES 1,000');
    expect(formatAmount(1500, 'UGX')).toBe(apiMoney(1500, 'UGX'));
  });

  it.each([
    [125000, 'KES', '1250.00'],
    [750, 'KES', '7.50'],
    [1500, 'UGX', '1500'],
    [0, 'TZS', '0.00'],
  ] as const)('CSV: %d minor %s → %s', (minor, currency, text) => {
    expect(toDecimal(minor, currency)).toBe(text);
  });
});
