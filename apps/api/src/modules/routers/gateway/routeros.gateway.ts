import { Logger } from '@nestjs/common';
import type { HotspotUser, HotspotUserInput, RouterOsLogger } from '@wavu/routeros';
import { RouterConnection, RouterOsClient, RouterOsClientPool, RouterOsError, toRouterOsError } from '@wavu/routeros';
import { isIP, connect as tcpConnect } from 'node:net';
import type { HotspotProfileSpec, HotspotUserSpec } from '../provisioning.types';
import type {
  BulkUpsertOutcome,
  ConnectionStep,
  ConnectionStepName,
  ConnectionTestResult,
  RouterGateway,
  RouterHealth,
  RouterHotspotUser,
  RouterInterface,
  RouterLogLine,
  RouterSession,
  RouterTarget,
  RouterAddressResolver,
  RouterLoginObserver,
} from './router-gateway';
import { CONNECTION_STEPS, RouterGatewayError, PROTOCOL_ERROR_CODE } from './router-gateway';

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

const HINTS: Record<ConnectionStepName, Record<string, string>> = {
  tcp: {
    refused:
      'Nothing accepts connections on that port. Enable the API service on the router: /ip service enable api (port 8728; api-ssl uses 8729) and allow the platform: /ip service set api address=<platform address>/32',
    timeout: 'No answer from that address. Check the host and port, and that the router firewall (input chain) and any NAT let the platform in. A router behind CGNAT needs a VPN (see the setup kit).',
    other: 'The address could not be reached. Check the host name and port.',
    LOGIN_LOCKED:
      'This router address refused too many logins recently (from any account), so the platform pauses logins there. A saved router whose credentials already worked there is not affected. Check the user name and password and try again later.',
    ADDRESS_NOT_ALLOWED:
      'Routers must be reached at a public address on port 8728 (api) or 8729 (api-ssl). A router on a private network needs the management tunnel (VPN); the platform operator can open ranges with ROUTER_ALLOWED_CIDRS.',
  },
  handshake: {
    PROTOCOL_ERROR:
      "The port answered with something that is not the RouterOS API (or a broken reply); the connection was closed. Check that the host and port are the router's API service (8728 = api, 8729 = api-ssl).",
    any: 'The port answered, but not as the RouterOS API. Check the port (8728 = api, 8729 = api-ssl) and the TLS setting, and that the API service is enabled: /ip service print',
  },
  login: {
    AUTH: 'The router refused the user name or password. Check them, and that the user belongs to a group with the api policy: /user print detail',
    any: 'Login did not complete. Check the user name and password and that the router is not overloaded.',
  },
  permission: {
    PERMISSION: 'The API user may not manage hotspot users. Give its group the read, write and api policies: /user group set [find name=<group>] policy=read,write,api,test',
    write: 'The API user can read but not write hotspot users. Add the write policy to its group: /user group set [find name=<group>] policy=read,write,api,test',
    UNKNOWN_COMMAND: 'The hotspot package is missing or disabled by device-mode. Run /system device-mode update mode=advanced (needs a power cycle) and enable the hotspot package.',
    any: 'Reading /ip/hotspot/user failed.',
  },
  identity: {
    any: 'Reading the identity and version failed; the router may be overloaded. Try again.',
  },
};

const ERRNO_TEXT: Record<string, string> = {
  '-111': 'connection refused (is the API service enabled and allowed for the platform?)',
  ECONNREFUSED: 'connection refused (is the API service enabled and allowed for the platform?)',
  '-110': 'connection timed out',
  ETIMEDOUT: 'connection timed out',
  '-113': 'no route to host',
  EHOSTUNREACH: 'no route to host',
  '-104': 'connection reset by the router',
  ECONNRESET: 'connection reset by the router',
  '-3008': 'host name not found',
  ENOTFOUND: 'host name not found',
};

function gatewayError(err: unknown, router: string): RouterGatewayError {
  if (err instanceof RouterGatewayError) return err;
  if (err instanceof TypeError) return new RouterGatewayError('TRAP', err.message);
  const e = err instanceof RouterOsError ? err : toRouterOsError(err, { router });
  // the resolveAddress hook refused the connect: its own error says why
  if (e.code === 'REFUSED') return e.details.cause instanceof RouterGatewayError ? e.details.cause : new RouterGatewayError('ADDRESS_NOT_ALLOWED', e.message);
  const errno = e.details.errno === undefined ? undefined : ERRNO_TEXT[String(e.details.errno)];
  // the code leads the message so the router page (last error), outbox rows and test steps show it
  if (e.code === 'PROTOCOL_ERROR') return new RouterGatewayError(e.code, `${PROTOCOL_ERROR_CODE}: ${e.message}`);
  return new RouterGatewayError(e.code, errno ?? e.message);
}

const USER_PROFILE_DEFAULTS = { idleTimeout: 'none' as const };

function userInput(u: HotspotUserSpec): HotspotUserInput {
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

/** RouterGateway over our RouterOS API client (libs/routeros), one pooled connection per router. */
export class RouterOsGateway implements RouterGateway {
  private readonly pool = new RouterOsClientPool();
  private readonly logger = new Logger(RouterOsGateway.name);
  private readonly rosLogger: RouterOsLogger = {
    debug: (message, meta) => this.logger.debug({ ...meta }, message),
    warn: (message, meta) => this.logger.warn({ ...meta }, message),
    error: (message, meta) => this.logger.error({ ...meta }, message),
  };

  constructor(private readonly options: RouterOsGatewayOptions) {}

  private client(t: RouterTarget): RouterOsClient {
    return this.pool.get(t.key, {
      host: t.host,
      resolveAddress: this.options.resolveAddress ? () => this.options.resolveAddress!(t) : undefined,
      onLogin: this.loginHook(t),
      port: t.port,
      user: t.username,
      password: t.password,
      tls: t.tls ? { rejectUnauthorized: false } : undefined,
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
    const result: ConnectionTestResult = { ok: false, steps, identity: null, version: null, boardName: null };
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
    const tcp = await this.probeTcp(address, t.host, t.port);
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
      tls: t.tls ? { rejectUnauthorized: false, ...(address !== t.host && !isIP(t.host) ? { servername: t.host } : {}) } : undefined,
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
        const canWrite = await this.groupCanWrite(client, t.username);
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

  /** false when the user's group is readable and lacks `write`; null when it cannot be told */
  private async groupCanWrite(client: RouterOsClient, username: string): Promise<boolean | null> {
    try {
      const [user] = await client.menu.print('/user', { where: { name: username }, proplist: ['group'] });
      if (!user?.group) return null;
      const [group] = await client.menu.print('/user/group', { where: { name: user.group }, proplist: ['policy'] });
      if (!group?.policy) return null;
      return group.policy.split(',').includes('write');
    } catch {
      return null;
    }
  }

  private probeTcp(address: string, host: string, port: number): Promise<'ok' | { kind: 'refused' | 'timeout' | 'other'; detail: string }> {
    return new Promise((resolve) => {
      const socket = tcpConnect({ host: address, port });
      const done = (value: 'ok' | { kind: 'refused' | 'timeout' | 'other'; detail: string }) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.destroy();
        resolve(value);
      };
      const timer = setTimeout(() => done({ kind: 'timeout', detail: `no TCP answer from ${host}:${port} within ${this.options.callTimeoutMs} ms` }), this.options.callTimeoutMs);
      socket.once('connect', () => done('ok'));
      socket.once('error', (err: NodeJS.ErrnoException) =>
        done(
          err.code === 'ECONNREFUSED'
            ? { kind: 'refused', detail: `${host}:${port} refused the connection` }
            : err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH'
              ? { kind: 'timeout', detail: `${host}:${port}: ${err.code}` }
              : { kind: 'other', detail: `${host}:${port}: ${err.code ?? err.message}` },
        ),
      );
    });
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
      await c.hotspot.upsertProfile({
        name: p.name,
        rateLimit: p.rateLimit ?? '',
        sharedUsers: p.sharedUsers ?? 1,
        sessionTimeout: p.sessionTimeoutSeconds ?? 0,
        idleTimeout: p.idleTimeoutSeconds ? p.idleTimeoutSeconds : USER_PROFILE_DEFAULTS.idleTimeout,
      });
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
    return this.call(t, async (c) =>
      (await c.hotspot.listActive()).map((s) => ({
        id: s.id,
        user: s.user,
        address: s.address,
        macAddress: s.macAddress ?? null,
        loginBy: s.loginBy ?? null,
        uptimeSeconds: s.uptimeSeconds,
        sessionTimeLeftSeconds: s.sessionTimeLeftSeconds ?? null,
        bytesIn: s.bytesIn,
        bytesOut: s.bytesOut,
      })),
    );
  }

  kickSession(t: RouterTarget, sessionId: string): Promise<void> {
    return this.call(t, async (c) => {
      const [session] = await c.menu.print('/ip/hotspot/active', { where: { '.id': sessionId }, proplist: ['.id', 'user'] });
      if (!session) throw new RouterOsError('NOT_FOUND', `no active session ${sessionId}`);
      await c.hotspot.removeActiveById(sessionId);
    });
  }

  interfaces(t: RouterTarget): Promise<RouterInterface[]> {
    return this.call(t, async (c) =>
      (await c.system.interfaces()).map((i) => ({
        name: i.name,
        type: i.type,
        running: i.running,
        disabled: i.disabled,
        rxBytes: i.rxBytes,
        txBytes: i.txBytes,
        rxPackets: i.rxPackets,
        txPackets: i.txPackets,
      })),
    );
  }

  log(t: RouterTarget, limit: number): Promise<RouterLogLine[]> {
    return this.call(t, async (c) => (await c.system.log({ limit })).map((l) => ({ time: l.time, topics: l.topics, message: l.message })));
  }

  forget(key: string): Promise<void> {
    return this.pool.evict(key);
  }

  close(): Promise<void> {
    return this.pool.closeAll();
  }
}

function toRouterUser(u: HotspotUser): RouterHotspotUser {
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
