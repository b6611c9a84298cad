#!/usr/bin/env node
// npm run migration:generate -- migrations/<PascalName> | migration:run | migration:revert
// Runs the TypeORM CLI against DATABASE_URL, or against the embedded PostgreSQL when it is unset.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
require('tsconfig-paths/register');

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const env = { ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true' };
  let embedded = null;
  if (!env.DATABASE_URL) {
    const { loadConfig } = require('../apps/api/src/config/load-config');
    const { startEmbeddedPostgres } = require('../apps/api/src/database/embedded-postgres');
    const config = loadConfig(env);
    embedded = await startEmbeddedPostgres({ dir: config.database.embeddedDir, port: config.database.embeddedPort, database: 'wavu' });
    env.DATABASE_URL = embedded.url;
  }
  const args = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', require.resolve('typeorm/cli.js'), command, ...rest, '-d', 'apps/api/src/data-source.ts'];
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (embedded) await embedded.stop();
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
