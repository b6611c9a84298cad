/** Optional logger; the simulator never writes to the console and never logs secrets or tokens. */
export interface PesapalSimLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopSimLogger: PesapalSimLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
