/** `2547XXXXXXXX` or `2541XXXXXXXX`: the MSISDN forms Daraja accepts for STK. */
export const MSISDN_PATTERN = /^254(7\d{8}|1\d{8})$/;

/**
 * Normalises a Kenyan mobile number (docs/mpesa.md §9): strips non-digits, maps `07…`/`01…`,
 * `7…`/`1…` (9 digits), `+254…` and `254…` to `2547…`/`2541…`. Returns null for anything else.
 */
export function normalizeMsisdn(input: string | number): string | null {
  const digits = String(input).replace(/\D/g, '');
  let candidate: string;
  if (digits.length === 12 && digits.startsWith('254')) candidate = digits;
  else if (digits.length === 10 && digits.startsWith('0')) candidate = `254${digits.slice(1)}`;
  else if (digits.length === 9) candidate = `254${digits}`;
  else return null;
  return MSISDN_PATTERN.test(candidate) ? candidate : null;
}

export function isValidMsisdn(value: string): boolean {
  return MSISDN_PATTERN.test(value);
}
