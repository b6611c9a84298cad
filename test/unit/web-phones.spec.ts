import { normaliseMsisdn as apiNormalise } from '../../apps/api/src/common/phone';
import { normaliseKenyanMobile, parsePhoneList, phoneSearchDigits } from '../../apps/web/src/lib/phones';

describe('dashboard phone helpers (apps/web/src/lib/phones.ts)', () => {
  it('reads Kenyan mobiles exactly as the API does', () => {
    const inputs = ['0712 345 678', '0112-345-678', '+254712345678', '254712345678', '712345678', '(0712) 345.678', '0200 123 456', '+256712345678', '07123456789', 'O712345678', ''];
    for (const input of inputs) expect(normaliseKenyanMobile(input)).toBe(apiNormalise(input));
    expect(normaliseKenyanMobile('0712 345 678')).toBe('254712345678');
  });

  it('reads a pasted list line by line and comma by comma, naming what it cannot text', () => {
    const { phones, problems } = parsePhoneList('0712 345 678\n+254722000111, 0733 000 222;\n\n0200 123 456\n0712345678\r\n  , hello');
    expect(phones).toEqual(['254712345678', '254722000111', '254733000222']);
    expect(problems).toEqual([
      { line: 4, entry: '0200 123 456', reason: 'not_mobile' },
      { line: 5, entry: '0712345678', reason: 'repeated' },
      { line: 6, entry: 'hello', reason: 'not_mobile' },
    ]);
    expect(parsePhoneList(' , ;\n')).toEqual({ phones: [], problems: [] });
  });

  it('turns a phone search into the digits of the stored 2547… number', () => {
    expect(phoneSearchDigits('678')).toBe('678');
    expect(phoneSearchDigits('0712')).toBe('254712');
    expect(phoneSearchDigits('0712 345 678')).toBe('254712345678');
    expect(phoneSearchDigits('+254 712')).toBe('254712');
    expect(phoneSearchDigits('12')).toBeNull();
    expect(phoneSearchDigits('2547123456789')).toBeNull();
    expect(phoneSearchDigits('07x')).toBeNull();
  });
});
