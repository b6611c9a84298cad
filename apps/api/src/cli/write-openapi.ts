import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { createApp } from '../create-app';
import { buildOpenApiDocument, serializeOpenApi } from '../openapi/openapi';

/**
 * `npm run openapi`: writes openapi.json at the project root from the app's decorators. The app
 * is built but never connects or listens (no database needed).
 */
async function main(): Promise<void> {
  const config = loadConfig({ DEMO_MODE: 'true', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none', JOBS_ENABLED: 'false', LOG_LEVEL: 'silent', WEB_DIST_DIR: '.no-web' });
  const app = await createApp(config, { preview: true });
  const file = resolve(__dirname, '..', '..', '..', '..', 'openapi.json');
  writeFileSync(file, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
