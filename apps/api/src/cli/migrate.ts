import 'reflect-metadata';
import { ConfigError, loadConfigFromProcess } from '../config/load-config';
import { runMigrations } from '../database/migrate';

/** Production migration step: `node dist/apps/api/src/cli/migrate.js` (needs DATABASE_URL). */
async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  if (!config.database.url) throw new Error('DATABASE_URL is required to run migrations');
  const applied = await runMigrations(config.database.url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
