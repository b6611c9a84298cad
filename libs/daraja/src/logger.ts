/** Optional logger; the library never writes to the console and never logs secrets, tokens or passwords. */
export interface DarajaLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopLogger: DarajaLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

/** Masks a phone number for logs: `254712345678` → `2547•••••678`. */
export function maskMsisdn(msisdn: string | number | null | undefined): string {
  const digits = String(msisdn ?? '').replace(/\D/g, '');
  if (digits.length < 8) return '•••';
  return `${digits.slice(0, 4)}${'•'.repeat(digits.length - 7)}${digits.slice(-3)}`;
}

/**
 * A CheckoutRequestID for logs. Daraja's ids end with the customer's number without its country
 * code (`ws_CO_<date><time><ms><9 digits>`), so logging one whole logs the phone: its last 9
 * characters are masked like a phone (the date and time stay, to find it in the database).
 */
export function maskCheckoutRequestId(id: string | null | undefined): string {
  const value = String(id ?? '');
  if (value.length <= 12) return value;
  return `${value.slice(0, -9)}${'•'.repeat(6)}${value.slice(-3)}`;
}
