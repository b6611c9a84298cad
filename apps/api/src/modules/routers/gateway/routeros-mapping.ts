import type { HotspotActiveSession, HotspotProfileInput, HotspotUser, HotspotUserInput, InterfaceInfo, LogEntry, RawRow } from '@wavu/routeros';
import type { HotspotProfileSpec, HotspotUserSpec } from '../provisioning.types';
import type { RouterHotspotAccount, RouterHotspotUser, RouterInterface, RouterIpAddress, RouterLogLine, RouterSession } from './router-gateway';

// What RouterOsGateway sends to the RouterOS client and how it maps the client's replies to the
// RouterGateway's shapes.

const USER_PROFILE_DEFAULTS = { idleTimeout: 'none' as const };

export function userInput(u: HotspotUserSpec): HotspotUserInput {
  return {
    name: u.name,
    password: u.password,
    profile: u.profile,
    limitUptime: u.limitUptimeSeconds ?? 0,
    limitBytesTotal: u.limitBytesTotal ?? 0,
    comment: u.comment,
    disabled: u.disabled ?? false,
  };
}

export function profileInput(p: HotspotProfileSpec): HotspotProfileInput {
  return {
    name: p.name,
    rateLimit: p.rateLimit ?? '',
    sharedUsers: p.sharedUsers ?? 1,
    sessionTimeout: p.sessionTimeoutSeconds ?? 0,
    idleTimeout: p.idleTimeoutSeconds ? p.idleTimeoutSeconds : USER_PROFILE_DEFAULTS.idleTimeout,
  };
}

export function toRouterUser(u: HotspotUser): RouterHotspotUser {
  return {
    name: u.name,
    profile: u.profile,
    comment: u.comment ?? null,
    disabled: u.disabled,
    limitUptimeSeconds: u.limitUptimeSeconds || null,
    limitBytesTotal: u.limitBytesTotal || null,
    uptimeSeconds: u.uptimeSeconds,
    bytesIn: u.bytesIn,
    bytesOut: u.bytesOut,
  };
}

export function toRouterSession(s: HotspotActiveSession): RouterSession {
  return {
    id: s.id,
    user: s.user,
    address: s.address,
    macAddress: s.macAddress ?? null,
    loginBy: s.loginBy ?? null,
    uptimeSeconds: s.uptimeSeconds,
    sessionTimeLeftSeconds: s.sessionTimeLeftSeconds ?? null,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
  };
}

export function toRouterInterface(i: InterfaceInfo): RouterInterface {
  return {
    name: i.name,
    type: i.type,
    running: i.running,
    disabled: i.disabled,
    rxBytes: i.rxBytes,
    txBytes: i.txBytes,
    rxPackets: i.rxPackets,
    txPackets: i.txPackets,
  };
}

export function toRouterLogLine(l: LogEntry): RouterLogLine {
  return { time: l.time, topics: l.topics, message: l.message };
}

/** Longest text kept from a router's hotspot user fields (names and passwords are far shorter in practice). */
const ACCOUNT_TEXT_MAX = 128;

const text = (v: string | undefined | null, max = ACCOUNT_TEXT_MAX): string => (v ?? '').slice(0, max);
/** a counter a hostile router sent as garbage or out of range reads as 0 */
const count = (n: number | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.floor(n) : 0);

export function toRouterAccount(u: HotspotUser, active: boolean): RouterHotspotAccount {
  return {
    name: text(u.name),
    profile: text(u.profile),
    comment: u.comment ? text(u.comment, 255) : null,
    password: u.password === undefined ? null : text(u.password),
    disabled: u.disabled === true,
    limitUptimeSeconds: count(u.limitUptimeSeconds) || null,
    limitBytesTotal: count(u.limitBytesTotal) || null,
    uptimeSeconds: count(u.uptimeSeconds),
    bytesIn: count(u.bytesIn),
    bytesOut: count(u.bytesOut),
    active,
  };
}

export function toRouterIpAddress(r: RawRow): RouterIpAddress {
  return { address: text(r.address, 64), interface: text(r.interface, 64), disabled: r.disabled === 'true' };
}
