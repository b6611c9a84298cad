import { randomBytes } from 'crypto';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer, request as httpRequest } from 'http';
import type { AddressInfo, Socket } from 'net';
import type { TemplateVars } from './hotspot-template';
import { chapResponse, expandTemplate, octalEscape } from './hotspot-template';
import { LOGIN_ERRORS } from './state/hotspot';
import type { RouterState } from './state/router-state';
import type { Row } from './state/table';
import { parseDuration } from './values';

/**
 * The hotspot's HTTP side (docs/routeros.md §4), one per simulated router.
 *
 * Real clients reach the servlet because the router intercepts their traffic. A browser in a
 * test cannot sit behind a router, so a **device** is simulated by an HTTP proxy port of its
 * own: `openDevice({mac, ip})` joins the device to the hotspot (`/ip/hotspot/host`) and
 * returns `proxyUrl`; a browser context using that proxy *is* that device. Through it:
 *
 * - a request for the hotspot's own host (its `dns-name`, or the hotspot address 10.5.50.1)
 *   goes to the servlet: `/login` (PAP or CHAP, GET or POST), `/logout`, `/status`, files;
 * - a request for a walled-garden host (`/ip/hotspot/walled-garden`, `action=allow`) is
 *   forwarded unchanged (Chromium sends loopback hosts direct anyway, which has the same
 *   effect for a portal on 127.0.0.1);
 * - any other URL, while the device is not logged in, gets the login page with
 *   `link-orig` set to the URL asked for (the router's redirect); once logged in it gets a
 *   small "simulated internet" page naming the URL.
 *
 * The server's own port (`url`) also serves the servlet directly (origin-form requests, e.g.
 * from curl or tests); there the device is the one named by the `sim-device` cookie, or a new
 * device is joined and the cookie set.
 *
 * Pages are the router's `html-directory` files: built-in defaults (a CHAP/PAP login form,
 * status, logout, md5.js) replaced by whatever `setFiles` gives (e.g. the provider's setup
 * kit `login.html`, which redirects to the captive portal). `.html` files are expanded with
 * the `$(…)` variables, other files are served as they are.
 */
export interface HotspotHttpOptions {
  host?: string;
  port?: number;
  /** the hotspot's DNS name used in links (default: the server profile's dns-name, else the address) */
  dnsName?: string;
  files?: Record<string, string>;
}

export interface SimDevice {
  mac: string;
  ip: string;
  proxyUrl: string;
}

interface DeviceState {
  mac: string;
  ip: string;
  chapId: Buffer;
  challenge: Buffer;
  server: Server | null;
  proxyUrl: string;
}

const MAX_BODY = 16 * 1024;

const DEFAULT_FILES: Record<string, string> = {
  'login.html':
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>$(identity) hotspot</title></head><body>\n' +
    '$(if chap-id)<script src="/md5.js"></script><script>function doLogin(){var f=document.sendin;f.username.value=document.login.username.value;' +
    "f.password.value=hexMD5('$(chap-id)'+document.login.password.value+'$(chap-challenge)');f.submit();return false;}</script>\n" +
    '<form name="sendin" action="$(link-login-only)" method="post"><input type="hidden" name="username"><input type="hidden" name="password"><input type="hidden" name="dst" value="$(link-orig)"><input type="hidden" name="popup" value="true"></form>$(endif)\n' +
    '<h1>$(identity)</h1>$(if error)<p class="error">$(error)</p>$(endif)\n' +
    '<form name="login" action="$(link-login-only)" method="post"$(if chap-id) onsubmit="return doLogin()"$(endif)>' +
    '<input type="hidden" name="dst" value="$(link-orig)"><input type="hidden" name="popup" value="true">' +
    '<label>Login <input name="username" type="text" value="$(username)"></label> <label>Password <input name="password" type="password"></label> <button type="submit">OK</button></form>\n' +
    '</body></html>\n',
  'status.html':
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>status</title></head><body><h1>Welcome $(username)!</h1>' +
    '<p>IP address: $(ip)<br>Connected: $(uptime)<br>$(if session-time-left)Time left: $(session-time-left)<br>$(endif)Bytes up/down: $(bytes-in-nice) / $(bytes-out-nice)</p><p><a href="$(link-logout)">log off</a></p></body></html>\n',
  'logout.html':
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>logout</title></head><body><h1>You have just logged off</h1><p>User $(username) was connected for $(uptime).</p><p><a href="$(link-login)">log on</a></p></body></html>\n',
};

function niceBytes(v: string | undefined): string {
  const n = Number(v ?? 0) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 102.4) / 10} KiB`;
  if (n < 1024 ** 3) return `${Math.round(n / (1024 * 102.4)) / 10} MiB`;
  return `${Math.round(n / (1024 ** 2 * 102.4)) / 10} GiB`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (req.method !== 'POST') return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('latin1'));
}

export class HotspotHttp {
  private server: Server | null = null;
  private boundPort = 0;
  private readonly host: string;
  private readonly sockets = new Set<Socket>();
  private readonly devices = new Map<string, DeviceState>();
  private files: Record<string, string>;
  private readonly dnsNameOverride?: string;

  constructor(
    private readonly state: RouterState,
    private readonly options: HotspotHttpOptions = {},
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.files = { ...DEFAULT_FILES, ...(options.files ?? {}) };
    this.dnsNameOverride = options.dnsName;
  }

  get port(): number {
    return this.boundPort;
  }

  /** The servlet's own base URL (direct requests). */
  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  /** The name links use (`$(hostname)`): the dns-name when set, else the hotspot address. */
  get hostname(): string {
    return this.dnsNameOverride || this.profile()['dns-name'] || this.profile()['hotspot-address'] || '10.5.50.1';
  }

  /** Replaces (merges) the html-directory files, e.g. the setup kit's login.html. */
  setFiles(files: Record<string, string>, replace = false): void {
    this.files = replace ? { ...DEFAULT_FILES, ...files } : { ...this.files, ...files };
  }

  listFiles(): string[] {
    return Object.keys(this.files).sort();
  }

  async start(): Promise<this> {
    if (this.server) return this;
    this.server = await this.listen(this.options.port ?? 0, null);
    this.boundPort = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Joins a device to the hotspot and gives it its own proxy port (see the class comment). */
  async openDevice(options: { mac?: string; ip?: string } = {}): Promise<SimDevice> {
    const device = this.ensureDevice(options.mac, options.ip);
    if (!device.server) {
      device.server = await this.listen(0, device);
      device.proxyUrl = `http://${this.host}:${(device.server.address() as AddressInfo).port}`;
    }
    return { mac: device.mac, ip: device.ip, proxyUrl: device.proxyUrl };
  }

  async stop(): Promise<void> {
    const servers = [this.server, ...[...this.devices.values()].map((d) => d.server)].filter((s): s is Server => s !== null);
    this.server = null;
    for (const d of this.devices.values()) d.server = null;
    for (const s of this.sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  // ---- internals ----

  private profile(): Row {
    const hs = this.state.hotspot;
    const server = hs.servers.find('name', 'hotspot1') ?? hs.servers.all()[0];
    return (server && hs.serverProfiles.find('name', server.profile)) ?? hs.serverProfiles.all()[0] ?? {};
  }

  private listen(port: number, device: DeviceState | null): Promise<Server> {
    const server = createServer((req, res) => {
      this.handle(req, res, device).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(err.message === 'body too large' ? 413 : 500, { 'content-type': 'text/plain' });
        res.end(err.message === 'body too large' ? 'request too large' : 'internal-error');
      });
    });
    // HTTPS through the proxy (CONNECT) is refused before login, like https-redirect without a certificate
    server.on('connect', (_req: IncomingMessage, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve(server));
    });
  }

  private ensureDevice(mac?: string, ip?: string): DeviceState {
    const key = mac?.toUpperCase();
    const existing = key ? this.devices.get(key) : undefined;
    if (existing) return existing;
    const address = ip ?? this.freeAddress();
    const hostRow = this.state.hotspot.hosts.find('address', address);
    const theMac = key ?? hostRow?.['mac-address'] ?? this.randomMac();
    this.state.hotspot.connectDevice(theMac, address);
    const device: DeviceState = { mac: theMac, ip: address, chapId: randomBytes(1), challenge: randomBytes(16), server: null, proxyUrl: '' };
    this.devices.set(theMac, device);
    return device;
  }

  private freeAddress(): string {
    for (let i = 100; i < 254; i++) {
      const ip = `10.5.50.${i}`;
      if (!this.state.hotspot.hosts.find('address', ip)) return ip;
    }
    throw new Error('hotspot address pool exhausted');
  }

  private randomMac(): string {
    return ['02', ...[...randomBytes(5)].map((b) => b.toString(16).padStart(2, '0'))].join(':').toUpperCase();
  }

  private deviceFromCookie(req: IncomingMessage): DeviceState | undefined {
    const m = /(?:^|;\s*)sim-device=([0-9A-Fa-f:]{17})/.exec(req.headers.cookie ?? '');
    return m ? this.devices.get(m[1].toUpperCase()) : undefined;
  }

  private session(device: DeviceState): Row | undefined {
    return this.state.hotspot.active.find('address', device.ip);
  }

  private walledGardenAllows(host: string): boolean {
    return this.state.hotspot.walledGarden.all().some((w) => w.disabled !== 'true' && (w.action ?? 'allow') === 'allow' && w['dst-host'] && wildcard(w['dst-host']).test(host));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, bound: DeviceState | null): Promise<void> {
    const raw = req.url ?? '/';
    const proxied = /^https?:\/\//i.test(raw);
    const target = new URL(raw, `http://${req.headers.host ?? `${this.host}:${this.boundPort}`}`);
    let device = bound ?? this.deviceFromCookie(req);
    const setCookie: string[] = [];
    if (!device) {
      device = this.ensureDevice();
      setCookie.push(`sim-device=${device.mac}; Path=/; HttpOnly`);
    }
    const servletHosts = new Set([this.hostname.toLowerCase(), (this.profile()['hotspot-address'] ?? '10.5.50.1').toLowerCase()]);
    const base = proxied ? `http://${this.hostname}` : `http://${req.headers.host ?? `${this.host}:${this.boundPort}`}`;
    const send = (status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...(setCookie.length ? { 'set-cookie': setCookie } : {}), ...headers });
      res.end(body);
    };

    if (proxied && !servletHosts.has(target.hostname.toLowerCase())) {
      if (this.walledGardenAllows(target.hostname)) return this.forward(req, res, target);
      if (this.session(device)) {
        return send(
          200,
          `<!DOCTYPE html><html><head><title>${escapeHtml(target.hostname)}</title></head><body><h1 data-sim-internet>${escapeHtml(target.href)}</h1><p>Simulated internet: this device is online through ${escapeHtml(this.state.identity)}.</p></body></html>`,
        );
      }
      return send(200, this.page('login.html', device, base, { 'link-orig': target.href }));
    }

    const params = new URLSearchParams(target.search);
    const form = await readForm(req);
    for (const [k, v] of form) params.set(k, v);
    const path = target.pathname.replace(/^\/+/, '');
    switch (path) {
      case '':
      case 'login':
        return this.login(device, params, base, send);
      case 'logout': {
        const row = this.session(device);
        if (!row) return send(200, this.page('login.html', device, base, { error: LOGIN_ERRORS.notLoggedIn(device.ip) }));
        const vars = this.sessionVars(row);
        this.state.hotspot.logout(row['.id'], 'user request');
        return send(200, this.page('logout.html', device, base, vars));
      }
      case 'status': {
        const row = this.session(device);
        if (!row) return send(200, this.page('login.html', device, base, {}));
        return send(200, this.page('status.html', device, base, this.sessionVars(row)));
      }
      default: {
        const file = this.files[path];
        if (file === undefined) return send(404, 'Not Found', 'text/plain');
        if (path.endsWith('.html')) return send(200, this.page(path, device, base, {}));
        return send(200, file, path.endsWith('.js') ? 'application/javascript' : path.endsWith('.css') ? 'text/css' : 'application/octet-stream');
      }
    }
  }

  private login(device: DeviceState, params: URLSearchParams, base: string, send: (status: number, body: string, type?: string, headers?: Record<string, string>) => void): void {
    const username = params.get('username') ?? '';
    const dst = params.get('dst') ?? '';
    const active = this.session(device);
    if (active) {
      if (params.has('username') && active.user !== username) {
        return send(200, this.page(this.files['flogin.html'] ? 'flogin.html' : 'login.html', device, base, { error: LOGIN_ERRORS.alreadyLoggedIn, 'link-orig': dst, username }));
      }
      return send(302, '', 'text/plain', { location: dst || `${base}/status` });
    }
    if (!params.has('username')) return send(200, this.page('login.html', device, base, { 'link-orig': dst }));

    const password = params.get('password') ?? '';
    const loginBy = (this.profile()['login-by'] ?? 'http-chap').split(',');
    const user = this.state.hotspot.findUser(username);
    let plain: string | null = null;
    let method: 'http-chap' | 'http-pap' = 'http-pap';
    if (user && loginBy.includes('http-chap') && /^[0-9a-f]{32}$/i.test(password) && chapResponse(device.chapId, user.password ?? '', device.challenge) === password.toLowerCase()) {
      plain = user.password ?? '';
      method = 'http-chap';
    } else if (loginBy.includes('http-pap')) {
      plain = password;
    }
    const result =
      plain === null
        ? { ok: false as const, error: password ? LOGIN_ERRORS.invalidUser : LOGIN_ERRORS.chapMissing }
        : this.state.hotspot.login({ user: username, password: plain, ip: device.ip, mac: device.mac, loginBy: method }, true);
    // a challenge is good for one attempt
    device.chapId = randomBytes(1);
    device.challenge = randomBytes(16);
    if (!result.ok) {
      return send(200, this.page(this.files['flogin.html'] ? 'flogin.html' : 'login.html', device, base, { error: result.error, 'error-orig': result.error, 'link-orig': dst, username }));
    }
    if (this.files['alogin.html'] && !dst) return send(200, this.page('alogin.html', device, base, {}));
    return send(302, '', 'text/plain', { location: dst || `${base}/status` });
  }

  private sessionVars(row: Row): TemplateVars {
    const view = this.state.hotspot.activeView(row);
    return {
      username: view.user,
      uptime: view.uptime ?? '0s',
      'uptime-secs': String(parseDuration(view.uptime ?? '0s') ?? 0),
      'session-time-left': view['session-time-left'] ?? '',
      'session-time-left-secs': view['session-time-left'] ? String(parseDuration(view['session-time-left']) ?? 0) : '',
      'bytes-in': view['bytes-in'] ?? '0',
      'bytes-out': view['bytes-out'] ?? '0',
      'bytes-in-nice': niceBytes(view['bytes-in']),
      'bytes-out-nice': niceBytes(view['bytes-out']),
      'session-id': row['.id'],
    };
  }

  private page(name: string, device: DeviceState, base: string, extra: TemplateVars): string {
    const row = this.session(device);
    const linkOrig = extra['link-orig'] ?? '';
    const profile = this.profile();
    const vars: TemplateVars = {
      hostname: this.hostname,
      identity: this.state.identity,
      'server-name': 'hotspot1',
      'server-address': `${profile['hotspot-address'] ?? '10.5.50.1'}:80`,
      'login-by': profile['login-by'] ?? '',
      'link-login': `${base}/login?dst=${encodeURIComponent(linkOrig)}`,
      'link-login-only': `${base}/login`,
      'link-logout': `${base}/logout`,
      'link-status': `${base}/status`,
      'link-orig': linkOrig,
      mac: device.mac,
      ip: device.ip,
      'logged-in': row ? 'yes' : 'no',
      username: row?.user ?? '',
      error: '',
      popup: 'true',
      ...(row ? this.sessionVars(row) : {}),
      ...extra,
    };
    if (name === 'login.html' || name === 'flogin.html') {
      vars['chap-id'] = octalEscape(device.chapId);
      vars['chap-challenge'] = octalEscape(device.challenge);
    }
    return expandTemplate(this.files[name] ?? DEFAULT_FILES[name] ?? '', vars);
  }

  private forward(req: IncomingMessage, res: ServerResponse, target: URL): void {
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: target.hostname, port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(upstream);
  }
}

function wildcard(pattern: string): RegExp {
  if (pattern.startsWith(':')) return new RegExp(pattern.slice(1), 'i');
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
