import * as fs from 'node:fs';
import { Client } from 'pg';
import { adminUrl } from './database-url';

/** Drops this run's template and any test database a crashed worker left behind. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.WAVU_TEST_TEMPLATE;
  const state = globalThis as { __wavuTornDown?: boolean; __wavuEmbeddedPg?: { stop(): Promise<void>; dir: string } };
  if (!template || state.__wavuTornDown) return;
  state.__wavuTornDown = true;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${template.replace('wavu_tpl_', 'wavu_t_')}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const embedded = state.__wavuEmbeddedPg;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}
