import type { ProviderFixture } from '../../../../../test/factories';
import { createProvider, createSuperAdmin, seedRouters } from '../../../../../test/factories';
import type { TestApp } from '../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../test/setup/test-app';
import { OutboxRepository } from './outbox.repository';
import type { HotspotProfileSpec } from './provisioning.types';

/**
 * The desired profile that every voucher sale re-states (docs/provisioning.md): written when new or
 * changed, left alone (not even locked) when unchanged, so sales on one router do not queue behind
 * each other's transactions.
 */
describe('desired profiles against PostgreSQL', () => {
  let t: TestApp;
  let provider: ProviderFixture;
  let routerId: string;
  let outbox: OutboxRepository;
  const spec: HotspotProfileSpec = { name: 'wavu-1h-test', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 };

  beforeAll(async () => {
    t = await startTestApp();
    provider = await createProvider(t, await createSuperAdmin(t));
    [routerId] = await seedRouters(t.dataSource, provider.providerId, [{ name: 'Shop', status: 'online' }]);
    outbox = t.app.get(OutboxRepository);
  });
  afterAll(() => t?.close());

  const stored = () =>
    t.dataSource.query<Array<{ spec: HotspotProfileSpec; updated_at: Date }>>(`SELECT spec, updated_at FROM router_profiles WHERE router_id = $1 AND name = $2`, [routerId, spec.name]);

  it('inserts a new profile, keeps an unchanged one as it was, and replaces a changed one', async () => {
    await outbox.upsertProfile(t.dataSource.manager, provider.providerId, routerId, spec);
    const [first] = await stored();
    expect(first.spec).toEqual(spec);

    await outbox.upsertProfile(t.dataSource.manager, provider.providerId, routerId, { ...spec });
    const [again] = await stored();
    expect(again.updated_at.getTime()).toBe(first.updated_at.getTime());

    const faster = { ...spec, rateLimit: '5M/10M' };
    await outbox.upsertProfile(t.dataSource.manager, provider.providerId, routerId, faster);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0].spec).toEqual(faster);
    expect(rows[0].updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
  });

  it('does not make a second transaction re-stating the same profile wait for the first one to commit', async () => {
    await outbox.upsertProfile(t.dataSource.manager, provider.providerId, routerId, spec);
    const holder = t.dataSource.createQueryRunner();
    const other = t.dataSource.createQueryRunner();
    await holder.connect();
    await other.connect();
    try {
      await holder.startTransaction();
      await outbox.upsertProfile(holder.manager, provider.providerId, routerId, spec);
      await other.startTransaction();
      // without the fix this statement waits for `holder` (the row lock of ON CONFLICT DO UPDATE) and hits the timeout
      await other.query(`SET LOCAL lock_timeout = '2s'`);
      await outbox.upsertProfile(other.manager, provider.providerId, routerId, spec);
      await other.commitTransaction();
      await holder.commitTransaction();
    } finally {
      await holder.release();
      await other.release();
    }
    expect(await stored()).toHaveLength(1);
  });
});
