import { formatAtCost, parseAtCost, parseSummaryCost, tenThousandthsToMinor } from './cost';

describe("Africa's Talking cost text", () => {
  it.each([
    ['KES 0.8000', { currency: 'KES', tenThousandths: 8000, minor: 80, exact: true }],
    ['KES 0.2900', { currency: 'KES', tenThousandths: 2900, minor: 29, exact: true }],
    ['KES 1.6000', { currency: 'KES', tenThousandths: 16000, minor: 160, exact: true }],
    ['KES 0.8050', { currency: 'KES', tenThousandths: 8050, minor: 81, exact: false }],
    ['KES 0.8049', { currency: 'KES', tenThousandths: 8049, minor: 80, exact: false }],
    ['KES 1234.5', { currency: 'KES', tenThousandths: 12_345_000, minor: 123_450, exact: true }],
    ['KES 12', { currency: 'KES', tenThousandths: 120_000, minor: 1200, exact: true }],
    ['UGX 30.0000', { currency: 'UGX', tenThousandths: 300_000, minor: 3000, exact: true }],
    ['0', { currency: null, tenThousandths: 0, minor: 0, exact: true }],
  ])('%s is read exactly', (text, expected) => {
    expect(parseAtCost(text)).toEqual(expected);
  });

  it.each([['KES -0.8000'], ['KES 1e3'], ['KES 0.80001'], ['kes 0.8'], ['KES'], ['0.8000'], ['KES 0.8000 extra'], ['KES NaN'], [''], ['KES 1234567890123.0']])('%j is refused', (text) => {
    expect(parseAtCost(text)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [0.8, null, undefined, {}, ['KES 0.8000']]) expect(parseAtCost(value)).toBeNull();
  });

  it('reads the total of a summary', () => {
    expect(parseSummaryCost('Sent to 2/3 Total Cost: KES 1.6000')).toMatchObject({ currency: 'KES', tenThousandths: 16000, minor: 160 });
    expect(parseSummaryCost('Sent to 0/1 Total Cost: 0')).toMatchObject({ currency: null, minor: 0 });
    expect(parseSummaryCost('InvalidSenderId')).toBeNull();
  });

  it('formats and rounds in integers', () => {
    expect(formatAtCost('KES', 8000)).toBe('KES 0.8000');
    expect(formatAtCost('KES', 123_456)).toBe('KES 12.3456');
    expect(tenThousandthsToMinor(8000 * 3)).toBe(240);
    expect(tenThousandthsToMinor(49)).toBe(0);
    expect(tenThousandthsToMinor(50)).toBe(1);
  });
});
