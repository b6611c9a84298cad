/** Optional logger; the library never writes to the console and never logs API keys or whole phone numbers. */
export interface SmsLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopSmsLogger: SmsLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

/** `+254712345678` → `+2547•••••678` for logs. */
export function maskSmsPhone(phone: string | null | undefined): string {
  const value = String(phone ?? '');
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8) return '•••';
  return `${value.startsWith('+') ? '+' : ''}${digits.slice(0, 4)}${'•'.repeat(digits.length - 7)}${digits.slice(-3)}`;
}
