import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions } from '../../apps/api/src/common/http/logger-options';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const PRODUCTION = {
  NODE_ENV: 'production',
  DEMO_MODE: 'false',
  JWT_SECRET: 'surface-test-jwt-secret-of-more-than-32-characters',
  SECRET_BOX_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
};

/** What the platform shows besides its API: /metrics, the API docs, and what reaches the logs. */
describe('surface (e2e)', () => {
  describe('with METRICS_TOKEN and API docs off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN, API_DOCS_ENABLED: 'false' });
    });
    afterAll(() => t?.close());

    it('/metrics answers 401 without the token or with a wrong one, and the metrics with it', async () => {
      const missing = await t.http().get('/metrics').expect(401);
      expect(missing.body.code).toBe('UNAUTHENTICATED');
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
      await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      await t.http().get('/metrics').set('Authorization', `Basic ${METRICS_TOKEN}`).expect(401);
      const ok = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(ok.text).toContain('process_cpu_user_seconds_total');
    });

    it('API docs off: Swagger UI and openapi.json answer 404', async () => {
      await t.http().get('/api/docs').expect(404);
      await t.http().get('/api/docs/').expect(404);
      await t.http().get('/api/docs/openapi.json').expect(404);
    });
  });

  describe('without METRICS_TOKEN outside production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t?.close());

    it('/metrics answers callers on this machine only (a proxied caller is refused)', async () => {
      await t.http().get('/metrics').expect(200);
      await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(404);
    });

    it('API docs are on by default', async () => {
      await t.http().get('/api/docs/openapi.json').expect(200);
      await t.http().get('/api/docs/').expect(200);
    });

    it('no SQL parameter reaches a log: TypeORM logs no query and failed queries lose their values', async () => {
      expect(dataSourceOptions('postgres://u@h/db').logging).toBe(false);
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
      const { serializers } = loggerOptions(t.config).pinoHttp as { serializers: pino.LoggerOptions['serializers'] };
      const logger = pino({ serializers }, sink);
      // a value PostgreSQL repeats in its message, and one it repeats in the error's detail
      const failures = await Promise.all([
        t.dataSource.query('SELECT $1::uuid', ['secret-parameter-0700000001']).catch((e: unknown) => e),
        t.dataSource
          .query(`INSERT INTO users (email, name, password_hash, role) VALUES ($1, 'x', $2, 'super_admin'), ($1, 'y', $2, 'super_admin')`, ['dup-secret@wavu.test', 'hash-secret-value'])
          .catch((e: unknown) => e),
      ]);
      for (const err of failures) {
        expect(err).toBeInstanceOf(Error);
        logger.error({ err }, 'Unhandled error');
      }
      const output = lines.join('');
      expect(output).toContain('invalid input syntax for type uuid');
      expect(output).toContain('uq_users_email');
      for (const secret of ['secret-parameter-0700000001', 'dup-secret@wavu.test', 'hash-secret-value']) expect([secret, output.includes(secret)]).toEqual([secret, false]);
    });
  });

  describe('in production without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(PRODUCTION);
    });
    afterAll(() => t?.close());

    it('/metrics is off (404), even from this machine', async () => {
      await t.http().get('/metrics').expect(404);
      await t.http().get('/health/live').expect(200);
    });
  });
});
