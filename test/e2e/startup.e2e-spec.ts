import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import * as path from 'node:path';
import { backendEntry } from '../setup/backend-build';
import { freePort } from '../setup/free-port';
import type { TestDatabase } from '../setup/test-database';
import { createTestDatabase } from '../setup/test-database';

const ROOT = path.resolve(__dirname, '..', '..');

/** main.ts itself: bad configuration stops the process with a clear message and exit code 1. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, backendEntry('apps/api/src/main.ts'), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    encoding: 'utf8',
    timeout: 90_000, // without a fresh build ts-node compiles main.ts first: slow on a busy machine
  });
  return { code: result.status, stderr: result.stderr };
}

describe('startup with bad configuration', () => {
  jest.setTimeout(60_000);

  it('exits 1 naming each missing secret outside demo mode', () => {
    const { code, stderr } = start({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/JWT_SECRET: required outside demo mode/);
    expect(stderr).toMatch(/SECRET_BOX_KEYS: required outside demo mode/);
  });

  it('exits 1 on a malformed variable and on demo mode in production', () => {
    const bad = start({ DEMO_MODE: 'true', PORT: 'eighty' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/PORT: /);
    const prodDemo = start({ DEMO_MODE: 'true', NODE_ENV: 'production' });
    expect(prodDemo.code).toBe(1);
    expect(prodDemo.stderr).toMatch(/DEMO_MODE: demo mode cannot be used with NODE_ENV=production/);
  });
});

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('demo mode never faces a network by accident', () => {
  jest.setTimeout(180_000);

  it('refuses a PUBLIC_URL the internet could reach (its logins are public)', () => {
    const { code, stderr } = start({ DEMO_MODE: 'true', PUBLIC_URL: 'https://wavu.example.com' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/PUBLIC_URL: demo mode only runs on this machine or a private network/);
  });

  describe('npm start without HOST', () => {
    let db: TestDatabase;
    let child: ReturnType<typeof spawn> | undefined;
    afterAll(async () => {
      if (child?.pid && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await db?.drop();
    });

    it('listens on 127.0.0.1 only', async () => {
      // this machine's own non-loopback address: the demo must not answer there
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
      expect(external).toBeDefined();
      db = await createTestDatabase();
      const [port, router, routerTls, hotspot, daraja, pesapal] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
      child = spawn(process.execPath, backendEntry('apps/api/src/main.ts'), {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          TS_NODE_PROJECT: 'tsconfig.json',
          DEMO_MODE: 'true',
          DATABASE_URL: db.url,
          PORT: String(port),
          DEMO_ROUTER_PORT: String(router),
          DEMO_ROUTER_TLS_PORT: String(routerTls),
          DEMO_HOTSPOT_PORT: String(hotspot),
          DEMO_DARAJA_PORT: String(daraja),
          DEMO_PESAPAL_PORT: String(pesapal),
          JOBS_ENABLED: 'false',
          LOG_LEVEL: 'warn',
          WEB_DIST_DIR: '.no-web-in-api-tests',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Wavu is running')) resolve();
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        child!.once('exit', (code) => reject(new Error(`exited ${code}: ${output.slice(-2000)}`)));
      });
      expect(output).toContain('Listening on 127.0.0.1 only');
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts(external!, port)).toBe(false);
    });
  });
});
