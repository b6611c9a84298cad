import { maskMsisdn, normaliseMsisdn } from './phone';

describe('normaliseMsisdn', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0712 345 678', '254712345678'],
    ['+254712345678', '254712345678'],
    ['254712345678', '254712345678'],
    ['712345678', '254712345678'],
    ['0112345678', '254112345678'],
    ['+254 110-000-000', '254110000000'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseMsisdn(input)).toBe(expected);
  });

  it.each(['', '0812345678', '07123456789', '071234567', '+255712345678', '2540712345678', 'abc', '07123456x8'])('rejects %p', (input) => {
    expect(normaliseMsisdn(input)).toBeNull();
  });
});

describe('maskMsisdn', () => {
  it('keeps the country prefix and the last three digits', () => {
    expect(maskMsisdn('254712345678')).toBe('2547•••••678');
  });
});
