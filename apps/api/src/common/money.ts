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

const minorDigits = (currency: string): number => MINOR_DIGITS[currency as Currency] ?? 2;

/**
 * How every amount is shown (notices, printed cards, the audit log): "KES 1,250", or "KES 7.50"
 * when there are cents. The SPA and the captive portal show it the same way (apps/web/src/lib/money.ts).
 */
export function formatMoney(minor: number, currency: Currency | string): string {
  const units = minor / 10 ** minorDigits(currency);
  const fraction = Number.isInteger(units) ? 0 : minorDigits(currency);
  return `${currency} ${units.toLocaleString('en-KE', { minimumFractionDigits: fraction, maximumFractionDigits: fraction })}`;
}

/** An amount as a plain decimal number for CSV files: 125000, KES → "1250.00"; UGX (no minor unit) → "1250". */
export function toDecimal(minor: number, currency: Currency | string): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** bigint columns arrive as strings from pg; amounts and byte counts fit in a JS number (< 2^53). */
export const bigintTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};
