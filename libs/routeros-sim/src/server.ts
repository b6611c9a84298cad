import { X509Certificate } from 'node:crypto';
import type { AddressInfo, Server, Socket } from 'net';
import { createServer } from 'net';
import { generate } from 'selfsigned';
import type { Server as TlsServer } from 'tls';
import { createServer as createTlsServer } from 'tls';
import type { SimClock } from './clock';
import type { FaultSettings } from './faults';
import { FaultController } from './faults';
import type { HotspotHttpOptions } from './hotspot-http';
import { HotspotHttp } from './hotspot-http';
import type { SimLogger } from './logger';
import { silentLogger } from './logger';
import { MenuRegistry } from './menus';
import type { LoginMethod, RouterOsVersion } from './profiles';
import { getProfile } from './profiles';
import type { TagPosition } from './session';
import { ApiSession } from './session';
import { RouterState } from './state/router-state';

export interface SimRouterOptions {
  /** unique name in a simulator; defaults to the identity */
  name?: string;
  /** listen address (default 127.0.0.1) */
  host?: string;
  /** TCP port; 0 (default) picks a free one */
  port?: number;
  /**
   * Also serve api-ssl: the same API over TLS on its own port (0 or absent picks a free one),
   * with a self-signed certificate made at the first start, as `/certificate add` + `sign` makes
   * one on a router. `rotateCertificate()` replaces it (a reset or replaced router).
   */
  apiSsl?: { port?: number } | boolean;
  /** port of the hotspot's HTTP side when `startHotspotHttp` names none; 0 (default) picks a free one */
  hotspotPort?: number;
  version?: RouterOsVersion;
  /** defaults to the profile's (plain) */
  login?: LoginMethod;
  /** start with no hotspot set up (no bridge-hotspot, pool, hsprof1 or hotspot1): an `/import` target */
  blank?: boolean;
  /** `/system/routerboard` serial number; a backup loads only on the router with the same one */
  serialNumber?: string;
  /** admin account (default admin / empty password) */
  user?: string;
  password?: string;
  identity?: string;
  /** share one clock between routers, or let each have its own */
  clock?: SimClock;
  faults?: Partial<FaultSettings>;
  /** where `.tag` goes in reply sentences (default second, as on devices) */
  tagPosition?: TagPosition;
  logger?: SimLogger;
}

/**
 * One simulated router: a RouterState (transport-independent) served over TCP by the binary
 * API. Faults can be changed at run time through `faults`.
 */
export class SimRouter {
  readonly name: string;
  readonly state: RouterState;
  readonly faults: FaultController;
  readonly version: RouterOsVersion;
  private readonly host: string;
  private boundPort: number;
  private server: Server | null = null;
  private sslServer: TlsServer | null = null;
  private sslPort: number | null;
  private cert: { key: string; cert: string; fingerprint256: string } | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<ApiSession>();
  private readonly menus = new MenuRegistry();
  private readonly logger: SimLogger;
  private readonly loginMethod: LoginMethod;
  private readonly tagPosition: TagPosition;
  private started = false;
  private hotspotServer: HotspotHttp | null = null;
  private readonly hotspotPort: number;
  private transition: Promise<void> = Promise.resolve();
  private rebootTimer: NodeJS.Timeout | null = null;

  constructor(options: SimRouterOptions = {}) {
    this.version = options.version ?? '7.18';
    const profile = getProfile(this.version);
    this.state = new RouterState({
      profile,
      clock: options.clock,
      identity: options.identity ?? options.name,
      adminUser: options.user ?? 'admin',
      adminPassword: options.password ?? '',
      blank: options.blank,
      serialNumber: options.serialNumber,
    });
    this.state.onRebootRequest = () => void this.reboot();
    this.name = options.name ?? this.state.identity;
    this.host = options.host ?? '127.0.0.1';
    this.boundPort = options.port ?? 0;
    this.hotspotPort = options.hotspotPort ?? 0;
    this.sslPort = options.apiSsl ? ((typeof options.apiSsl === 'object' ? options.apiSsl.port : undefined) ?? 0) : null;
    this.logger = options.logger ?? silentLogger;
    this.loginMethod = options.login ?? profile.defaultLogin;
    this.tagPosition = options.tagPosition ?? 'second';
    this.faults = new FaultController(options.faults);
    this.state.files.settleMs = this.faults.get().fileSettleMs;
    this.faults.on('change', (f: FaultSettings) => {
      this.state.files.settleMs = f.fileSettleMs;
      this.applyListening(f.refuseConnections);
    });
  }

  get clock(): SimClock {
    return this.state.clock;
  }

  get port(): number {
    return this.boundPort;
  }

  get address(): { host: string; port: number } {
    return { host: this.host, port: this.boundPort };
  }

  /** The api-ssl listener (null when the router does not serve api-ssl). */
  get sslAddress(): { host: string; port: number } | null {
    return this.sslPort === null ? null : { host: this.host, port: this.sslPort };
  }

  /** SHA-256 of the api-ssl certificate (`AB:CD:…`), null before the first start or without api-ssl. */
  get certificateFingerprint(): string | null {
    return this.cert?.fingerprint256 ?? null;
  }

  /** A new key and certificate for api-ssl; new TLS connections get it, open ones keep theirs. */
  async rotateCertificate(): Promise<string> {
    if (this.sslPort === null) throw new Error(`router ${this.name} does not serve api-ssl`);
    this.cert = await makeCertificate(this.state.identity);
    this.sslServer?.setSecureContext({ key: this.cert.key, cert: this.cert.cert });
    return this.cert.fingerprint256;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  async start(): Promise<this> {
    this.started = true;
    if (!this.faults.get().refuseConnections && !this.rebootTimer) await this.queue(() => this.listen());
    return this;
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.rebootTimer) clearTimeout(this.rebootTimer);
    this.rebootTimer = null;
    this.state.files.cancelSettling();
    await this.queue(() => this.unlisten());
    await this.hotspotServer?.stop();
    this.hotspotServer = null;
  }

  /** The hotspot's HTTP side (login pages, /login, /logout, /status; see hotspot-http.ts), started on first use. */
  async startHotspotHttp(options: HotspotHttpOptions = {}): Promise<HotspotHttp> {
    if (!this.hotspotServer) this.hotspotServer = await new HotspotHttp(this.state, { host: this.host, port: this.hotspotPort, ...options }).start();
    else if (options.files) this.hotspotServer.setFiles(options.files);
    return this.hotspotServer;
  }

  /** The hotspot HTTP server when started, else null. */
  get hotspotHttp(): HotspotHttp | null {
    return this.hotspotServer;
  }

  /** Changes faults and waits until the listener state matches (refuseConnections). */
  async setFaults(partial: Partial<FaultSettings>): Promise<FaultSettings> {
    const settings = this.faults.set(partial);
    await this.transition;
    return settings;
  }

  /** Back to a healthy router; resolves once it accepts connections again. */
  async clearFaults(): Promise<FaultSettings> {
    const settings = this.faults.clear();
    await this.transition;
    return settings;
  }

  /** true from a reboot's start until the router is back */
  get rebooting(): boolean {
    return this.rebootTimer !== null;
  }

  /**
   * Reboots: every API session is closed and connections are refused for `seconds` (default the
   * `rebootSeconds` fault), then the router is back with uptime 0 (sessions and cookies gone,
   * configuration and files kept; `wipe` also loses the hotspot users). Resolves once it is down.
   */
  async reboot(options: { seconds?: number; wipe?: boolean } = {}): Promise<void> {
    const seconds = options.seconds ?? this.faults.get().rebootSeconds;
    if (this.rebootTimer) clearTimeout(this.rebootTimer);
    this.rebootTimer = setTimeout(() => {
      this.rebootTimer = null;
      this.state.reboot({ wipe: options.wipe });
      this.applyListening(this.faults.get().refuseConnections);
    }, seconds * 1000);
    await this.queue(() => this.unlisten());
  }

  /** Closes every open API connection (router side FIN). */
  dropConnections(): void {
    for (const s of this.sessions) s.close();
    for (const s of this.sockets) s.destroy();
  }

  private applyListening(refuse: boolean): void {
    if (!this.started || this.rebootTimer) return;
    void this.queue(() => (refuse ? this.unlisten() : this.listen()));
  }

  private queue(step: () => Promise<void>): Promise<void> {
    this.transition = this.transition.then(step, step);
    return this.transition;
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((socket) => this.accept(socket));
    this.boundPort = await this.bind(server, this.boundPort);
    this.server = server;
    if (this.sslPort !== null) {
      this.cert ??= await makeCertificate(this.state.identity);
      const ssl = createTlsServer({ key: this.cert.key, cert: this.cert.cert }, (socket) => this.accept(socket));
      // a client that gives up during the handshake is not the router's problem
      ssl.on('tlsClientError', (err) => this.logger.debug('api-ssl handshake failed', { router: this.name, error: err.message }));
      this.sslPort = await this.bind(ssl, this.sslPort);
      this.sslServer = ssl;
    }
    this.logger.debug('simulated router listening', { router: this.name, port: this.boundPort, sslPort: this.sslPort });
  }

  private bind(server: Server, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.logger.error('simulated router server error', { router: this.name, error: err.message }));
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  private async unlisten(): Promise<void> {
    const servers = [this.server, this.sslServer].filter((s): s is Server => s !== null);
    this.server = null;
    this.sslServer = null;
    this.dropConnections();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const session = new ApiSession(socket, this.state, this.menus, this.faults, { loginMethod: this.loginMethod, tagPosition: this.tagPosition, logger: this.logger });
    this.sessions.add(session);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.sessions.delete(session);
    });
  }
}

/**
 * A self-signed certificate like the one `/certificate add … sign` makes on a router. An EC
 * (P-256) key: a client pins the fingerprint whatever the key type, and it is made in ~9 ms where
 * RSA-2048 takes ~180 ms, at every start of every simulated router.
 */
async function makeCertificate(identity: string): Promise<{ key: string; cert: string; fingerprint256: string }> {
  const notAfter = new Date(Date.now() + 3650 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: identity || 'router' }], { keyType: 'ec', algorithm: 'sha256', notAfterDate: notAfter });
  return { key: pems.private, cert: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256 };
}
