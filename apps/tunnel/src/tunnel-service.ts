import { Client, Pool } from 'pg';
import type { TunnelConfig } from './config';
import type { Logger } from './log';
import { jsonLogger } from './log';
import type { SkippedRow } from './peers';
import { desiredPeers, interfaceMatches, renderConfig } from './peers';
import type { PeerStats } from './store';
import { TunnelStore } from './store';
import { WireGuard } from './wg';

/** Notified by a statement trigger on router_tunnels (migration RouterTunnels). */
const CHANNEL = 'wavu_tunnels';
const MAX_RECONNECT_MS = 30_000;

export interface TunnelServiceOptions {
  logger?: Logger;
  /** the tunnel cannot go on (wireguard-go died, the interface vanished): main.ts exits non-zero */
  onFatal: (error: Error) => void;
}

/**
 * Mirrors the live router_tunnels rows into the WireGuard interface and writes the hub's view
 * (handshakes, traffic) back (docs/tunnel.md, "The tunnel process"). A sync runs at start, at once
 * on a NOTIFY (coalesced: a burst of changes gives one sync, and syncs never overlap), and every
 * resync interval as a safety net for lost notifications.
 */
export class TunnelService {
  private readonly log: Logger;
  private readonly wg: WireGuard;
  private pool: Pool | null = null;
  private store: TunnelStore | null = null;
  private listener: Client | null = null;
  private privateKey = '';
  private publicKey = '';

  private stopping: Promise<void> | null = null;
  private fatalReported = false;
  private timers: NodeJS.Timeout[] = [];
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;

  private syncing: Promise<void> | null = null;
  private syncQueued = false;
  private debounceTimer: NodeJS.Timeout | null = null;
  private burstStartedAt: number | null = null;
  private readonly reasons = new Set<string>();
  private skippedRows = new Set<string>();

  private collecting: Promise<void> | null = null;
  private lastStats = new Map<string, string>();
  private lastSkippedLines = 0;

  constructor(
    private readonly config: TunnelConfig,
    private readonly options: TunnelServiceOptions,
  ) {
    this.log = options.logger ?? jsonLogger();
    this.wg = new WireGuard(config, this.log, (error) => this.fatal(error));
    this.reconnectDelay = config.reconnectBaseMs;
  }

  /** Key, interface, hub row, LISTEN, first sync, timers. On failure everything started is stopped again. */
  async start(): Promise<void> {
    try {
      this.privateKey = await this.wg.loadPrivateKey();
      this.publicKey = await this.wg.publicKeyOf(this.privateKey);
      await this.wg.bringUp();

      this.pool = new Pool({ connectionString: this.config.databaseUrl, max: 2, application_name: 'wavu-tunnel', statement_timeout: 15_000, connectionTimeoutMillis: 10_000 });
      this.pool.on('error', (error) => this.log.warn('db.idle-client-error', { error }));
      this.store = new TunnelStore(this.pool, this.config.hubId);
      await this.store.publishHub(this.config, this.publicKey);
      this.log.info('hub.published', { hubId: this.config.hubId, publicKey: this.publicKey, endpoint: this.config.endpoint, prefix: this.config.prefix.text, address: this.config.hubAddress });

      await this.connectListener();
      await this.runSync(['start']);
      this.timers.push(
        setInterval(() => this.requestSync('periodic'), this.config.resyncIntervalMs),
        setInterval(() => this.collectStats(), this.config.statsIntervalMs),
      );
      this.log.info('started', { interface: this.config.interfaceName, resyncIntervalMs: this.config.resyncIntervalMs, statsIntervalMs: this.config.statsIntervalMs });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops timers, waits for a running sync, closes PostgreSQL, kills wireguard-go (a kernel interface stays). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      if (this.debounceTimer) clearTimeout(this.debounceTimer);
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      await this.syncing;
      await this.collecting;
      const listener = this.listener;
      this.listener = null;
      await listener?.end().catch(() => undefined);
      await this.pool?.end().catch(() => undefined);
      await this.wg.stopUserspace();
      this.log.info('stopped', { interface: this.config.interfaceName });
    })();
    return this.stopping;
  }

  private fatal(error: Error): void {
    if (this.fatalReported || this.stopping) return;
    this.fatalReported = true;
    this.log.error('fatal', { error });
    this.options.onFatal(error);
  }

  // --- LISTEN wavu_tunnels -------------------------------------------------------------------

  private async connectListener(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'wavu-tunnel-listen',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) this.requestSync('notify');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopping) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.log.info('listen.connected', { channel: CHANNEL });
  }

  private listenerLost(client: Client, error?: Error): void {
    if (client !== this.listener || this.stopping) return;
    this.listener = null;
    this.log.warn('listen.lost', { error: error ?? 'connection ended' });
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  /** Reconnects with doubling delays (up to 30 s) and syncs once connected: notifications may have been missed. */
  private scheduleReconnect(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, MAX_RECONNECT_MS);
    this.log.info('listen.reconnecting', { inMs: delay });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connectListener().then(
        () => {
          this.reconnectDelay = this.config.reconnectBaseMs;
          this.requestSync('reconnect');
        },
        (error: Error) => {
          this.log.warn('listen.reconnect-failed', { error });
          if (!this.stopping) this.scheduleReconnect();
        },
      );
    }, delay);
  }

  // --- peer sync -----------------------------------------------------------------------------

  /**
   * Asks for a sync. Requests wait for `debounceMs` of quiet (at most `debounceMaxMs` after the
   * first), so a burst gives one sync; a request during a sync gives exactly one more after it.
   */
  private requestSync(reason: string): void {
    this.reasons.add(reason);
    this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.stopping) return;
    if (this.syncing) {
      this.syncQueued = true;
      return;
    }
    const now = Date.now();
    this.burstStartedAt ??= now;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    const wait = Math.max(0, Math.min(this.config.debounceMs, this.burstStartedAt + this.config.debounceMaxMs - now));
    this.debounceTimer = setTimeout(() => void this.runSync([...this.reasons]), wait);
  }

  private runSync(reasons: string[]): Promise<void> {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = null;
    this.burstStartedAt = null;
    this.reasons.clear();
    const run = this.syncOnce(reasons.join(',')).finally(() => {
      this.syncing = null;
      if (this.syncQueued) {
        this.syncQueued = false;
        this.scheduleSync();
      }
    });
    this.syncing = run;
    return run;
  }

  /** One sync; never rejects (a failure is logged and recorded on the hub row). */
  private async syncOnce(reasons: string): Promise<void> {
    const store = this.store!;
    const startedAt = Date.now();
    try {
      const { peers, skipped } = desiredPeers(await store.livePeers(), this.config, this.publicKey);
      this.reportSkipped(skipped);
      const dump = await this.wg.dump();
      const applied = !interfaceMatches(dump, { publicKey: this.publicKey, listenPort: this.config.listenPort }, peers);
      if (applied) await this.wg.syncconf(renderConfig(this.privateKey, this.config.listenPort, peers));
      await store.recordSync(peers.length);
      if (applied) this.log.info('peers.synced', { reasons, peers: peers.length, skipped: skipped.length, ms: Date.now() - startedAt });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error('peers.sync-failed', { reasons, error: message });
      await store.recordSyncError(message).catch((recordError: Error) => this.log.warn('hub.record-error-failed', { error: recordError }));
      const exists = await this.wg.interfaceExists().catch(() => true);
      if (!exists) this.fatal(new Error(`the interface ${this.config.interfaceName} disappeared`));
    }
  }

  /** Logs each bad row once (not at every periodic sync) while it stays bad. */
  private reportSkipped(skipped: SkippedRow[]): void {
    const current = new Set<string>();
    for (const row of skipped) {
      const signature = `${row.rowId}\n${row.reason}`;
      current.add(signature);
      if (!this.skippedRows.has(signature)) this.log.warn('peer.skipped', { rowId: row.rowId, reason: row.reason });
    }
    this.skippedRows = current;
  }

  // --- stats write-back ----------------------------------------------------------------------

  private collectStats(): void {
    if (this.collecting || this.stopping) return;
    this.collecting = this.collectStatsOnce().finally(() => (this.collecting = null));
  }

  /** Reads `wg show dump` and writes back the peers whose handshake, traffic or endpoint changed. */
  private async collectStatsOnce(): Promise<void> {
    try {
      const dump = await this.wg.dump();
      if (dump.skippedLines !== this.lastSkippedLines) this.log.warn('dump.unreadable-lines', { count: dump.skippedLines });
      this.lastSkippedLines = dump.skippedLines;
      const seen = new Map<string, string>();
      const changed: PeerStats[] = [];
      for (const peer of dump.peers) {
        if (peer.latestHandshake === 0 && peer.rxBytes === 0n && peer.txBytes === 0n) continue; // nothing seen yet
        const signature = `${peer.latestHandshake}|${peer.rxBytes}|${peer.txBytes}|${peer.endpoint}`;
        seen.set(peer.publicKey, signature);
        if (this.lastStats.get(peer.publicKey) === signature) continue;
        changed.push({
          publicKey: peer.publicKey,
          handshakeAt: peer.latestHandshake > 0 ? new Date(peer.latestHandshake * 1000) : null,
          endpoint: peer.endpoint,
          rxBytes: peer.rxBytes,
          txBytes: peer.txBytes,
        });
      }
      await this.store!.writeStats(changed);
      this.lastStats = seen;
    } catch (error) {
      this.log.warn('stats.failed', { error: error as Error });
    }
  }
}
