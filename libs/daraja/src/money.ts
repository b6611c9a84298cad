/** Largest whole-shilling part we read (13 digits keeps every cent value a safe integer). */
const MAX_INTEGER_DIGITS = 13;
const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * An amount as exact integer cents, read from its decimal text without floating-point arithmetic:
 * `"168.00"` → 16800, `"1,020.5"` → 102050, `168` → 16800, `"0.10"` → 10. Thousands separators must
 * group by three. More than two decimals, exponents, NaN/Infinity and anything else → null.
 * A leading minus is accepted only with `allowNegative` (statements write withdrawals as `-500.00`).
 */
export function parseAmountMinor(value: unknown, options: { allowNegative?: boolean } = {}): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = AMOUNT.exec(text);
  if (!m) return null;
  if (m[1] && !options.allowNegative) return null;
  const whole = m[2].replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > MAX_INTEGER_DIGITS) return null;
  const cents = Number(whole) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && cents !== 0 ? -cents : cents;
}
