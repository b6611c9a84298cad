import type { SimClock } from '../clock';
import { formatDuration, parseBytes, parseDuration } from '../values';
import type { RouterLog } from './log';
import type { Row } from './table';
import { Table } from './table';

/**
 * Login-page error texts (the default errors.txt of RouterOS 7, docs/routeros.md §4.3, with `$(username)` filled
 * in) used when a login is refused. `alreadyLoggedIn` and `noHost` are the simulator's own.
 */
export const LOGIN_ERRORS = {
  invalidUser: 'invalid username or password',
  invalidMac: (u: string) => `user ${u} is not allowed to log in from this MAC address`,
  wrongMacUsername: (u: string) => `invalid username (${u}): this MAC address is not yours`,
  uptimeLimit: (u: string) => `user ${u} has reached uptime limit`,
  trafficLimit: (u: string) => `user ${u} has reached traffic limit`,
  sessionLimit: (u: string) => `no more sessions are allowed for user ${u}`,
  chapMissing: 'web browser did not send challenge response (try again, enable JavaScript)',
  radiusTimeout: 'RADIUS server is not responding',
  authInProgress: 'already authorizing, retry later',
  ippoolEmpty: 'cannot assign ip address - no more free addresses from pool',
  shuttingDown: 'hotspot service is shutting down',
  licenseSessionLimit: (reason: string) => `session limit reached (${reason})`,
  notLoggedIn: (ip: string) => `you are not logged in (ip ${ip})`,
  internalError: (reason: string) => `internal error (${reason})`,
  noHost: 'no such host',
  alreadyLoggedIn: 'already logged in',
} as const;

export type LoginBy = 'cookie' | 'http-chap' | 'http-pap' | 'https' | 'mac' | 'mac-cookie' | 'trial' | 'api';

export interface DeviceLogin {
  user: string;
  password: string;
  /** client IP; a host is created for it when missing (control API only) */
  ip?: string;
  mac?: string;
  loginBy?: LoginBy;
  /** upload (bytes-in) and download (bytes-out) rates in bytes per simulated second */
  rateIn?: number;
  rateOut?: number;
}

export type LoginResult = { ok: true; sessionId: string } | { ok: false; error: string };

interface SessionCounters {
  uptimeMs: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  rateIn: number;
  rateOut: number;
}

const num = (v: string | undefined): number => (v ? Number(v) || 0 : 0);
const secs = (v: string | undefined): number => (v ? (parseDuration(v) ?? 0) : 0);
const AVG_PACKET = 1000;

/**
 * The hotspot model (docs/routeros.md §3): users, user profiles, active sessions, hosts, cookies, walled garden.
 * Session uptime and bytes accrue on the simulated clock; user counters update at logout;
 * limits are enforced at login and end sessions when reached.
 */
export class HotspotState {
  readonly servers = new Table(1);
  readonly serverProfiles = new Table(1);
  readonly users = new Table(0);
  readonly userProfiles = new Table(0);
  readonly active = new Table(1);
  readonly hosts = new Table(1);
  readonly cookies = new Table(1);
  readonly walledGarden = new Table(1);
  readonly walledGardenIp = new Table(1);
  private readonly sessions = new Map<string, SessionCounters>();
  /**
   * When set, every login is refused with this text before any user check, as a router whose
   * RADIUS server does not answer (`LOGIN_ERRORS.radiusTimeout`), that is still authorizing the
   * device (`authInProgress`), or whose pool or licence is full, would refuse it.
   */
  loginRefusal: string | null = null;
  /** traffic per simulated second is reported to the interface counters */
  onTraffic?: (bytesIn: number, bytesOut: number) => void;

  constructor(
    private readonly clock: SimClock,
    private readonly log: RouterLog,
    options: { blank?: boolean } = {},
  ) {
    this.serverProfiles.add(
      { name: 'default', 'hotspot-address': '10.5.50.1', 'dns-name': '', 'html-directory': 'hotspot', 'login-by': 'cookie,http-chap', 'http-cookie-lifetime': '3d', default: 'true' },
      '*0',
    );
    if (!options.blank) this.addSampleServer();
    this.userProfiles.add(
      {
        name: 'default',
        'idle-timeout': 'none',
        'keepalive-timeout': '2m',
        'status-autorefresh': '1m',
        'shared-users': '1',
        'add-mac-cookie': 'true',
        'mac-cookie-timeout': '3d',
        'address-list': '',
        'transparent-proxy': 'false',
        default: 'true',
      },
      '*0',
    );
    this.users.add({ name: 'default-trial', profile: 'default', uptime: '0s', 'bytes-in': '0', 'bytes-out': '0', 'packets-in': '0', 'packets-out': '0', dynamic: 'true', disabled: 'false' }, '*0');
    clock.onAdvance((elapsed) => this.accrue(elapsed));
  }

  /** The hotspot the simulator starts with: profile `hsprof1`, server `hotspot1` on `bridge-hotspot`. */
  private addSampleServer(): void {
    this.serverProfiles.add({
      name: 'hsprof1',
      'hotspot-address': '10.5.50.1',
      'dns-name': 'wifi.local',
      'html-directory': 'hotspot',
      'login-by': 'cookie,http-chap,http-pap',
      'http-cookie-lifetime': '1d',
      default: 'false',
    });
    this.servers.add({
      name: 'hotspot1',
      interface: 'bridge-hotspot',
      'address-pool': 'hs-pool-1',
      profile: 'hsprof1',
      'idle-timeout': '5m',
      'keepalive-timeout': 'none',
      'addresses-per-mac': '2',
      disabled: 'false',
      invalid: 'false',
    });
  }

  // ---- convenience accessors for tests ----

  listUsers(includeDynamic = true): Row[] {
    return this.users
      .all()
      .filter((u) => includeDynamic || u.dynamic !== 'true')
      .map((u) => ({ ...u }));
  }

  findUser(name: string): Row | undefined {
    const u = this.users.find('name', name);
    return u && { ...u };
  }

  /** Adds a user behind the API's back (drift injection). Returns its `.id`. */
  addUser(fields: Row): string {
    return this.users.add({ profile: 'default', uptime: '0s', 'bytes-in': '0', 'bytes-out': '0', 'packets-in': '0', 'packets-out': '0', dynamic: 'false', disabled: 'false', ...fields });
  }

  removeUserByName(name: string): boolean {
    const u = this.users.find('name', name);
    return u ? this.users.remove(u['.id']) : false;
  }

  /** A device joins the hotspot network: it appears in `/ip/hotspot/host`. */
  connectDevice(mac: string, ip: string): string {
    const existing = this.hosts.find('address', ip);
    if (existing) return existing['.id'];
    return this.hosts.add({
      'mac-address': mac.toUpperCase(),
      address: ip,
      'to-address': ip,
      server: 'hotspot1',
      uptime: '0s',
      'idle-time': '0s',
      'bytes-in': '0',
      'bytes-out': '0',
      authorized: 'false',
      bypassed: 'false',
    });
  }

  // ---- sessions ----

  login(req: DeviceLogin, requireHost = false): LoginResult {
    const ip = req.ip ?? this.freeAddress();
    let host = this.hosts.find('address', ip);
    if (!host) {
      if (requireHost) return { ok: false, error: LOGIN_ERRORS.noHost };
      // the assertion narrows `host` for the lines below; the rule only looks at the assignment's target
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      host = this.hosts.get(this.connectDevice(req.mac ?? this.macFor(ip), ip)) as Row;
    }
    const mac = (req.mac ?? host['mac-address']).toUpperCase();
    if (this.loginRefusal) return this.refuse(req.user, ip, this.loginRefusal);
    if (/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/i.test(req.user) && req.user.toUpperCase() !== mac && !this.users.find('name', req.user)) {
      return this.refuse(req.user, ip, LOGIN_ERRORS.wrongMacUsername(req.user));
    }
    const user = this.users.find('name', req.user);
    if (!user || (user.password ?? '') !== req.password || user.disabled === 'true') {
      return this.refuse(req.user, ip, LOGIN_ERRORS.invalidUser);
    }
    if (user['mac-address'] && user['mac-address'] !== '00:00:00:00:00:00' && user['mac-address'].toUpperCase() !== mac) {
      return this.refuse(req.user, ip, LOGIN_ERRORS.invalidMac(req.user));
    }
    if (this.active.find('address', ip)) return this.refuse(req.user, ip, LOGIN_ERRORS.alreadyLoggedIn);
    const limitUptime = secs(user['limit-uptime']);
    if (limitUptime > 0 && secs(user.uptime) >= limitUptime) return this.refuse(req.user, ip, LOGIN_ERRORS.uptimeLimit(req.user));
    if (this.remainingBytes(user, { bytesIn: 0, bytesOut: 0 }).some((r) => r <= 0)) {
      return this.refuse(req.user, ip, LOGIN_ERRORS.trafficLimit(req.user));
    }
    const profile = this.userProfiles.find('name', user.profile ?? 'default');
    const shared = num(profile?.['shared-users'] ?? '1');
    const open = this.active.filter((a) => a.user === user.name).length;
    if (shared > 0 && open >= shared) return this.refuse(req.user, ip, LOGIN_ERRORS.sessionLimit(req.user));

    const id = this.sessionIdFor(ip);
    this.active.add({ server: host.server ?? 'hotspot1', user: user.name, domain: '', address: ip, 'mac-address': mac, 'login-by': req.loginBy ?? 'http-chap', radius: 'false' }, id);
    this.sessions.set(id, { uptimeMs: 0, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, rateIn: req.rateIn ?? 0, rateOut: req.rateOut ?? 0 });
    this.hosts.update(host['.id'], { authorized: 'true' });
    if (profile?.['add-mac-cookie'] !== 'false') {
      this.cookies.add({ user: user.name, 'mac-address': mac, domain: '', 'expires-in': profile?.['mac-cookie-timeout'] ?? '3d' });
    }
    this.log.add('hotspot,account,info,debug', `${user.name} (${ip}): logged in`);
    return { ok: true, sessionId: id };
  }

  /** Ends a session (by active `.id`, or every session of a user name). Returns how many ended. */
  logout(idOrUser: string, cause = 'user request'): number {
    const targets = this.active.get(idOrUser) ? [idOrUser] : this.active.filter((a) => a.user === idOrUser).map((a) => a['.id']);
    for (const id of targets) this.endSession(id, cause);
    return targets.length;
  }

  /** Adds traffic to a session right now (no clock advance needed). */
  addTraffic(sessionId: string, bytesIn: number, bytesOut: number): void {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no active session ${sessionId}`);
    s.bytesIn += bytesIn;
    s.bytesOut += bytesOut;
    s.packetsIn += Math.ceil(bytesIn / AVG_PACKET);
    s.packetsOut += Math.ceil(bytesOut / AVG_PACKET);
    this.onTraffic?.(bytesIn, bytesOut);
    this.enforceLimits(sessionId);
  }

  setRates(sessionId: string, rateIn: number, rateOut: number): void {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no active session ${sessionId}`);
    s.rateIn = rateIn;
    s.rateOut = rateOut;
  }

  /** `/ip/hotspot/active` row with live counters (user counters lag until logout, docs/routeros.md §3.1). */
  activeView(row: Row): Row {
    const s = this.sessions.get(row['.id']);
    if (!s) return row;
    const user = this.users.find('name', row.user);
    const view: Row = {
      ...row,
      uptime: formatDuration(s.uptimeMs / 1000),
      'idle-time': '0s',
      'bytes-in': String(s.bytesIn),
      'bytes-out': String(s.bytesOut),
      'packets-in': String(s.packetsIn),
      'packets-out': String(s.packetsOut),
    };
    const left = user ? this.secondsLeft(user, s) : Infinity;
    if (Number.isFinite(left)) view['session-time-left'] = formatDuration(left);
    if (user) {
      // the session's byte limits are "total limit - already used" (docs/routeros.md §3.1)
      const usedBefore: Record<string, number> = {
        'limit-bytes-in': num(user['bytes-in']),
        'limit-bytes-out': num(user['bytes-out']),
        'limit-bytes-total': num(user['bytes-in']) + num(user['bytes-out']),
      };
      for (const field of Object.keys(usedBefore)) {
        const limit = parseBytes(user[field] ?? '0') ?? 0;
        if (limit > 0) view[field] = String(Math.max(0, limit - usedBefore[field]));
      }
      const profile = this.userProfiles.find('name', user.profile ?? 'default');
      if (profile?.['idle-timeout']) view['idle-timeout'] = profile['idle-timeout'];
      if (profile?.['keepalive-timeout']) view['keepalive-timeout'] = profile['keepalive-timeout'];
    }
    return view;
  }

  resetCounters(userId: string): void {
    this.users.update(userId, { uptime: '0s', 'bytes-in': '0', 'bytes-out': '0', 'packets-in': '0', 'packets-out': '0' });
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  // ---- internals ----

  private accrue(elapsedMs: number): void {
    for (const [id, s] of [...this.sessions]) {
      s.uptimeMs += elapsedMs;
      const inc = elapsedMs / 1000;
      const bi = Math.round(s.rateIn * inc);
      const bo = Math.round(s.rateOut * inc);
      s.bytesIn += bi;
      s.bytesOut += bo;
      s.packetsIn += Math.ceil(bi / AVG_PACKET);
      s.packetsOut += Math.ceil(bo / AVG_PACKET);
      if (bi || bo) this.onTraffic?.(bi, bo);
      this.enforceLimits(id);
    }
  }

  private enforceLimits(id: string): void {
    const s = this.sessions.get(id);
    const row = this.active.get(id);
    if (!s || !row) return;
    const user = this.users.find('name', row.user);
    if (!user) return;
    if (this.secondsLeft(user, s) <= 0) {
      const profile = this.userProfiles.find('name', user.profile ?? 'default');
      const st = secs(profile?.['session-timeout']);
      const cause = st > 0 && s.uptimeMs / 1000 >= st ? 'session timeout' : 'uptime limit reached';
      this.endSession(id, cause);
      return;
    }
    if (this.remainingBytes(user, s).some((r) => r <= 0)) this.endSession(id, 'traffic limit reached');
  }

  private secondsLeft(user: Row, s: SessionCounters): number {
    let left = Infinity;
    const limit = secs(user['limit-uptime']);
    if (limit > 0) left = limit - secs(user.uptime) - s.uptimeMs / 1000;
    const profile = this.userProfiles.find('name', user.profile ?? 'default');
    const st = secs(profile?.['session-timeout']);
    if (st > 0) left = Math.min(left, st - s.uptimeMs / 1000);
    return left;
  }

  /** remaining bytes for each configured byte limit (empty when none is set) */
  private remainingBytes(user: Row, s: { bytesIn: number; bytesOut: number }): number[] {
    const out: number[] = [];
    const usedIn = num(user['bytes-in']) + s.bytesIn;
    const usedOut = num(user['bytes-out']) + s.bytesOut;
    const li = parseBytes(user['limit-bytes-in'] ?? '0') ?? 0;
    const lo = parseBytes(user['limit-bytes-out'] ?? '0') ?? 0;
    const lt = parseBytes(user['limit-bytes-total'] ?? '0') ?? 0;
    if (li > 0) out.push(li - usedIn);
    if (lo > 0) out.push(lo - usedOut);
    if (lt > 0) out.push(lt - usedIn - usedOut);
    return out;
  }

  private endSession(id: string, cause: string): void {
    const row = this.active.get(id);
    const s = this.sessions.get(id);
    if (!row || !s) return;
    const user = this.users.find('name', row.user);
    if (user) {
      this.users.update(user['.id'], {
        uptime: formatDuration(secs(user.uptime) + Math.floor(s.uptimeMs / 1000)),
        'bytes-in': String(num(user['bytes-in']) + s.bytesIn),
        'bytes-out': String(num(user['bytes-out']) + s.bytesOut),
        'packets-in': String(num(user['packets-in']) + s.packetsIn),
        'packets-out': String(num(user['packets-out']) + s.packetsOut),
      });
    }
    this.active.remove(id);
    this.sessions.delete(id);
    const host = this.hosts.find('address', row.address);
    if (host) this.hosts.update(host['.id'], { authorized: 'false' });
    if (cause === 'admin reset') {
      for (const c of this.cookies.filter((c) => c['mac-address'] === row['mac-address'])) this.cookies.remove(c['.id']);
    }
    this.log.add('hotspot,account,info,debug', `${row.user} (${row.address}): logged out: ${cause}`);
  }

  private refuse(user: string, ip: string, error: string): LoginResult {
    this.log.add('hotspot,info,debug', `${user} (${ip}): login failed: ${error}`);
    return { ok: false, error };
  }

  /** Active ids are the client IP in hex, as seen on real routers (docs/routeros.md §3.3). */
  private sessionIdFor(ip: string): string {
    const parts = ip.split('.').map(Number);
    if (parts.length === 4 && parts.every((p) => p >= 0 && p <= 255)) {
      return `*${parts
        .map((p) => p.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase()}`;
    }
    return `*${Buffer.from(ip).toString('hex').toUpperCase()}`;
  }

  private freeAddress(): string {
    for (let i = 10; i < 65000; i++) {
      const ip = `10.5.${50 + Math.floor(i / 254)}.${(i % 254) + 1}`;
      if (!this.hosts.find('address', ip)) return ip;
    }
    throw new Error('address pool exhausted');
  }

  private macFor(ip: string): string {
    const hex = ip.split('.').map((p) => Number(p).toString(16).padStart(2, '0').toUpperCase());
    return ['02', '00', ...hex].join(':');
  }
}
