import type { QueryRunner } from 'typeorm';
import type { ProviderFixture } from '../../factories';
import { createProvider, createSuperAdmin } from '../../factories';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';

/**
 * When every pooled connection is taken (a stuck query, a burst larger than the pool), a request
 * is answered 503 with Retry-After after DATABASE_POOL_WAIT_MS: it never waits for ever, and the
 * API answers normally again as soon as a connection is free.
 */
describe('an exhausted connection pool (e2e)', () => {
  let t: TestApp;
  let provider: ProviderFixture;
  let held: QueryRunner | null = null;

  beforeAll(async () => {
    // pg's wait also bounds opening a new connection: at 300 ms a loaded CI machine failed the
    // first connect and Nest's TypeORM retries (3 s apart) outlasted the hook's timeout
    t = await startTestApp({ DATABASE_POOL_SIZE: '1', DATABASE_POOL_WAIT_MS: '2000' });
    provider = await createProvider(t, await createSuperAdmin(t));
  });
  afterAll(async () => {
    await held?.release();
    await t?.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while no connection is free, then serves again', async () => {
    await t.http().get('/api/v1/plans').set(provider.owner.auth).expect(200);
    held = t.dataSource.createQueryRunner();
    await held.connect(); // the pool's only connection
    const busy = await t.http().get('/api/v1/plans').set(provider.owner.auth);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'The service is busy. Please try again in a moment.' });
    await held.release();
    held = null;
    await t.http().get('/api/v1/plans').set(provider.owner.auth).expect(200);
  });
});
