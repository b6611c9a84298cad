/**
 * One JSON object per line on stdout: `{"time","level","event",...fields}`. Callers pass facts,
 * never key material (the private key is read from its file and handed only to `wg`).
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, event };
    for (const [key, value] of Object.entries(fields)) entry[key] = value instanceof Error ? value.message : value;
    write(JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) + '\n');
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
