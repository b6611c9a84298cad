/**
 * The last resort for errors nothing else caught (`uncaughtException`, `unhandledRejection`).
 * After one of those the process state is unknown, so it is never resumed: the error is logged
 * with context, readiness (/health/ready) answers 503 at once so load balancers stop sending
 * traffic, in-flight requests get a short grace to finish, and the process exits non-zero for
 * its supervisor (systemd, Docker, Kubernetes) to restart it. Router I/O is built never to get
 * here (libs/routeros ends a misbehaving connection with PROTOCOL_ERROR instead).
 */

export interface FatalState {
  kind: 'uncaughtException' | 'unhandledRejection';
  message: string;
  at: string;
}

let fatal: FatalState | null = null;

/** Non-null once the process is going down after an uncaught error (readiness reports it). */
export function fatalState(): FatalState | null {
  return fatal;
}

export interface LastResortOptions {
  /** structured error log (the app logger once it exists) */
  log(message: string, context: Record<string, unknown>): void;
  /** closes the app (stops accepting, lets in-flight requests finish) */
  close?: () => Promise<void>;
  /** how long close may take before exiting anyway */
  graceMs?: number;
  exit?: (code: number) => void;
}

function describe(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: typeof error, message: String(error) };
}

/** Handles one uncaught error; exported for tests. Returns when the exit was requested. */
export async function lastResort(kind: FatalState['kind'], error: unknown, options: LastResortOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const e = describe(error);
  const context = {
    event: kind,
    error: e,
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    rssBytes: process.memoryUsage().rss,
    alreadyFailing: fatal !== null,
  };
  try {
    options.log(`${kind}: ${e.message}; readiness is down and the process exits for its supervisor to restart it`, context);
  } catch {
    // the logger itself failed: the line still reaches the supervisor's log, as JSON like the logger's
    process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: kind, ...context })}\n`);
  }
  if (fatal) {
    // a second failure while going down: no more grace
    exit(1);
    return;
  }
  fatal = { kind, message: e.message.slice(0, 500), at: new Date().toISOString() };
  const grace = options.graceMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (options.close) {
      await Promise.race([options.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, grace)))]);
    }
  } finally {
    clearTimeout(timer);
    exit(1);
  }
}

/** Installs the handlers on `process` (once, first thing in main.ts). */
export function installLastResort(options: LastResortOptions): void {
  process.on('uncaughtException', (error) => void lastResort('uncaughtException', error, options));
  process.on('unhandledRejection', (reason) => void lastResort('unhandledRejection', reason, options));
}

/** tests only */
export function resetFatalStateForTests(): void {
  fatal = null;
}
