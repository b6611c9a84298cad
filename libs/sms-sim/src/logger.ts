/** Minimal logger the simulator accepts; nothing is logged when none is given. */
export interface SimLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: SimLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
