import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { Observable, Subject, filter } from 'rxjs';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** What an open dashboard hears about, without reloading (docs/product.md §9 "live updates"). */
export type LiveUpdate =
  | { type: 'router.status'; providerId: string; data: { routerId: string; name: string; status: string; previousStatus: string; at: string } }
  | { type: 'router.sessions'; providerId: string; data: { routerId: string; activeSessions: number } }
  | { type: 'payment.settled'; providerId: string; data: { paymentId: string; amount: number; currency: string; planName: string; phoneMasked: string | null; at: string } };

/** Who listens: one provider's events, or every provider's (the super admin). */
export type LiveAudience = { providerId: string } | { allProviders: true };

/** What travels on the channel: an event, or "this user's sessions ended". */
type Notice = { k: 'event'; e: LiveUpdate } | { k: 'end'; u: string };

/** The NOTIFY channel every instance listens on (per database, so test databases never mix). */
export const LIVE_UPDATES_CHANNEL = 'wavu_live_updates';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999;

/** How long the bus waits before reconnecting the LISTEN connection: doubling from minMs up to maxMs. */
export interface Backoff {
  minMs: number;
  maxMs: number;
}
/** Never provided in the app (Nest passes undefined: the default back-off); tests construct the bus with their own. */
const LIVE_UPDATES_BACKOFF = Symbol('LIVE_UPDATES_BACKOFF');

const EVENT_TYPES = new Set<string>(['router.status', 'router.sessions', 'payment.settled']);

/** How the LISTEN connection is doing, for health and metrics. */
export interface LiveUpdatesState {
  listening: boolean;
  /** times the connection was lost and made again since start */
  reconnects: number;
  /** the last connection error, while not listening */
  lastError: string | null;
}

/** Notices sent in one statement at most (each under 8,000 bytes). */
const NOTICES_PER_STATEMENT = 50;

/**
 * Publish/subscribe for live dashboard updates across every API instance (docs/architecture.md
 * "Live updates across instances"). Modules publish small, already masked facts (never secrets or
 * full phone numbers); publish() sends them with `pg_notify` and every instance, this one
 * included, hears them on ONE dedicated LISTEN connection (a node-postgres Client outside the
 * TypeORM pool) and feeds its local subscribers: an event reaches each instance exactly once.
 * The SSE endpoint filters them per tenant. When the LISTEN connection drops, the bus reconnects
 * with back-off (logged, and shown by /health/ready and the `wavu_live_updates_listening` gauge);
 * meanwhile this instance's events still reach its own browsers (delivered locally, and NOTIFY
 * sent through the pool for the others). Events sent while an instance was not listening are
 * lost to it: they are hints to refetch, and the pages also refresh every 60 s.
 */
@Injectable()
export class LiveUpdatesBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveUpdatesBus.name);
  private readonly subject = new Subject<LiveUpdate>();
  /** user ids whose sessions ended (deactivated, password changed): their open streams close */
  private readonly ended = new Subject<string>();
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private reconnects = 0;
  private lastError: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  /** notices waiting for the NOTIFY in flight on the LISTEN connection: sent together after it */
  private readonly outgoing: Array<{ notice: Notice; payload: string }> = [];
  private flushing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(LIVE_UPDATES_BACKOFF) private readonly backoff: Backoff = { minMs: 250, maxMs: 10_000 },
  ) {
    this.backoffMs = this.backoff.minMs;
  }

  /** Connects the LISTEN connection before the app takes traffic (a failure is retried, never fatal). */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  publish(event: LiveUpdate): void {
    this.send({ k: 'event', e: event });
  }

  stream(audience: LiveAudience): Observable<LiveUpdate> {
    return this.subject.asObservable().pipe(filter((e) => 'allProviders' in audience || e.providerId === audience.providerId));
  }

  /** Closes every open stream of this user, on every instance (never sent to clients). */
  endSessions(userId: string): void {
    this.send({ k: 'end', u: userId });
  }

  /** Emits once when the user's sessions end. */
  sessionEnds(userId: string): Observable<string> {
    return this.ended.asObservable().pipe(filter((id) => id === userId));
  }

  state(): LiveUpdatesState {
    return { listening: this.listening, reconnects: this.reconnects, lastError: this.listening ? null : this.lastError };
  }

  /** Stops reconnecting, closes the LISTEN connection and completes every local subscriber. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listening = false;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    this.subject.complete();
    this.ended.complete();
  }

  private send(notice: Notice): void {
    const payload = JSON.stringify(notice);
    const bytes = Buffer.byteLength(payload);
    if (bytes > MAX_PAYLOAD_BYTES) {
      // never happens with today's events (a few hundred bytes); refusing beats a half-delivered fan-out
      this.logger.error({ type: notice.k === 'event' ? notice.e.type : 'end', bytes }, `Live update of ${bytes} bytes not sent: NOTIFY payloads must stay under 8000 bytes`);
      return;
    }
    if (this.listening && this.client) {
      this.outgoing.push({ notice, payload });
      if (!this.flushing) void this.flush();
      return;
    }
    this.sendWithoutListening(notice, payload);
  }

  /**
   * Sends the waiting notices on the LISTEN connection, those that queued up meanwhile in one
   * statement (one pg_notify each: a settled group of callbacks is one round trip, not one per
   * payment). Our own LISTEN connection hears them back: that is the local delivery. One query at a
   * time on it: node-postgres deprecates a query sent while the client is still busy (pg 9 refuses it).
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.outgoing.length > 0) {
        const batch = this.outgoing.splice(0, NOTICES_PER_STATEMENT);
        const client = this.listening ? this.client : null;
        if (!client) {
          // the connection was lost while these waited
          for (const { notice, payload } of batch) this.sendWithoutListening(notice, payload);
          continue;
        }
        try {
          await client.query(`SELECT ${batch.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ')}`, [LIVE_UPDATES_CHANNEL, ...batch.map((b) => b.payload)]);
        } catch (err) {
          // the connection died under it (the loss is handled by its 'error' listener)
          this.logger.warn(`Live update not sent on the LISTEN connection (${err instanceof Error ? err.message : String(err)}): sending it without it`);
          for (const { notice, payload } of batch) this.sendWithoutListening(notice, payload);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Not listening: deliver here directly, and tell the other instances through the pool. */
  private sendWithoutListening(notice: Notice, payload: string): void {
    this.deliver(notice);
    if (this.stopped) return;
    this.dataSource.query('SELECT pg_notify($1, $2)', [LIVE_UPDATES_CHANNEL, payload]).catch((err: Error) => this.logger.warn(`Live update not sent to other instances: ${err.message}`));
  }

  private deliver(notice: Notice): void {
    if (notice.k === 'event') this.subject.next(notice.e);
    else this.ended.next(notice.u);
  }

  private receive(payload: string | undefined): void {
    const notice = parseNotice(payload);
    if (!notice) {
      this.logger.warn(`Live update ignored: unreadable payload on ${LIVE_UPDATES_CHANNEL}`);
      return;
    }
    this.deliver(notice);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new Client({
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: typeof options.password === 'string' ? options.password : undefined,
      database: options.database,
      application_name: 'wavu-api-live-updates',
      keepAlive: true,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      const wasListening = this.listening && this.client === client;
      if (this.client === client) {
        this.client = null;
        this.listening = false;
      }
      this.lastError = reason;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (wasListening) this.reconnects++;
      this.logger.warn(
        `Live updates: LISTEN connection ${wasListening ? 'lost' : 'failed'} (${reason}); reconnecting in ${this.backoffMs} ms (meanwhile this instance misses the other instances' events)`,
      );
      this.scheduleReconnect();
    };
    client.on('error', (err: Error) => onLost(err.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === LIVE_UPDATES_CHANNEL) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_UPDATES_CHANNEL}`);
    } catch (err) {
      onLost(err instanceof Error ? err.message : String(err));
      return;
    }
    if (lost || this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening = true;
    this.lastError = null;
    if (this.backoffMs > this.backoff.minMs) this.logger.log('Live updates: listening again on PostgreSQL');
    this.backoffMs = this.backoff.minMs;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.stopped) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoff.maxMs, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }
}

/** A notice as sent by publish()/endSessions(); anything else on the channel is refused. */
function parseNotice(payload: string | undefined): Notice | null {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.k === 'end') return typeof v.u === 'string' ? { k: 'end', u: v.u } : null;
  if (v.k !== 'event' || !v.e || typeof v.e !== 'object') return null;
  const e = v.e as Record<string, unknown>;
  if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type) || typeof e.providerId !== 'string' || !e.data || typeof e.data !== 'object') return null;
  return { k: 'event', e: e as unknown as LiveUpdate };
}
