import { RouterOSAPI } from 'node-routeros';
import { isIP } from 'node:net';
import type { TLSSocket, TlsOptions } from 'tls';
import { RouterOsError, toRouterOsError } from './errors';
import type { RouterOsLogger } from './logger';
import { noopLogger } from './logger';
import { assertEmptyReplyPatch } from './patch-check';
import type { WireLimits, WireProtocolError } from './wire';
import { BoundedReceiver, DEFAULT_WIRE_LIMITS } from './wire';

/** A reply row exactly as the router sent it: every value a string, `.id` keeps its dot. */
export type RawRow = Record<string, string>;

export interface RouterConnectionOptions {
  host: string;
  port?: number;
  user: string;
  password: string;
  tls?: TlsOptions | boolean;
  /** per command: reject with TIMEOUT and tear the connection down (default 10 s) */
  commandTimeoutMs?: number;
  /** connect + login (default: commandTimeoutMs) */
  connectTimeoutMs?: number;
  /** node-routeros socket idle timeout in seconds; an idle close is handled quietly (default 60) */
  idleTimeoutSec?: number;
  /** send `#` every idleTimeoutSec/2 to keep a pooled connection open (default false) */
  keepalive?: boolean;
  /** commands in flight on the connection at once (tagged pipelining window, default 16) */
  maxInFlight?: number;
  /** reconnect backoff after failed connects */
  backoff?: { initialMs?: number; maxMs?: number; factor?: number };
  /** bounds on what the router's replies may make us hold (DEFAULT_WIRE_LIMITS) */
  wireLimits?: Partial<WireLimits>;
  /**
   * Called before every connect (first and each reconnect) with the configured host and port;
   * resolves the address the socket is opened to (e.g. the host looked up once and checked
   * against a policy: the socket then goes to exactly that address, with no second lookup).
   * A rejection refuses the connect with REFUSED (cause attached) and no socket is opened.
   * With TLS and a host name, the name is still sent as the TLS server name.
   */
  resolveAddress?: (host: string, port: number) => Promise<string>;
  /**
   * Told the outcome of every login that reached the router: `error` is null on success, else
   * why the connect failed (AUTH = the router refused the credentials). Must not throw.
   */
  onLogin?: (address: string, error: RouterOsError | null) => void;
  /**
   * With TLS: the SHA-256 fingerprint the router's certificate must have (`AB:CD:…`, as Node's
   * `fingerprint256`). Checked once the TLS handshake is done and before the login words (the
   * password) are sent; a different certificate fails the connect with CERTIFICATE_CHANGED
   * (`details.fingerprint` = what was presented). Unset: any certificate is accepted (first use).
   */
  tlsFingerprint?: string;
  /** With TLS: told the certificate's fingerprint after every successful login. Must not throw. */
  onCertificate?: (fingerprint: string) => void;
  /** name used in errors and logs (default host:port) */
  name?: string;
  logger?: RouterOsLogger;
}

export interface CommandOptions {
  timeoutMs?: number;
}

export interface BulkResult<T> {
  ok: boolean;
  value?: T;
  error?: RouterOsError;
}

/** node-routeros internals we must reach to tear a wedged connection down. */
interface RouterOSAPIInternals {
  connector?: { destroy(): void; receiver?: unknown; socket?: { setNoDelay?(noDelay: boolean): unknown } } | null;
  connectionHoldInterval?: NodeJS.Timeout;
  keptaliveby?: NodeJS.Timeout;
  connected: boolean;
  connecting: boolean;
}

interface Pending {
  reject(err: RouterOsError): void;
}

/** One node-routeros connection and the commands waiting on it. */
interface Link {
  api: RouterOSAPI;
  pending: Set<Pending>;
  dead: boolean;
  /** our bounded parser, installed in place of node-routeros' Receiver */
  receiver: BoundedReceiver | null;
  /** the router's certificate (TLS only), once the handshake is done */
  fingerprint: string | null;
}

/**
 * A connection to one router, reused across calls: connects lazily, reconnects with backoff,
 * bounds the commands in flight, and wraps every command with its own timeout. Built on
 * node-routeros' RouterOSAPI.write (exact words, values verbatim, no hidden prints).
 */
export class RouterConnection {
  readonly name: string;
  private readonly opts: Required<Omit<RouterConnectionOptions, 'tls' | 'backoff' | 'logger' | 'name' | 'wireLimits' | 'resolveAddress' | 'onLogin' | 'tlsFingerprint' | 'onCertificate'>> &
    Pick<RouterConnectionOptions, 'tls' | 'tlsFingerprint' | 'onCertificate'>;
  private readonly resolveAddress: RouterConnectionOptions['resolveAddress'];
  private readonly onLogin: RouterConnectionOptions['onLogin'];
  readonly wireLimits: Readonly<WireLimits>;
  private readonly backoff: { initialMs: number; maxMs: number; factor: number };
  private readonly logger: RouterOsLogger;
  private link: Link | null = null;
  private connecting: Promise<Link> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastConnectError: RouterOsError | null = null;
  private lastFingerprint: string | null = null;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(options: RouterConnectionOptions) {
    assertEmptyReplyPatch();
    const commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.opts = {
      host: options.host,
      port: options.port ?? (options.tls ? 8729 : 8728),
      user: options.user,
      password: options.password,
      tls: options.tls,
      tlsFingerprint: options.tlsFingerprint,
      onCertificate: options.onCertificate,
      commandTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? commandTimeoutMs,
      idleTimeoutSec: options.idleTimeoutSec ?? 60,
      keepalive: options.keepalive ?? false,
      maxInFlight: Math.max(1, options.maxInFlight ?? 16),
    };
    this.backoff = { initialMs: 100, maxMs: 30_000, factor: 2, ...options.backoff };
    this.wireLimits = Object.freeze({ ...DEFAULT_WIRE_LIMITS, ...options.wireLimits });
    this.name = options.name ?? `${this.opts.host}:${this.opts.port}`;
    this.logger = options.logger ?? noopLogger;
    this.resolveAddress = options.resolveAddress;
    this.onLogin = options.onLogin;
  }

  get isConnected(): boolean {
    return this.link !== null && !this.link.dead;
  }

  /** The certificate the router presented on the last TLS handshake (null without TLS or before one). */
  get tlsFingerprint(): string | null {
    return this.lastFingerprint;
  }

  get commandsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Runs one command (`['/ip/hotspot/user/print', '?name=x']`) and resolves the rows it
   * returned (`!re` rows, plus the `!done` attributes such as `ret` as a last row, the way
   * node-routeros reports them). Rejects with RouterOsError.
   */
  async write(words: readonly string[], options: CommandOptions = {}): Promise<RawRow[]> {
    if (this.closed) throw new RouterOsError('CONNECTION', 'connection closed by the application', { router: this.name, command: words[0] });
    await this.acquire();
    try {
      const link = await this.ensureLink();
      return await this.exec(link, words, options.timeoutMs ?? this.opts.commandTimeoutMs);
    } finally {
      this.release();
    }
  }

  /**
   * Runs many independent commands pipelined on this connection (at most `window` in flight,
   * never more than maxInFlight) and reports each outcome; one failure does not stop others.
   */
  async bulk<T>(items: readonly T[], toWords: (item: T) => readonly string[], options: CommandOptions & { window?: number } = {}): Promise<Array<BulkResult<RawRow[]>>> {
    const window = Math.max(1, Math.min(options.window ?? this.opts.maxInFlight, this.opts.maxInFlight));
    const results = new Array<BulkResult<RawRow[]>>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++;
        try {
          results[i] = { ok: true, value: await this.write(toWords(items[i]), options) };
        } catch (err) {
          results[i] = { ok: false, error: toRouterOsError(err, { router: this.name }) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, items.length) }, worker));
    return results;
  }

  /** Closes the connection; later calls fail with CONNECTION. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.link) this.teardown(this.link, new RouterOsError('CONNECTION', 'connection closed by the application', { router: this.name }));
    for (const wake of this.waiting.splice(0)) wake();
  }

  // ---- window ----

  private acquire(): Promise<void> {
    if (this.inFlight < this.opts.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.inFlight++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.inFlight--;
    const wake = this.waiting.shift();
    if (wake) wake();
  }

  // ---- connection life cycle ----

  private async ensureLink(): Promise<Link> {
    if (this.link && !this.link.dead) return this.link;
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  private async connect(): Promise<Link> {
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      if (wait > this.opts.connectTimeoutMs) {
        // a router that broke the protocol or changed its certificate stays that (same code and
        // details) while we back off from it; anything else is an unreachable router
        const last = this.lastConnectError;
        if (last?.code === 'PROTOCOL_ERROR' || last?.code === 'CERTIFICATE_CHANGED') throw new RouterOsError(last.code, `${last.message}; next reconnect attempt in ${wait} ms`, { ...last.details });
        throw new RouterOsError('CONNECTION', `router ${this.name} unreachable; next reconnect attempt in ${wait} ms`, { router: this.name });
      }
      await new Promise((r) => setTimeout(r, wait));
    }
    if (this.closed) throw new RouterOsError('CONNECTION', 'connection closed by the application', { router: this.name });
    const address = await this.addressToConnect();
    const tls = this.opts.tls === true ? {} : this.opts.tls || undefined;
    const api = new RouterOSAPI({
      host: address,
      port: this.opts.port,
      user: this.opts.user,
      password: this.opts.password,
      timeout: this.opts.idleTimeoutSec,
      keepalive: this.opts.keepalive,
      // the socket goes to the checked address; the name the owner typed stays the TLS server name
      tls: tls && address !== this.opts.host && !isIP(this.opts.host) ? ({ servername: this.opts.host, ...tls } as TlsOptions) : tls,
    });
    const link: Link = { api, pending: new Set(), dead: false, receiver: null, fingerprint: null };
    // attached before anything can fail: an unhandled 'error' would crash the process (docs/routeros.md §0.6)
    api.on('error', (err: unknown) => this.teardown(link, toRouterOsError(err, { router: this.name }), 'error'));
    api.on('close', () => {
      const fatal = link.receiver?.fatalReason;
      const message = fatal != null ? `router ${this.name} ended the session${fatal ? `: ${fatal}` : ''}` : `router ${this.name} closed the connection`;
      this.teardown(link, new RouterOsError('CONNECTION', message, { router: this.name }), 'close');
    });
    try {
      const connecting = api.connect();
      const connector = (api as unknown as RouterOSAPIInternals).connector;
      // connect() built the Connector and its Receiver synchronously; no byte can arrive before
      // this line, so every reply of this connection goes through our bounded parser
      link.receiver = this.installReceiver(link, connector);
      if (tls) this.guardCertificate(link, connector);
      // node-routeros writes every word with its own socket.write; without TCP_NODELAY, Nagle +
      // delayed ACKs add ~40 ms to each command
      connector?.socket?.setNoDelay?.(true);
      await this.withTimeout(link, connecting, this.opts.connectTimeoutMs, 'login');
    } catch (err) {
      const e = toRouterOsError(err, { router: this.name, command: '/login' });
      this.teardown(link, e);
      this.lastConnectError = e;
      this.failures++;
      this.retryAt = Date.now() + Math.min(this.backoff.maxMs, this.backoff.initialMs * this.backoff.factor ** (this.failures - 1));
      this.logger.warn('router connect failed', { router: this.name, code: e.code, error: e.message, failures: this.failures });
      this.tellLogin(address, e);
      throw e;
    }
    if (link.dead) throw new RouterOsError('CONNECTION', `router ${this.name} closed the connection during login`, { router: this.name });
    this.failures = 0;
    this.retryAt = 0;
    this.lastConnectError = null;
    this.link = link;
    this.tellLogin(address, null);
    if (link.fingerprint) this.tellCertificate(link.fingerprint);
    this.logger.debug('router connected', { router: this.name });
    return link;
  }

  private tellLogin(address: string, error: RouterOsError | null): void {
    try {
      this.onLogin?.(address, error);
    } catch (err) {
      this.logger.error('onLogin hook threw', { router: this.name, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private tellCertificate(fingerprint: string): void {
    try {
      this.opts.onCertificate?.(fingerprint);
    } catch (err) {
      this.logger.error('onCertificate hook threw', { router: this.name, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * Holds node-routeros' login back until the router's certificate has been checked: its
   * `secureConnect` listeners (which send `/login` with the password) run only when the
   * certificate's fingerprint is the pinned one, or when none is pinned yet.
   */
  private guardCertificate(link: Link, connector: RouterOSAPIInternals['connector']): void {
    const socket = connector?.socket as TLSSocket | undefined;
    if (!socket || typeof socket.getPeerCertificate !== 'function') {
      throw new RouterOsError('CONNECTION', 'node-routeros internals changed: Connector.socket is not a TLS socket', { router: this.name });
    }
    const login = socket.listeners('secureConnect') as Array<() => void>;
    socket.removeAllListeners('secureConnect');
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate()?.fingerprint256 ?? '';
      link.fingerprint = fingerprint || null;
      this.lastFingerprint = link.fingerprint;
      const expected = this.opts.tlsFingerprint;
      if (expected && fingerprint.toUpperCase() !== expected.toUpperCase()) {
        this.logger.warn('router presented a different TLS certificate; login not sent', { router: this.name, fingerprint, expected });
        const err = new RouterOsError('CERTIFICATE_CHANGED', `router ${this.name} presented a TLS certificate (SHA-256 ${fingerprint}) other than the one recorded for it`, {
          router: this.name,
          fingerprint,
        });
        this.teardown(link, err);
        return;
      }
      for (const listener of login) listener.call(socket);
    });
  }

  /** The configured host, or what the resolveAddress hook answers (its rejection → REFUSED, not counted as a failed connect). */
  private async addressToConnect(): Promise<string> {
    if (!this.resolveAddress) return this.opts.host;
    try {
      return await this.resolveAddress(this.opts.host, this.opts.port);
    } catch (err) {
      if (err instanceof RouterOsError) throw err;
      throw new RouterOsError('REFUSED', err instanceof Error ? err.message : String(err), { router: this.name, cause: err });
    }
  }

  /**
   * Replaces node-routeros' Receiver (which throws from the socket handler on an unknown tag or
   * reply word and buffers any announced length) with BoundedReceiver: a protocol violation
   * ends this connection with PROTOCOL_ERROR; `!fatal` then a close ends it with CONNECTION and
   * the router's reason.
   */
  private installReceiver(link: Link, connector: RouterOSAPIInternals['connector']): BoundedReceiver {
    if (!connector || !('receiver' in connector)) {
      throw new RouterOsError('CONNECTION', 'node-routeros internals changed: Connector.receiver not found', { router: this.name });
    }
    const receiver = new BoundedReceiver(this.wireLimits, {
      onProtocolError: (error: WireProtocolError) => {
        this.logger.warn('router broke the API protocol; connection ended', { router: this.name, error: error.message });
        this.teardown(link, new RouterOsError('PROTOCOL_ERROR', `router ${this.name} broke the API protocol: ${error.message}`, { router: this.name }));
      },
    });
    connector.receiver = receiver;
    return receiver;
  }

  private exec(link: Link, words: readonly string[], timeoutMs: number): Promise<RawRow[]> {
    return this.withTimeout(link, link.api.write(words.slice()), timeoutMs, words[0]);
  }

  /**
   * Settles with the promise, or rejects with TIMEOUT after `ms` and tears the connection down
   * (a command that is never answered would otherwise stay pending forever, docs/routeros.md §0.5). Also
   * rejects with CONNECTION as soon as the connection dies.
   */
  private withTimeout<T>(link: Link, promise: Promise<T>, ms: number, command: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const pending: Pending = {
        reject: (err) => finish(() => reject(err)),
      };
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.pending.delete(pending);
        fn();
      };
      const timer = setTimeout(() => {
        // a peer that started a sentence and stalled (or trickles it), or that said !fatal and
        // kept the connection open, is misbehaving, not silent
        const receiver = link.receiver;
        const stalled = receiver !== null && (receiver.midSentence || receiver.fatalReason !== null);
        const err = stalled
          ? new RouterOsError(
              'PROTOCOL_ERROR',
              `${command}: ${this.name} ${receiver.fatalReason !== null ? 'kept the connection open after !fatal' : 'started a reply and did not finish it'} within ${ms} ms`,
              { router: this.name, command },
            )
          : new RouterOsError('TIMEOUT', `${command} got no answer from ${this.name} within ${ms} ms`, { router: this.name, command });
        finish(() => reject(err));
        this.teardown(link, stalled ? err : new RouterOsError('CONNECTION', `connection to ${this.name} reset after a command timed out`, { router: this.name }));
      }, ms);
      if (link.dead) {
        finish(() => reject(new RouterOsError('CONNECTION', `connection to ${this.name} is closed`, { router: this.name, command })));
        return;
      }
      link.pending.add(pending);
      promise.then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => finish(() => reject(toRouterOsError(err, { router: this.name, command }))),
      );
    });
  }

  /** Rejects everything pending on the link and destroys it; the next call reconnects. */
  private teardown(link: Link, reason: RouterOsError, event?: 'error' | 'close'): void {
    if (link.dead) return;
    link.dead = true;
    if (this.link === link) this.link = null;
    if (event) this.logger.debug('router connection lost', { router: this.name, event, error: reason.message });
    for (const p of [...link.pending]) p.reject(reason);
    link.pending.clear();
    const internals = link.api as unknown as RouterOSAPIInternals;
    if (internals.connectionHoldInterval) clearTimeout(internals.connectionHoldInterval);
    if (internals.keptaliveby) clearTimeout(internals.keptaliveby);
    internals.connector?.destroy();
    internals.connector = null;
    internals.connected = false;
    internals.connecting = false;
    link.api.removeAllListeners();
    // a late socket error after teardown must never become an unhandled 'error'
    link.api.on('error', () => undefined);
  }
}
