import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { adminUrl, databaseUrl } from './database-url';
import { freePort } from './free-port';

/**
 * Once per `jest` run: make sure a PostgreSQL server is there (DATABASE_URL, or an embedded
 * one in .data/pg-test), then build a template database with every migration applied. Each
 * test file clones its own database from the template (test/setup/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.WAVU_TEST_TEMPLATE) return; // another jest project of this run already did it
  if (!process.env.DATABASE_URL) {
    // Each run gets its own throw-away cluster (own folder and free port), so concurrent runs in one
    // checkout never share — or stop — each other's server. Folders of runs that died are removed.
    const base = path.resolve(__dirname, '..', '..', '.data', 'pg-test');
    removeDeadRunFolders(base);
    const dir = path.join(base, `run-${process.pid}`);
    const handle = await startEmbeddedPostgres({
      dir,
      port: await freePort(),
      database: 'postgres',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    process.env.DATABASE_URL = handle.url;
    (globalThis as { __wavuEmbeddedPg?: { stop(): Promise<void>; dir: string } }).__wavuEmbeddedPg = { stop: handle.stop, dir };
  }
  const template = `wavu_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(template));
  process.env.WAVU_TEST_TEMPLATE = template;
}

function removeDeadRunFolders(base: string): void {
  if (!fs.existsSync(base)) return;
  for (const entry of fs.readdirSync(base)) {
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(base, entry), { recursive: true, force: true });
    }
  }
}
