import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ensureBackendBuilt } from '../setup/backend-build';
import { adminUrl, databaseUrl } from '../setup/database-url';
import { freePort } from '../setup/free-port';

/**
 * The production start path without Docker (docs/deployment.md): the API built as the Dockerfile
 * builds it (`npm run build:api`), laid out as the image lays it out (the Dockerfile's own
 * `COPY --from=build /app/dist/...` lines, so no simulator or sandbox code is there), migrated with
 * the compose migrate command, then `node dist/apps/api/src/main.js` with NODE_ENV=production.
 * A --require hook records every file Node loads: none may be a simulator, the sandbox, or a
 * devDependency (the image installs none; here they sit in node_modules, so loading one would be
 * caught).
 */

// a clean clone builds the API first (about a minute on an idle machine, several on a busy CI runner)
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const SIMULATOR = /(^|\/)(libs\/[^/]+-sim|libs\/mail-sink|apps\/sandbox)(\/|$)/;

/** The dist folders the Dockerfile copies into the runtime image. */
function imageDistFolders(): string[] {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  return [...dockerfile.matchAll(/^COPY --from=build \/app\/(dist\/\S+) (dist\/\S+)$/gm)].map((m) => {
    expect(m[2]).toBe(m[1]);
    return m[1];
  });
}

/** The runtime image's /app, without Docker: its dist folders, package.json and a node_modules. */
function imageLayout(folders: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wavu-image-'));
  for (const folder of folders) fs.cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // records every CommonJS file Node loads (the API and its dependencies are CommonJS)
  fs.writeFileSync(
    path.join(dir, 'record-loads.js'),
    `const fs = require('fs');
const Module = require('module');
const out = process.env.WAVU_LOADED_FILES;
for (const ext of Object.keys(Module._extensions)) {
  const load = Module._extensions[ext];
  Module._extensions[ext] = function (module, filename) {
    fs.appendFileSync(out, filename + '\\n');
    return load.call(this, module, filename);
  };
}
`,
  );
  return dir;
}

/** The package a node_modules file belongs to, as its package-lock key ("node_modules/a/node_modules/@b/c"). */
function lockKey(relative: string): string | null {
  const parts = relative.split('/');
  let end = -1;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== 'node_modules') continue;
    end = parts[i + 1]?.startsWith('@') ? i + 2 : i + 1;
    i = end;
  }
  return end < 0 ? null : parts.slice(0, end + 1).join('/');
}

describe('production start (the image layout, without Docker)', () => {
  let image: string;
  let folders: string[];
  let database: string;
  let url: string;
  let child: ChildProcess | undefined;
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), SECRET_BOX_KEYS: `k1:${randomBytes(32).toString('base64')}` };
  const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  const node = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, args, { cwd: image, env, encoding: 'utf8', timeout: 90_000 });

  beforeAll(async () => {
    ensureBackendBuilt();
    folders = imageDistFolders();
    image = imageLayout(folders);
    database = `wavu_prodstart_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    url = databaseUrl(database);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (database) {
      const admin = new Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    }
    if (image) fs.rmSync(image, { recursive: true, force: true });
  });

  it('the image holds the API, the tunnel, the client libraries and migrations, and no simulator', () => {
    expect(folders).toEqual(expect.arrayContaining(['dist/apps/api', 'dist/apps/tunnel', 'dist/libs/routeros', 'dist/migrations']));
    expect(folders.filter((f) => SIMULATOR.test(f))).toEqual([]);
  });

  it('refuses to start without the required settings, naming each, without a stack trace', () => {
    const result = node(['dist/apps/api/src/main.js'], { ...baseEnv(), DATABASE_URL: url });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/JWT_SECRET: required outside demo mode/);
    expect(result.stderr).toMatch(/SECRET_BOX_KEYS: required outside demo mode/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says plainly that demo mode needs the simulators this image leaves out', () => {
    const result = node(['dist/apps/api/src/main.js'], { ...baseEnv(), NODE_ENV: 'development', DEMO_MODE: 'true', DATABASE_URL: url });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DEMO_MODE: this build has no simulators/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('migrates with the compose command, starts, is ready, logs a user in, loads no simulator or devDependency, and stops cleanly', async () => {
    const migrate = node(['dist/apps/api/src/cli/migrate.js'], { ...baseEnv(), ...secrets, DATABASE_URL: url });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/^Applied: /);
    const again = node(['dist/apps/api/src/cli/migrate.js'], { ...baseEnv(), ...secrets, DATABASE_URL: url });
    expect(again.stdout.trim()).toBe('No pending migrations');

    const email = 'ops@wavu.test';
    const password = randomBytes(12).toString('base64url');
    const created = node(['dist/apps/api/src/cli/create-admin.js', '--email', email, '--name', 'Ops'], { ...baseEnv(), ...secrets, DATABASE_URL: url, WAVU_ADMIN_PASSWORD: password });
    expect(created.status).toBe(0);

    const loaded = path.join(image, 'loaded-files.txt');
    const port = await freePort();
    child = spawn(process.execPath, ['--require', './record-loads.js', 'dist/apps/api/src/main.js'], {
      cwd: image,
      env: { ...baseEnv(), ...secrets, DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: 'https://wavu.example.com', TRUST_PROXY: '127.0.0.0/8', WAVU_LOADED_FILES: loaded },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout!.setEncoding('utf8').on('data', (d: string) => output.push(d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => output.push(d));
    const exited = new Promise<string>((resolve) => child!.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));

    const base = `http://127.0.0.1:${port}`;
    for (const until = Date.now() + 120_000; ;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output.join('')}`);
      if (Date.now() > until) throw new Error(`not ready in time:\n${output.join('')}`);
      const ready = await fetch(`${base}/health/ready`).catch(() => null);
      if (ready?.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }

    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(email);
    const wrong = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: `${password}x` }) });
    expect(wrong.status).toBe(401);

    // SIGTERM (docker stop, a rolling restart): Nest closes the app (shutdown hooks, pool) within
    // compose's stop_grace_period, then re-raises the signal it caught
    const stopped = Date.now();
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r('still running'), 30_000)))]);
    clearTimeout(timer);
    expect(outcome).toBe('SIGTERM');
    expect(Date.now() - stopped).toBeLessThan(30_000);

    const files = [...new Set(fs.readFileSync(loaded, 'utf8').split('\n').filter(Boolean))];
    const modules = path.join(ROOT, 'node_modules') + path.sep;
    expect(files).toContain(path.join(image, 'dist/apps/api/src/main.js'));
    expect(files.some((f) => f.startsWith(`${modules}typeorm${path.sep}`))).toBe(true);

    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devDependencies = new Set(Object.keys(pkg.devDependencies));
    const offending = files.filter((file) => {
      if (file.startsWith(image + path.sep)) return SIMULATOR.test(path.relative(image, file));
      if (!file.startsWith(modules)) return true; // source outside the image (e.g. libs/ through a node_modules/@wavu link)
      const key = lockKey(path.relative(ROOT, file));
      if (!key) return true;
      const topLevel = key
        .split('/')
        .slice(1, key.split('/')[1].startsWith('@') ? 3 : 2)
        .join('/');
      return lock.packages[key]?.dev === true || devDependencies.has(topLevel) || key.startsWith('node_modules/@wavu/');
    });
    expect(offending).toEqual([]);
  });
});
