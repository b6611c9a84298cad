import { maskSmsPhone } from './logger';
import { isKenyanMobile, normalizeKenyanMobile, toSmsRecipient } from './phone';

describe('SMS phone numbers', () => {
  it.each([
    ['0712 345 678', '+254712345678'],
    ['0712-345-678', '+254712345678'],
    ['0112345678', '+254112345678'],
    ['254712345678', '+254712345678'],
    ['+254 712 345 678', '+254712345678'],
    ['712345678', '+254712345678'],
    ['0700000123', '+254700000123'],
  ])('%s is the Kenyan mobile %s', (input, expected) => {
    expect(normalizeKenyanMobile(input)).toBe(expected);
    expect(toSmsRecipient(input)).toBe(expected);
    expect(isKenyanMobile(expected)).toBe(true);
  });

  it.each([['0812345678'], ['020 123 4567'], ['07123456'], ['071234567890'], ['abc'], [''], ['+2547']])('%j is not a Kenyan mobile', (input) => {
    expect(normalizeKenyanMobile(input)).toBeNull();
  });

  it('keeps other E.164 numbers for the gateway to judge, and refuses the rest', () => {
    expect(toSmsRecipient('+256 712 345678')).toBe('+256712345678');
    expect(toSmsRecipient('+254201234567')).toBe('+254201234567');
    expect(toSmsRecipient('256712345678')).toBeNull();
    expect(toSmsRecipient('+0712345678')).toBeNull();
    expect(toSmsRecipient('+25471234<script>')).toBeNull();
    expect(toSmsRecipient('07123<b>45678')).toBeNull();
    expect(toSmsRecipient('0'.repeat(100))).toBeNull();
    expect(isKenyanMobile('254712345678')).toBe(false);
  });

  it('masks numbers for logs', () => {
    expect(maskSmsPhone('+254712345678')).toBe('+2547•••••678');
    expect(maskSmsPhone('12')).toBe('•••');
  });
});
