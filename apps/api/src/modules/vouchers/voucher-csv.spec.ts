import { csvCell, toCsv } from './voucher-csv';

describe('voucher CSV', () => {
  it('writes a header and one line per voucher, password = code unless separate', () => {
    const csv = toCsv([
      { code: 'AB23CD45', password: null, paymentReference: 'R2D2C3PO', planName: '1 hour', price: 20, currency: 'KES', status: 'available', expiresAt: new Date('2030-01-31T00:00:00Z') },
      { code: 'ZZ99', password: '123456', paymentReference: 'XY34ZZ78', planName: '1 GB', price: 100, currency: 'KES', status: 'sold', expiresAt: null },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'code,password,payment_reference,plan,price,currency,status,expires_at',
      'AB23CD45,AB23CD45,R2D2C3PO,1 hour,20,KES,available,2030-01-31T00:00:00.000Z',
      'ZZ99,123456,XY34ZZ78,1 GB,100,KES,sold,',
      '',
    ]);
  });

  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+254')).toBe("'+254");
    expect(csvCell(null)).toBe('');
    expect(csvCell(50)).toBe('50');
  });
});
