/** Optional logger; the client never writes to the console and never logs keys, secrets or tokens. */
export interface PesapalLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopPesapalLogger: PesapalLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
