import { Logger } from '@nestjs/common';
import type { RouterConnectionOptions, RouterOsLogger } from '@wavu/routeros';
import { BackupApi, RouterConnection, RouterOsClient, RouterOsClientPool, RouterOsError } from '@wavu/routeros';
import { isIP } from 'node:net';
import type { HotspotProfileSpec, HotspotUserSpec } from '../provisioning.types';
import type {
  BackupFileRequest,
  BackupImportOutcome,
  BulkUpsertOutcome,
  ConnectionStep,
  ConnectionStepName,
  ConnectionTestResult,
  RouterGateway,
  RouterHealth,
  RouterHotspotAccount,
  RouterHotspotAccounts,
  RouterHotspotUser,
  RouterInterface,
  RouterIpAddress,
  RouterLogLine,
  RouterSession,
  RouterTarget,
  RouterAddressResolver,
  RouterLoginObserver,
} from './router-gateway';
import { CONNECTION_STEPS } from './router-gateway';
import { groupCanWrite, HINTS, probeTcp } from './connection-test';
import { gatewayError } from './gateway-errors';
import { profileInput, toRouterAccount, toRouterInterface, toRouterIpAddress, toRouterLogLine, toRouterSession, toRouterUser, userInput } from './routeros-mapping';

/**
 * The TLS part of a router connection's options. Routers carry self-signed certificates, so no
 * authority vouches for them: any chain is accepted and the pinned fingerprint does the checking
 * (docs/routeros.md §1.1). `servername`: the name the owner typed when the socket goes to its address.
 */
function tlsOptions(t: RouterTarget, servername?: string): Pick<RouterConnectionOptions, 'tls' | 'tlsFingerprint' | 'onCertificate'> {
  if (!t.tls) return {};
  return { tls: { rejectUnauthorized: false, ...(servername ? { servername } : {}) }, tlsFingerprint: t.tlsFingerprint ?? undefined, onCertificate: t.onCertificate };
}

export interface RouterOsGatewayOptions {
  /** per command and per connect + login */
  callTimeoutMs: number;
  /** tagged commands in flight during bulk pushes */
  bulkWindow?: number;
  /** every connect (pooled, test) goes to the address this answers; default: the host as typed */
  resolveAddress?: RouterAddressResolver;
  /** told each login's outcome (failed-login backoff, trust) */
  onLogin?: RouterLoginObserver;
}

/** What the router page's hotspot user list reads of each user (nothing else crosses the wire). */
const ACCOUNT_FIELDS = ['.id', 'name', 'password', 'profile', 'comment', 'disabled', 'dynamic', 'limit-uptime', 'limit-bytes-total', 'uptime', 'bytes-in', 'bytes-out'];

/** The largest backup file read off a router (a hotspot router's export is a few KiB, a binary backup well under 1 MiB). */
const BACKUP_MAX_BYTES = 16 * 1024 * 1024;

/** RouterGateway over our RouterOS API client (libs/routeros), one pooled connection per router. */
export class RouterOsGateway implements RouterGateway {
  private readonly pool = new RouterOsClientPool();
  /** target key (router id) → the pool key of its connection, which carries the api-ssl pin */
  private readonly poolKeys = new Map<string, string>();
  private readonly logger = new Logger(RouterOsGateway.name);
  private readonly rosLogger: RouterOsLogger = {
    debug: (message, meta) => this.logger.debug({ ...meta }, message),
    warn: (message, meta) => this.logger.warn({ ...meta }, message),
    error: (message, meta) => this.logger.error({ ...meta }, message),
  };

  constructor(private readonly options: RouterOsGatewayOptions) {}

  private client(t: RouterTarget): RouterOsClient {
    // with api-ssl the pin is part of the pool key: a connection made before the pin was recorded
    // (or under an older pin) is never reused once it changed, so every reconnect checks the pin
    const poolKey = t.tls ? `${t.key}#${t.tlsFingerprint ?? 'unpinned'}` : t.key;
    const previous = this.poolKeys.get(t.key);
    if (previous !== undefined && previous !== poolKey) void this.pool.evict(previous).catch(() => undefined);
    this.poolKeys.set(t.key, poolKey);
    return this.pool.get(poolKey, {
      host: t.host,
      // a fixed address (a tunnel router's own allocation) is used as is; others are checked at every connect
      resolveAddress: t.address ? () => Promise.resolve(t.address!) : this.options.resolveAddress ? () => this.options.resolveAddress!(t) : undefined,
      onLogin: this.loginHook(t),
      port: t.port,
      user: t.username,
      password: t.password,
      ...tlsOptions(t),
      commandTimeoutMs: this.options.callTimeoutMs,
      backoff: { initialMs: 50, maxMs: 1_000, factor: 2 },
      maxInFlight: 16,
      name: t.key,
      logger: this.rosLogger,
    });
  }

  private async call<T>(t: RouterTarget, work: (c: RouterOsClient) => Promise<T>): Promise<T> {
    try {
      return await work(this.client(t));
    } catch (err) {
      throw gatewayError(err, t.key);
    }
  }

  async testConnection(t: RouterTarget): Promise<ConnectionTestResult> {
    const steps: ConnectionStep[] = [];
    const result: ConnectionTestResult = { ok: false, steps, identity: null, version: null, boardName: null, tlsFingerprint: null };
    const push = (step: ConnectionStepName, status: ConnectionStep['status'], started: number, detail: string | null = null, hint: string | null = null) =>
      steps.push({ step, status, durationMs: Date.now() - started, detail, hint });
    const skipRest = (from: number) => {
      for (const step of CONNECTION_STEPS.slice(from)) steps.push({ step, status: 'skipped', durationMs: 0, detail: null, hint: null });
    };

    let started = Date.now();
    // checked before any packet is sent: a refused target answers the same whether its port is
    // open or not (no port-scanner oracle), and the socket goes to the checked address only
    let address = t.address ?? t.host;
    if (!t.address && this.options.resolveAddress) {
      try {
        address = await this.options.resolveAddress(t);
      } catch (err) {
        const e = gatewayError(err, t.key);
        push('tcp', 'failed', started, e.message, e.refused ? HINTS.tcp[e.code] : HINTS.tcp.other);
        skipRest(1);
        return result;
      }
    }
    const tcp = await probeTcp(address, t.host, t.port, this.options.callTimeoutMs);
    if (tcp !== 'ok') {
      push('tcp', 'failed', started, tcp.detail, HINTS.tcp[tcp.kind]);
      skipRest(1);
      return result;
    }
    push('tcp', 'passed', started, `${t.host}:${t.port} accepts connections`);

    // a fresh connection (not the pool's) so a test never disturbs the worker's connection
    const conn = new RouterConnection({
      host: address,
      port: t.port,
      user: t.username,
      password: t.password,
      // a saved router's pin is checked before its password is sent, as on every other connect
      ...tlsOptions(t, address !== t.host && !isIP(t.host) ? t.host : undefined),
      commandTimeoutMs: this.options.callTimeoutMs,
      backoff: { initialMs: 0, maxMs: 0 },
      name: `test:${t.host}:${t.port}`,
      onLogin: this.loginHook(t),
      logger: this.rosLogger,
    });
    const client = new RouterOsClient(conn);
    try {
      started = Date.now();
      try {
        await client.system.identity();
      } catch (err) {
        const e = gatewayError(err, conn.name);
        if (e.code === 'AUTH') {
          push('handshake', 'passed', started, 'RouterOS API answered');
          push('login', 'failed', started, e.message, HINTS.login.AUTH);
          skipRest(3);
        } else if (e.routerFault) {
          push('handshake', 'failed', started, e.message, HINTS.handshake[e.code] ?? HINTS.handshake.any);
          skipRest(2);
        } else {
          push('handshake', 'passed', started, 'RouterOS API answered');
          push('login', 'failed', started, e.message, HINTS.login.any);
          skipRest(3);
        }
        return result;
      }
      push('handshake', 'passed', started, 'RouterOS API answered');
      push('login', 'passed', started, `logged in as ${t.username}`);

      started = Date.now();
      try {
        await client.menu.print('/ip/hotspot/user', { proplist: ['.id'], where: { name: '-wavu-permission-check-' } });
        const canWrite = await groupCanWrite(client, t.username);
        if (canWrite === false) {
          push('permission', 'failed', started, "the API user's group lacks the write policy", HINTS.permission.write);
          skipRest(4);
          return result;
        }
        push('permission', 'passed', started, 'can read and manage /ip/hotspot/user');
      } catch (err) {
        const e = gatewayError(err, conn.name);
        push('permission', 'failed', started, e.message, HINTS.permission[e.code] ?? HINTS.permission.any);
        skipRest(4);
        return result;
      }

      started = Date.now();
      try {
        const [identity, resource] = [await client.system.identity(), await client.system.resource()];
        result.identity = identity;
        result.version = resource.version || null;
        result.boardName = resource.boardName ?? null;
        push('identity', 'passed', started, `${identity}, RouterOS ${resource.version}${resource.boardName ? ` on ${resource.boardName}` : ''}`);
      } catch (err) {
        push('identity', 'failed', started, gatewayError(err, conn.name).message, HINTS.identity.any);
        return result;
      }
      result.ok = true;
      return result;
    } finally {
      // what the owner compares with `/certificate print detail` on the router
      result.tlsFingerprint = conn.tlsFingerprint;
      await conn.close().catch(() => undefined);
    }
  }

  private loginHook(t: RouterTarget): ((address: string, error: RouterOsError | null) => void) | undefined {
    const observe = this.options.onLogin;
    if (!observe) return undefined;
    return (address, error) => {
      if (!error) observe(t, address, true);
      else if (error.code === 'AUTH') observe(t, address, false);
    };
  }

  health(t: RouterTarget): Promise<RouterHealth> {
    return this.call(t, async (c) => {
      const resource = await c.system.resource();
      const identity = await c.system.identity();
      const active = await c.menu.print('/ip/hotspot/active', { proplist: ['.id'] });
      return {
        identity,
        version: resource.version,
        boardName: resource.boardName ?? null,
        uptimeSeconds: resource.uptimeSeconds,
        cpuLoad: resource.cpuLoad,
        freeMemory: resource.freeMemory,
        totalMemory: resource.totalMemory,
        activeSessions: active.length,
      };
    });
  }

  upsertProfile(t: RouterTarget, p: HotspotProfileSpec): Promise<void> {
    return this.call(t, async (c) => {
      await c.hotspot.upsertProfile(profileInput(p));
    });
  }

  removeProfile(t: RouterTarget, name: string): Promise<void> {
    return this.call(t, async (c) => {
      await c.hotspot.removeProfileByName(name);
    });
  }

  upsertUser(t: RouterTarget, u: HotspotUserSpec): Promise<void> {
    return this.call(t, async (c) => {
      try {
        await c.hotspot.addUser(userInput(u));
      } catch (err) {
        if (!(err instanceof RouterOsError) || err.code !== 'DUPLICATE') throw err;
        await this.converge(c, u);
      }
      if (u.disabled) await c.hotspot.kickUser(u.name);
    });
  }

  private async converge(c: RouterOsClient, u: HotspotUserSpec): Promise<void> {
    const existing = await c.hotspot.findUserByName(u.name);
    if (!existing) throw new RouterOsError('NOT_FOUND', `user ${u.name} reported as duplicate but not found`);
    const { name: _name, ...patch } = userInput(u);
    await c.hotspot.updateUserById(existing.id, patch);
  }

  removeUser(t: RouterTarget, name: string): Promise<void> {
    return this.call(t, async (c) => {
      await c.hotspot.kickUser(name);
      await c.hotspot.removeUserByName(name);
    });
  }

  setUserDisabled(t: RouterTarget, name: string, disabled: boolean): Promise<void> {
    return this.call(t, async (c) => {
      const user = await c.hotspot.findUserByName(name);
      if (!user) throw new RouterOsError('NOT_FOUND', `no hotspot user ${name}`);
      if (disabled) {
        await c.hotspot.disableUserById(user.id);
        await c.hotspot.kickUser(name);
      } else {
        await c.hotspot.enableUserById(user.id);
      }
    });
  }

  upsertUsersBulk(t: RouterTarget, users: HotspotUserSpec[], onProgress?: (done: number, failed: number) => void): Promise<BulkUpsertOutcome[]> {
    return this.call(t, async (c) => {
      const outcomes = new Array<BulkUpsertOutcome>(users.length);
      let done = 0;
      let failed = 0;
      const chunk = 200;
      for (let start = 0; start < users.length; start += chunk) {
        const slice = users.slice(start, start + chunk);
        const results = await c.hotspot.addUsersBulk(slice.map(userInput), { window: this.options.bulkWindow ?? 16 });
        for (let i = 0; i < results.length; i++) {
          const r = results[i];
          let outcome: BulkUpsertOutcome = { name: r.name, ok: r.ok };
          if (!r.ok) {
            if (r.error.code === 'DUPLICATE') {
              try {
                await this.converge(c, slice[i]);
                outcome = { name: r.name, ok: true };
              } catch (err) {
                outcome = { name: r.name, ok: false, error: gatewayError(err, t.key).message };
              }
            } else {
              // the connection is gone (timeout, close, protocol error): the rest would fail too
              if (r.error.connectionLost) throw r.error;
              outcome = { name: r.name, ok: false, error: r.error.message };
            }
          }
          outcomes[start + i] = outcome;
          if (outcome.ok) done++;
          else failed++;
        }
        onProgress?.(done, failed);
      }
      return outcomes;
    });
  }

  listUsers(t: RouterTarget): Promise<RouterHotspotUser[]> {
    return this.call(t, async (c) => (await c.hotspot.listUsers()).map(toRouterUser));
  }

  findUser(t: RouterTarget, name: string): Promise<RouterHotspotUser | null> {
    return this.call(t, async (c) => {
      const u = await c.hotspot.findUserByName(name);
      return u ? toRouterUser(u) : null;
    });
  }

  listProfiles(t: RouterTarget): Promise<string[]> {
    return this.call(t, async (c) => (await c.hotspot.listProfiles()).map((p) => p.name));
  }

  listSessions(t: RouterTarget): Promise<RouterSession[]> {
    return this.call(t, async (c) => (await c.hotspot.listActive()).map(toRouterSession));
  }

  kickSession(t: RouterTarget, sessionId: string): Promise<void> {
    return this.call(t, async (c) => {
      const [session] = await c.menu.print('/ip/hotspot/active', { where: { '.id': sessionId }, proplist: ['.id', 'user'] });
      if (!session) throw new RouterOsError('NOT_FOUND', `no active session ${sessionId}`);
      await c.hotspot.removeActiveById(sessionId);
    });
  }

  interfaces(t: RouterTarget): Promise<RouterInterface[]> {
    return this.call(t, async (c) => (await c.system.interfaces()).map(toRouterInterface));
  }

  setInterfaceDisabled(t: RouterTarget, name: string, disabled: boolean): Promise<void> {
    return this.call(t, async (c) => {
      const [id] = await c.menu.findIds('/interface', { name });
      if (!id) throw new RouterOsError('NOT_FOUND', `no interface ${name}`);
      await c.menu.command('/interface', disabled ? 'disable' : 'enable', { numbers: id });
    });
  }

  ipAddresses(t: RouterTarget): Promise<RouterIpAddress[]> {
    return this.call(t, async (c) => (await c.menu.print('/ip/address', { proplist: ['address', 'interface', 'disabled'] })).map(toRouterIpAddress));
  }

  async connectAddress(t: RouterTarget): Promise<string> {
    if (t.address) return t.address;
    if (!this.options.resolveAddress) return t.host;
    try {
      return await this.options.resolveAddress(t);
    } catch (err) {
      throw gatewayError(err, t.key);
    }
  }

  hotspotAccounts(t: RouterTarget, max: number): Promise<RouterHotspotAccounts> {
    return this.call(t, async (c) => {
      const users = await c.hotspot.listUsers({ proplist: ACCOUNT_FIELDS });
      const active = new Set((await c.menu.print('/ip/hotspot/active', { proplist: ['user'] })).map((r) => r.user));
      return { users: users.slice(0, max).map((u) => toRouterAccount(u, active.has(u.name))), total: users.length };
    });
  }

  findAccount(t: RouterTarget, name: string): Promise<RouterHotspotAccount | null> {
    return this.call(t, async (c) => {
      const u = await c.hotspot.findUserByName(name);
      if (!u) return null;
      const active = await c.menu.print('/ip/hotspot/active', { proplist: ['user'], where: { user: name } });
      return toRouterAccount(u, active.length > 0);
    });
  }

  log(t: RouterTarget, limit: number): Promise<RouterLogLine[]> {
    return this.call(t, async (c) => (await c.system.log({ limit })).map(toRouterLogLine));
  }

  takeBackupFile(t: RouterTarget, request: BackupFileRequest): Promise<Buffer> {
    return this.call(t, async (c) => {
      const files = new BackupApi(c.connection);
      const name = request.kind === 'export' ? `${request.fileName}.rsc` : `${request.fileName}.backup`;
      if (request.kind === 'export') await files.exportToFile(request.fileName, { showSensitive: true });
      else await files.saveBinary(request.fileName, request.password);
      try {
        await files.waitForFile(name, { timeoutMs: Math.max(this.options.callTimeoutMs * 3, 5_000) });
        return await files.readFile(name, { maxBytes: BACKUP_MAX_BYTES });
      } finally {
        // never leave a copy (with secrets in it) on the router; a router gone away keeps it until the next run
        await files.removeFile(name).catch((err: unknown) => this.logger.warn({ err: String(err), router: t.key, file: name }, 'could not remove the backup file from the router'));
      }
    });
  }

  pullFile(t: RouterTarget, url: string, fileName: string): Promise<void> {
    // a download may take longer than an ordinary command: the simulator and RouterOS answer when it is written
    return this.call(t, (c) => new BackupApi(c.connection).fetchToFile(url, fileName, { timeoutMs: Math.max(this.options.callTimeoutMs, 30_000) }));
  }

  importFile(t: RouterTarget, fileName: string): Promise<BackupImportOutcome> {
    return this.call(t, async (c) => {
      const files = new BackupApi(c.connection);
      try {
        return await files.importFile(fileName, { timeoutMs: Math.max(this.options.callTimeoutMs, 30_000) });
      } finally {
        await files.removeFile(fileName).catch(() => undefined);
      }
    });
  }

  loadBinaryBackup(t: RouterTarget, fileName: string, password: string | null): Promise<void> {
    return this.call(t, (c) => new BackupApi(c.connection).loadBinary(fileName, password));
  }

  removeFile(t: RouterTarget, fileName: string): Promise<void> {
    return this.call(t, async (c) => {
      try {
        await new BackupApi(c.connection).removeFile(fileName);
      } catch (err) {
        if (!(err instanceof RouterOsError) || err.code !== 'NOT_FOUND') throw err;
      }
    });
  }

  forget(key: string): Promise<void> {
    const poolKey = this.poolKeys.get(key) ?? key;
    this.poolKeys.delete(key);
    return this.pool.evict(poolKey);
  }

  close(): Promise<void> {
    this.poolKeys.clear();
    return this.pool.closeAll();
  }
}
