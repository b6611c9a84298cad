/** Minimal logger the simulator accepts; nothing is logged when none is given. */
export interface SimLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: SimLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

/** 254712345678 → 2547•••••678 (phone numbers never appear whole in logs). */
export function maskPhone(msisdn: string): string {
  const digits = String(msisdn);
  if (digits.length < 8) return '•••';
  return `${digits.slice(0, 4)}${'•'.repeat(Math.max(1, digits.length - 7))}${digits.slice(-3)}`;
}
