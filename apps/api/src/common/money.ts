/** Currencies a plan may be priced in, and the number of minor-unit digits of each (ISO 4217). */
export const CURRENCIES = ['KES', 'UGX', 'TZS'] as const;
export type Currency = (typeof CURRENCIES)[number];

const MINOR_DIGITS: Record<Currency, number> = { KES: 2, UGX: 0, TZS: 2 };

/** Whole units (what M-Pesa takes) → integer minor units (what we store). */
export function toMinor(whole: number, currency: Currency): number {
  return whole * 10 ** MINOR_DIGITS[currency];
}

/** Integer minor units → whole units (prices are always whole for these currencies). */
export function toWhole(minor: number, currency: Currency): number {
  return Math.round(minor / 10 ** MINOR_DIGITS[currency]);
}

/** "KES 50" */
export function formatMoney(minor: number, currency: Currency | string): string {
  const digits = MINOR_DIGITS[currency as Currency] ?? 2;
  return `${currency} ${Math.round(minor / 10 ** digits).toLocaleString('en-KE')}`;
}

/** bigint columns arrive as strings from pg; amounts and byte counts fit in a JS number (< 2^53). */
export const bigintTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};
