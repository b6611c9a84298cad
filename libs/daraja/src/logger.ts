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
