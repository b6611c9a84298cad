import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../apps/api/src/config/app-config';
import { loadConfig } from '../../apps/api/src/config/load-config';
import { createApp } from '../../apps/api/src/create-app';
import type { TestDatabase } from './test-database';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The whole API on a fresh migrated database, exactly as main.ts builds it (not listening).
 * `options.db`: a second instance on another app's database (that app drops it).
 */
export async function startTestApp(env: Record<string, string> = {}, options: { db?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO_MODE: 'true',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: process.env.TEST_POOL_SIZE ?? '5',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '.no-web-in-api-tests',
    ...env,
  });
  const app = await createApp(config, { abortOnError: false });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    config,
    db,
    dataSource: app.get(DataSource),
    http: () => request(server),
    close: async () => {
      // a browser's live-event stream or a keep-alive socket left open would hold app.close()
      // (server.close waits for every connection) until the hook times out
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
