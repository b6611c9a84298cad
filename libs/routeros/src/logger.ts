/** Optional logger; the library never writes to the console and never logs passwords. */
export interface RouterOsLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const noopLogger: RouterOsLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
