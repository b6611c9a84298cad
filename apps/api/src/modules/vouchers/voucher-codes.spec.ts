import { ALPHABETS, codeSpace, randomStrings, VoucherCodeGenerator } from './voucher-codes';

describe('voucher codes', () => {
  const generator = new VoucherCodeGenerator();

  it('never uses the look-alikes 0 O 1 I L', () => {
    for (const alphabet of Object.values(ALPHABETS)) expect(alphabet).not.toMatch(/[0O1IL]/);
    const codes = generator.codes(2000, { length: 10, alphabet: 'mixed' });
    expect(codes.join('')).not.toMatch(/[0O1IL]/);
    expect(codes.every((c) => /^[2-9A-HJKMNP-Z]{10}$/.test(c))).toBe(true);
  });

  it('respects length, alphabet and prefix', () => {
    expect(generator.codes(50, { length: 6, alphabet: 'digits' }).every((c) => /^[2-9]{6}$/.test(c))).toBe(true);
    expect(generator.codes(50, { length: 16, alphabet: 'letters', prefix: 'KW' }).every((c) => /^KW[A-HJKMNP-Z]{16}$/.test(c))).toBe(true);
  });

  it('returns exactly the count asked, distinct, even when the space is small', () => {
    const codes = generator.codes(10000, { length: 6, alphabet: 'digits' });
    expect(codes).toHaveLength(10000);
    expect(new Set(codes).size).toBe(10000);
  });

  it('makes payment references of at most 12 characters, distinct from each other', () => {
    const refs = generator.references(5000);
    expect(new Set(refs).size).toBe(5000);
    expect(refs.every((r) => r.length <= 12 && /^[2-9A-HJKMNP-Z]+$/.test(r))).toBe(true);
  });

  it('draws uniformly: rejection sampling, no modulo bias', () => {
    // 31 symbols: bytes 248..255 must be rejected, so a source of only 255s never yields a symbol
    let calls = 0;
    const biased = (n: number) => {
      calls++;
      return calls === 1 ? Buffer.alloc(n, 255) : Buffer.from(Array.from({ length: n }, (_, i) => i % 248));
    };
    const [s] = randomStrings(1, 4, ALPHABETS.mixed, biased);
    expect(s).toBe(ALPHABETS.mixed.slice(0, 4));

    const counts = new Map<string, number>();
    for (const c of randomStrings(20000, 5, ALPHABETS.digits).join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = 100000 / 8;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.05);
  });

  it('computes the code space', () => {
    expect(codeSpace({ length: 6, alphabet: 'digits' })).toBe(8 ** 6);
    expect(codeSpace({ length: 8, alphabet: 'mixed' })).toBe(31 ** 8);
  });
});
