const MINOR_DIGITS: Record<string, number> = { KES: 2, UGX: 0, TZS: 2 };
const minorDigits = (currency: string): number => MINOR_DIGITS[currency] ?? 2;

/**
 * How every amount is shown, in the dashboard and the captive portal: 1250, KES → "KES 1,250", or
 * "KES 7.50" when there are cents (as the API writes it: apps/api/src/common/money.ts). Plan and
 * voucher prices and payment amounts arrive in whole units; ledger, balance and subscription
 * figures in minor units (formatMoney).
 */
export function formatAmount(amount: number, currency: string): string {
  const fraction = Number.isInteger(amount) ? 0 : minorDigits(currency);
  return `${currency} ${amount.toLocaleString('en-KE', { minimumFractionDigits: fraction, maximumFractionDigits: fraction })}`;
}

/** Integer minor units → "KES 1,250" (formatAmount of the whole units). */
export function formatMoney(minor: number, currency: string): string {
  return formatAmount(minor / 10 ** minorDigits(currency), currency);
}
