import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import * as path from 'node:path';
import { backendEntry } from '../../setup/backend-build';
import { freePort } from '../../setup/free-port';

export { freePort };

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Production-style secrets for a child API (not the public demo ones, which non-demo mode refuses). */
export function productionSecrets(): Record<string, string> {
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    SECRET_BOX_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
}

export interface ApiProcess {
  url: string;
  port: number;
  pid: number;
  /** everything the process wrote to stdout and stderr so far (what production would ship to its log store) */
  logs(): string;
  /** SIGKILL: no shutdown hooks, in-flight work lost */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit */
  stop(): Promise<void>;
}

/** Every child still running: a suite that fails part way (a sibling that never got ready) must not leave one behind. */
const running = new Set<ChildProcess>();
// jest's afterAll; the benches (bench/) import this file outside jest and stop their children themselves
if (typeof afterAll === 'function') {
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * The API as production runs it: `apps/api/src/main.ts` in its own Node process (its build in
 * dist/ when fresh, else through ts-node: test/setup/backend-build.ts), DEMO_MODE=false so no sandbox and no demo seed are started, pointed
 * at the caller's database and simulators by `env`. Resolves once /health/live answers.
 */
export async function startApiProcess(env: Record<string, string>, options: { port?: number; timeoutMs?: number } = {}): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    DEMO_MODE: 'false',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_POOL_SIZE: '10',
    WEB_DIST_DIR: '.no-web-in-api-tests',
    TS_NODE_TRANSPILE_ONLY: 'true',
    // the simulated routers of these tests listen on loopback, on ports picked at start: outside
    // demo mode the router address guard refuses both unless allowed (docs/router-addresses.md)
    ROUTER_ALLOWED_CIDRS: '127.0.0.0/8',
    ROUTER_ALLOWED_PORTS: '1024-65535',
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, backendEntry('apps/api/src/main.ts'), {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
  let exitCode: number | null | undefined;
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), running.delete(child), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`API process exited with ${exitCode} before it was ready:\n${chunks.join('').slice(-4000)}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`API process not ready in time:\n${chunks.join('').slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/health/live`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    pid: child.pid!,
    logs: () => chunks.join(''),
    kill: async () => {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** JSON over HTTP against a child API. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/**
 * Signs a provider up and returns its id: the sign-up answer never names the provider (it is the
 * same for a taken e-mail), so the new owner logs in and reads it from /auth/me, as the SPA does.
 */
export async function signUpProvider(base: string, body: { contactEmail: string; password: string } & Record<string, unknown>): Promise<string> {
  const signup = await call(base, 'POST', '/api/v1/providers/signup', { body });
  if (signup.status !== 201) throw new Error(`sign-up: expected 201, got ${signup.status}: ${JSON.stringify(signup.body).slice(0, 300)}`);
  const session = await call(base, 'POST', '/api/v1/auth/login', { body: { email: body.contactEmail, password: body.password } });
  const me = await call(base, 'GET', '/api/v1/auth/me', { token: session.body?.accessToken });
  if (me.status !== 200 || !me.body?.provider?.id) throw new Error(`sign-up: the new owner could not read their provider (${me.status})`);
  return me.body.provider.id as string;
}
