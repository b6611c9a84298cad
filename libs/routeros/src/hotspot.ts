import type { CommandOptions, RawRow, RouterConnection } from './connection';
import type { AttrValue, PrintOptions } from './commands';
import { assertAscii, attrWords, MenuCommands } from './commands';
import { RouterOsError } from './errors';
import { formatByteCount, formatDuration, tryParseDuration } from './formats';

const USER = '/ip/hotspot/user';
const PROFILE = '/ip/hotspot/user/profile';
const ACTIVE = '/ip/hotspot/active';
const COOKIE = '/ip/hotspot/cookie';

const int = (v: string | undefined): number => (v && /^\d+$/.test(v) ? Number(v) : 0);
const seconds = (v: string | undefined): number => (v ? (tryParseDuration(v) ?? 0) : 0);
const opt = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

export interface HotspotUser {
  id: string;
  /** verbatim: a voucher `0712345678` stays a string */
  name: string;
  /** absent when the API user lacks the `sensitive` policy */
  password?: string;
  profile: string;
  server?: string;
  limitUptime?: string;
  limitUptimeSeconds?: number;
  limitBytesIn?: number;
  limitBytesOut?: number;
  limitBytesTotal?: number;
  macAddress?: string;
  comment?: string;
  disabled: boolean;
  /** dynamic rows (e.g. `default-trial`) are the router's own; sync code must ignore them */
  dynamic: boolean;
  /** counters: updated by the router only when a session ends (docs/routeros.md §3.1) */
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
  raw: RawRow;
}

export interface HotspotUserInput {
  name: string;
  password?: string;
  profile?: string;
  server?: string;
  /** seconds, or a RouterOS time string (`1h30m`) */
  limitUptime?: number | string;
  limitBytesIn?: number;
  limitBytesOut?: number;
  limitBytesTotal?: number;
  macAddress?: string;
  comment?: string;
  email?: string;
  disabled?: boolean;
}

export interface HotspotProfileInput {
  name: string;
  rateLimit?: string;
  sharedUsers?: number;
  /** seconds or RouterOS time */
  sessionTimeout?: number | string;
  idleTimeout?: number | string | 'none';
  keepaliveTimeout?: number | string | 'none';
  addMacCookie?: boolean;
  macCookieTimeout?: number | string;
  onLogin?: string;
  onLogout?: string;
  comment?: string;
}

export interface HotspotProfile {
  id: string;
  name: string;
  rateLimit?: string;
  sharedUsers?: number;
  sessionTimeout?: string;
  raw: RawRow;
}

export interface HotspotActiveSession {
  id: string;
  user: string;
  address: string;
  macAddress?: string;
  server?: string;
  loginBy?: string;
  uptimeSeconds: number;
  sessionTimeLeftSeconds?: number;
  bytesIn: number;
  bytesOut: number;
  raw: RawRow;
}

const time = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : typeof v === 'number' ? formatDuration(v) : v);

export function toHotspotUser(r: RawRow): HotspotUser {
  return {
    id: r['.id'],
    name: r.name,
    password: r.password,
    profile: r.profile ?? 'default',
    server: opt(r.server),
    limitUptime: opt(r['limit-uptime']),
    limitUptimeSeconds: r['limit-uptime'] ? seconds(r['limit-uptime']) : undefined,
    limitBytesIn: r['limit-bytes-in'] ? int(r['limit-bytes-in']) : undefined,
    limitBytesOut: r['limit-bytes-out'] ? int(r['limit-bytes-out']) : undefined,
    limitBytesTotal: r['limit-bytes-total'] ? int(r['limit-bytes-total']) : undefined,
    macAddress: opt(r['mac-address']),
    comment: opt(r.comment),
    disabled: r.disabled === 'true' || r.disabled === 'yes',
    dynamic: r.dynamic === 'true' || r.dynamic === 'yes',
    uptimeSeconds: seconds(r.uptime),
    bytesIn: int(r['bytes-in']),
    bytesOut: int(r['bytes-out']),
    raw: r,
  };
}

export function toActiveSession(r: RawRow): HotspotActiveSession {
  return {
    id: r['.id'],
    user: r.user,
    address: r.address,
    macAddress: opt(r['mac-address']),
    server: opt(r.server),
    loginBy: opt(r['login-by']),
    uptimeSeconds: seconds(r.uptime),
    sessionTimeLeftSeconds: r['session-time-left'] ? seconds(r['session-time-left']) : undefined,
    bytesIn: int(r['bytes-in']),
    bytesOut: int(r['bytes-out']),
    raw: r,
  };
}

export function userAttrs(u: Partial<HotspotUserInput>): Record<string, AttrValue> {
  assertAscii('name', u.name);
  assertAscii('password', u.password);
  assertAscii('profile', u.profile);
  return {
    name: u.name,
    password: u.password,
    profile: u.profile,
    server: u.server,
    'limit-uptime': time(u.limitUptime),
    'limit-bytes-in': u.limitBytesIn === undefined ? undefined : formatByteCount(u.limitBytesIn),
    'limit-bytes-out': u.limitBytesOut === undefined ? undefined : formatByteCount(u.limitBytesOut),
    'limit-bytes-total': u.limitBytesTotal === undefined ? undefined : formatByteCount(u.limitBytesTotal),
    'mac-address': u.macAddress,
    email: u.email,
    comment: u.comment,
    disabled: u.disabled,
  };
}

function profileAttrs(p: Partial<HotspotProfileInput>): Record<string, AttrValue> {
  assertAscii('name', p.name);
  return {
    name: p.name,
    'rate-limit': p.rateLimit,
    'shared-users': p.sharedUsers,
    'session-timeout': time(p.sessionTimeout),
    'idle-timeout': time(p.idleTimeout),
    'keepalive-timeout': time(p.keepaliveTimeout),
    'add-mac-cookie': p.addMacCookie,
    'mac-cookie-timeout': time(p.macCookieTimeout),
    'on-login': p.onLogin,
    'on-logout': p.onLogout,
    comment: p.comment,
  };
}

export type BulkAddResult = { name: string; ok: true; id: string } | { name: string; ok: false; error: RouterOsError };

/**
 * The hotspot operations the platform needs (issue 4 wraps this behind RouterGateway).
 * Every mutation acts on resolved `.id`s.
 */
export class HotspotApi {
  private readonly menu: MenuCommands;

  constructor(private readonly conn: RouterConnection) {
    this.menu = new MenuCommands(conn);
  }

  // ---- users ----

  async listUsers(options: PrintOptions & { includeDynamic?: boolean } = {}): Promise<HotspotUser[]> {
    const rows = await this.menu.print(USER, options);
    return rows.map(toHotspotUser).filter((u) => options.includeDynamic || !u.dynamic);
  }

  async findUserByName(name: string, options: CommandOptions = {}): Promise<HotspotUser | null> {
    const rows = await this.menu.print(USER, { ...options, where: { name } });
    return rows.length ? toHotspotUser(rows[0]) : null;
  }

  /** Adds a user; resolves its `.id`. Duplicate names reject with code DUPLICATE. */
  addUser(input: HotspotUserInput, options: CommandOptions = {}): Promise<string> {
    return this.menu.add(USER, userAttrs(input), options);
  }

  updateUserById(id: string, patch: Partial<HotspotUserInput>, options: CommandOptions = {}): Promise<void> {
    return this.menu.setById(USER, id, userAttrs(patch), options);
  }

  enableUserById(id: string, options: CommandOptions = {}): Promise<void> {
    return this.menu.setById(USER, id, { disabled: false }, options);
  }

  disableUserById(id: string, options: CommandOptions = {}): Promise<void> {
    return this.menu.setById(USER, id, { disabled: true }, options);
  }

  removeUserById(id: string, options: CommandOptions = {}): Promise<number> {
    return this.menu.removeByIds(USER, [id], options);
  }

  /** Resolves the user's `.id` first; no match → nothing is removed, resolves 0. */
  async removeUserByName(name: string, options: CommandOptions = {}): Promise<number> {
    const ids = await this.menu.findIds(USER, { name }, options);
    return this.menu.removeByIds(USER, ids, options);
  }

  async resetUserCountersById(id: string, options: CommandOptions = {}): Promise<void> {
    await this.menu.command(USER, 'reset-counters', { '.id': id }, options);
  }

  /** Pipelined adds on one connection: `window` tagged commands in flight. */
  async addUsersBulk(inputs: readonly HotspotUserInput[], options: CommandOptions & { window?: number } = {}): Promise<BulkAddResult[]> {
    const words = inputs.map((u) => [`${USER}/add`, ...attrWords(userAttrs(u))]);
    const results = await this.conn.bulk(words, (w) => w, options);
    return results.map((r, i): BulkAddResult => {
      const id = r.value?.[r.value.length - 1]?.ret;
      if (r.ok && id) return { name: inputs[i].name, ok: true, id };
      return { name: inputs[i].name, ok: false, error: r.error ?? new RouterOsError('TRAP', `${USER}/add returned no id`, { router: this.conn.name }) };
    });
  }

  // ---- profiles ----

  async listProfiles(options: PrintOptions = {}): Promise<HotspotProfile[]> {
    const rows = await this.menu.print(PROFILE, options);
    return rows.map((r) => ({
      id: r['.id'],
      name: r.name,
      rateLimit: opt(r['rate-limit']),
      sharedUsers: r['shared-users'] ? int(r['shared-users']) : undefined,
      sessionTimeout: opt(r['session-timeout']),
      raw: r,
    }));
  }

  /** Creates the profile, or updates the existing one with that name (by `.id`). */
  async upsertProfile(input: HotspotProfileInput, options: CommandOptions = {}): Promise<{ id: string; created: boolean }> {
    const [id] = await this.menu.findIds(PROFILE, { name: input.name }, options);
    if (id) {
      await this.menu.setById(PROFILE, id, profileAttrs({ ...input, name: undefined }), options);
      return { id, created: false };
    }
    return { id: await this.menu.add(PROFILE, profileAttrs(input), options), created: true };
  }

  async removeProfileByName(name: string, options: CommandOptions = {}): Promise<number> {
    return this.menu.removeByIds(PROFILE, await this.menu.findIds(PROFILE, { name }, options), options);
  }

  // ---- sessions ----

  async listActive(options: PrintOptions & { user?: string } = {}): Promise<HotspotActiveSession[]> {
    const where = { ...options.where, ...(options.user !== undefined ? { user: options.user } : {}) };
    return (await this.menu.print(ACTIVE, { ...options, where })).map(toActiveSession);
  }

  removeActiveById(id: string, options: CommandOptions = {}): Promise<number> {
    return this.menu.removeByIds(ACTIVE, [id], options);
  }

  /** Logs every session of the user out and drops its cookies (so it cannot re-login by cookie, docs/routeros.md §3.3). */
  async kickUser(name: string, options: CommandOptions = {}): Promise<{ sessions: number; cookies: number }> {
    // cookies first, so the device cannot log straight back in between the two steps
    const cookies = await this.menu.removeByIds(COOKIE, await this.menu.findIds(COOKIE, { user: name }, options), options);
    const sessions = await this.menu.removeByIds(ACTIVE, await this.menu.findIds(ACTIVE, { user: name }, options), options);
    return { sessions, cookies };
  }

  /** `/ip/hotspot/active/login`: logs a known host in from the platform (docs/routeros.md §3.4). */
  async loginDevice(input: { user: string; password: string; ip: string; macAddress?: string }, options: CommandOptions = {}): Promise<void> {
    await this.menu.command(ACTIVE, 'login', { user: input.user, password: input.password, ip: input.ip, 'mac-address': input.macAddress }, options);
  }
}
