import type { HotspotProfileSpec, HotspotUserSpec } from '../provisioning.types';

/** How to reach one router (password already opened from the SecretBox). */
export interface RouterTarget {
  /** pool key: the router's id (or a throw-away key for tests before save) */
  key: string;
  /** what the owner typed (shown, TLS server name) */
  host: string;
  /** an address already checked by the address guard for this call (test connection): used as is, no second lookup */
  address?: string;
  /** the saved router this target is (login trust); absent for a test before saving */
  routerId?: string;
  port: number;
  tls: boolean;
  /**
   * api-ssl: the SHA-256 fingerprint the router's certificate must have (checked before the
   * password is sent); null or absent = none recorded yet, any certificate is accepted
   */
  tlsFingerprint?: string | null;
  /** api-ssl: told the certificate's fingerprint after each successful login (pin on first use). Must not throw. */
  onCertificate?: (fingerprint: string) => void;
  username: string;
  password: string;
}

export type GatewayErrorCode =
  'DUPLICATE' | 'NOT_FOUND' | 'PERMISSION' | 'AUTH' | 'UNKNOWN_COMMAND' | 'TIMEOUT' | 'CONNECTION' | 'PROTOCOL_ERROR' | 'ADDRESS_NOT_ALLOWED' | 'LOGIN_LOCKED' | 'CERTIFICATE_CHANGED' | 'TRAP';

/** What the API and the router page show for a router that broke the wire protocol. */
export const PROTOCOL_ERROR_CODE = 'ROUTER_PROTOCOL_ERROR';

/** … and for a router whose api-ssl certificate is not the one recorded for it (docs/router-addresses.md, "Encrypted connections"). */
export const CERTIFICATE_CHANGED_CODE = 'ROUTER_CERTIFICATE_CHANGED';

/** What the API and the router page show for a router whose address or port is not allowed (docs/router-addresses.md). */
export const ADDRESS_NOT_ALLOWED_CODE = 'ROUTER_ADDRESS_NOT_ALLOWED';
/** … and for a router address locked after repeated failed logins (docs/router-addresses.md). */
export const LOGIN_LOCKED_CODE = 'ROUTER_LOGIN_LOCKED';

/** Every gateway method rejects with this (never anything else). */
export class RouterGatewayError extends Error {
  override readonly name = 'RouterGatewayError';
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    /** CERTIFICATE_CHANGED: the SHA-256 fingerprint of the certificate the router presented */
    readonly fingerprint: string | null = null,
  ) {
    super(message);
  }

  /** the router was not reached or did not answer */
  get unreachable(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'CONNECTION';
  }

  /**
   * the router answered with something that is not the RouterOS API (a hostile or broken peer):
   * like an unreachable one it is the router's fault, not the operation's, and its connection is gone
   */
  get misbehaving(): boolean {
    return this.code === 'PROTOCOL_ERROR' || this.code === 'CERTIFICATE_CHANGED';
  }

  /** the platform refused to connect to the router's address (not allowed, or locked after failed logins): no socket was opened */
  get refused(): boolean {
    return this.code === 'ADDRESS_NOT_ALLOWED' || this.code === 'LOGIN_LOCKED';
  }

  /** the router, not the command, failed: retry later with backoff, skip it for now */
  get routerFault(): boolean {
    return this.unreachable || this.misbehaving || this.refused;
  }
}

export const CONNECTION_STEPS = ['tcp', 'handshake', 'login', 'permission', 'identity'] as const;
export type ConnectionStepName = (typeof CONNECTION_STEPS)[number];

export interface ConnectionStep {
  step: ConnectionStepName;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  detail: string | null;
  hint: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionStep[];
  identity: string | null;
  version: string | null;
  boardName: string | null;
  /** api-ssl: the SHA-256 fingerprint of the certificate the router presented (null without TLS or before a handshake) */
  tlsFingerprint: string | null;
}

export interface RouterHealth {
  identity: string;
  version: string;
  boardName: string | null;
  uptimeSeconds: number;
  cpuLoad: number;
  freeMemory: number;
  totalMemory: number;
  activeSessions: number;
}

export interface RouterHotspotUser {
  name: string;
  profile: string;
  comment: string | null;
  disabled: boolean;
  limitUptimeSeconds: number | null;
  limitBytesTotal: number | null;
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * A hotspot user as read for the router page's "Hotspot users on the router": like
 * RouterHotspotUser plus its password (absent without the `sensitive` policy) and whether it has a
 * session now. Text fields are cut to bounded lengths: a hostile router cannot make them huge.
 */
export interface RouterHotspotAccount extends RouterHotspotUser {
  password: string | null;
  active: boolean;
}

/** At most `max` of a router's hotspot users (in the router's order), and how many it holds in all. */
export interface RouterHotspotAccounts {
  users: RouterHotspotAccount[];
  total: number;
}

/** One `/ip/address` row: the address (with its prefix, e.g. `192.0.2.7/24`) and the interface holding it. */
export interface RouterIpAddress {
  address: string;
  interface: string;
  disabled: boolean;
}

export interface RouterSession {
  id: string;
  user: string;
  address: string;
  macAddress: string | null;
  loginBy: string | null;
  uptimeSeconds: number;
  sessionTimeLeftSeconds: number | null;
  bytesIn: number;
  bytesOut: number;
}

export interface RouterInterface {
  name: string;
  type: string;
  running: boolean;
  disabled: boolean;
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

export interface RouterLogLine {
  time: string;
  topics: string[];
  message: string;
}

export type BackupFileRequest = { kind: 'export'; fileName: string } | { kind: 'binary'; fileName: string; password: string | null };

export interface BackupImportOutcome {
  ok: boolean;
  error?: string;
  line?: number;
}

export interface BulkUpsertOutcome {
  name: string;
  ok: boolean;
  error?: string;
}

/**
 * The port every router call goes through (docs/architecture.md rule 4). Each call has its own timeout:
 * a hung, `!fatal` or refusing router rejects with RouterGatewayError and never hangs the API.
 */
/**
 * Checks a router target and answers the one address to connect to (resolved once, never looked
 * up again for that connect). Rejects with RouterGatewayError: ADDRESS_NOT_ALLOWED, LOGIN_LOCKED,
 * or CONNECTION when the name does not resolve.
 */
export type RouterAddressResolver = (target: RouterTarget) => Promise<string>;

/** Told whether a login that reached the router at `address` was accepted (false = AUTH refused). */
export type RouterLoginObserver = (target: RouterTarget, address: string, ok: boolean) => void;

export interface RouterGateway {
  testConnection(target: RouterTarget): Promise<ConnectionTestResult>;
  health(target: RouterTarget): Promise<RouterHealth>;
  upsertProfile(target: RouterTarget, profile: HotspotProfileSpec): Promise<void>;
  removeProfile(target: RouterTarget, name: string): Promise<void>;
  /** add; a DUPLICATE converges (find by name → set by .id) */
  upsertUser(target: RouterTarget, user: HotspotUserSpec): Promise<void>;
  /** ends the user's sessions and cookies, then removes it (absent = done) */
  removeUser(target: RouterTarget, name: string): Promise<void>;
  /** disabling also ends the user's sessions and cookies; NOT_FOUND when the user is absent */
  setUserDisabled(target: RouterTarget, name: string, disabled: boolean): Promise<void>;
  /** pipelined adds on one connection; duplicates converge; `onProgress` after each item */
  upsertUsersBulk(target: RouterTarget, users: HotspotUserSpec[], onProgress?: (done: number, failed: number) => void): Promise<BulkUpsertOutcome[]>;
  listUsers(target: RouterTarget): Promise<RouterHotspotUser[]>;
  /** one user by name (null = not on the router) */
  findUser(target: RouterTarget, name: string): Promise<RouterHotspotUser | null>;
  listProfiles(target: RouterTarget): Promise<string[]>;
  listSessions(target: RouterTarget): Promise<RouterSession[]>;
  /** NOT_FOUND when the session is gone */
  kickSession(target: RouterTarget, sessionId: string): Promise<void>;
  interfaces(target: RouterTarget): Promise<RouterInterface[]>;
  /** NOT_FOUND when the router has no interface of that name */
  setInterfaceDisabled(target: RouterTarget, name: string, disabled: boolean): Promise<void>;
  ipAddresses(target: RouterTarget): Promise<RouterIpAddress[]>;
  /** the address the platform connects to for this router (checked by the address guard, as on every connect) */
  connectAddress(target: RouterTarget): Promise<string>;
  /** at most `max` hotspot users with passwords and whether each is online now; fields bounded */
  hotspotAccounts(target: RouterTarget, max: number): Promise<RouterHotspotAccounts>;
  /** one hotspot user as hotspotAccounts reads it (null = not on the router) */
  findAccount(target: RouterTarget, name: string): Promise<RouterHotspotAccount | null>;
  log(target: RouterTarget, limit: number): Promise<RouterLogLine[]>;
  /**
   * Backups (RouterOS 7.13+, docs/backups.md): writes a text export (with show-sensitive) or a
   * binary backup as `fileName` on the router, waits until its size is stable, reads it in
   * base64 chunks, and removes it from the router afterwards, also when reading failed.
   */
  takeBackupFile(target: RouterTarget, request: BackupFileRequest): Promise<Buffer>;
  /** the router downloads `url` (a single-use platform link) as `fileName` with /tool/fetch */
  pullFile(target: RouterTarget, url: string, fileName: string): Promise<void>;
  /** /import of a file on the router; stops at the first error (outcome says which line); removes the file afterwards */
  importFile(target: RouterTarget, fileName: string): Promise<BackupImportOutcome>;
  /** /system/backup/load: the router reboots (the dropped connection is expected); the file stays for the router to read */
  loadBinaryBackup(target: RouterTarget, fileName: string, password: string | null): Promise<void>;
  /** removes a file from the router (absent = done) */
  removeFile(target: RouterTarget, fileName: string): Promise<void>;
  /** drop the pooled connection (credentials changed, router deleted) */
  forget(key: string): Promise<void>;
  close(): Promise<void>;
}

export const ROUTER_GATEWAY = Symbol('ROUTER_GATEWAY');
