import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { adminUrl, databaseUrl } from './database-url';

/**
 * Once per `jest` run: make sure a PostgreSQL server is there (DATABASE_URL, or an embedded
 * one in .data/pg-test), then build a template database with every migration applied. Each
 * test file clones its own database from the template (test/setup/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.WAVU_TEST_TEMPLATE) return; // another jest project of this run already did it
  if (!process.env.DATABASE_URL) {
    const handle = await startEmbeddedPostgres({
      dir: path.resolve(__dirname, '..', '..', '.data', 'pg-test'),
      port: Number(process.env.WAVU_TEST_PG_PORT ?? 54330),
      database: 'postgres',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    process.env.DATABASE_URL = handle.url;
    (globalThis as { __wavuEmbeddedPg?: typeof handle }).__wavuEmbeddedPg = handle;
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
