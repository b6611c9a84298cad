/** Typed errors for everything that can go wrong talking to a router. */
export type RouterOsErrorCode =
  | 'DUPLICATE'
  | 'NOT_FOUND'
  | 'PERMISSION'
  | 'AUTH'
  | 'UNKNOWN_COMMAND'
  | 'TIMEOUT'
  | 'CONNECTION'
  /**
   * the router broke the wire protocol (unknown tag or reply word, reserved length byte, a word,
   * sentence or reply over the bounds, bytes after `!fatal`, a reply that stalls mid-sentence);
   * the connection was ended. Surfaced by the API as ROUTER_PROTOCOL_ERROR.
   */
  | 'PROTOCOL_ERROR'
  /**
   * the application refused to connect (its `resolveAddress` hook rejected: an address or a
   * target it does not allow); no socket was opened. `details.cause` is the hook's error.
   */
  | 'REFUSED'
  /** with TLS: the router's certificate is not the one pinned for it; the login was not sent */
  | 'CERTIFICATE_CHANGED'
  /** any other `!trap` (bad argument value, unknown parameter, …); `message` is the router's text */
  | 'TRAP';

export class RouterOsError extends Error {
  override readonly name = 'RouterOsError';
  constructor(
    readonly code: RouterOsErrorCode,
    message: string,
    readonly details: { command?: string; router?: string; trap?: string; errno?: string | number; cause?: unknown; fingerprint?: string } = {},
  ) {
    super(message);
  }

  /** true when retrying later may succeed (the router was not reached or did not answer) */
  get transient(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'CONNECTION';
  }

  /** the connection this came from is gone: later commands on it cannot succeed either */
  get connectionLost(): boolean {
    return this.transient || this.code === 'PROTOCOL_ERROR' || this.code === 'REFUSED' || this.code === 'CERTIFICATE_CHANGED';
  }
}

/** Trap texts (docs/routeros.md §1.10) → codes. Matched on prefixes, not classes. */
const TRAP_RULES: Array<[RegExp, RouterOsErrorCode]> = [
  [/^failure: already have /i, 'DUPLICATE'],
  [/already exists/i, 'DUPLICATE'],
  [/^no such item/i, 'NOT_FOUND'],
  [/^input does not match any value of /i, 'NOT_FOUND'],
  [/^not enough permissions/i, 'PERMISSION'],
  [/^invalid user name or password/i, 'AUTH'],
  [/^cannot log in/i, 'AUTH'],
  [/^not logged in/i, 'AUTH'],
  [/^no such command/i, 'UNKNOWN_COMMAND'],
];

export function codeForTrap(message: string): RouterOsErrorCode {
  for (const [re, code] of TRAP_RULES) if (re.test(message)) return code;
  return 'TRAP';
}

interface RosExceptionLike {
  name?: string;
  errno?: string | number;
  message?: string;
}

/**
 * Converts whatever node-routeros rejected with into a RouterOsError:
 * - `RosException` CANTLOGIN → AUTH, SOCKTMOUT → TIMEOUT, socket errnos → CONNECTION;
 * - a plain `Error(trapMessage)` (how node-routeros reports `!trap`) → the trap's code.
 */
export function toRouterOsError(err: unknown, context: { command?: string; router?: string } = {}): RouterOsError {
  if (err instanceof RouterOsError) return err;
  const e = (err ?? {}) as RosExceptionLike;
  if (e.name === 'RosException') {
    if (e.errno === 'CANTLOGIN') return new RouterOsError('AUTH', 'invalid user name or password', { ...context, errno: e.errno });
    if (e.errno === 'SOCKTMOUT') return new RouterOsError('TIMEOUT', e.message || 'socket timed out', { ...context, errno: e.errno });
    return new RouterOsError('CONNECTION', e.message || `connection failed (errno ${String(e.errno)})`, { ...context, errno: e.errno, cause: err });
  }
  if (typeof err === 'string') return new RouterOsError('CONNECTION', err, context);
  const message = e.message ?? String(err);
  return new RouterOsError(codeForTrap(message), message, { ...context, trap: message });
}
