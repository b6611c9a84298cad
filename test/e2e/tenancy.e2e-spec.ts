import type { ProviderFixture, Session } from '../factories';
import { createApiKey, createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/** Provider A, with its JWT and with its API key, reaching for provider B's resources. */
describe('tenant isolation (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let aKey: Awaited<ReturnType<typeof createApiKey>>;
  let bKey: Awaited<ReturnType<typeof createApiKey>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    aKey = await createApiKey(t, a.owner, 'full');
    bKey = await createApiKey(t, b.owner, 'full');
  });
  afterAll(() => t?.close());

  it("A's JWT gets 404 for B's API key and changes nothing", async () => {
    const before = await databaseFingerprint(t, ['audit_logs']);
    const res = await t.http().delete(`/api/v1/api-keys/${bKey.id}`).set(a.owner.auth).expect(404);
    expect(res.body.code).toBe('API_KEY_NOT_FOUND');
    expect(await databaseFingerprint(t, ['audit_logs'])).toEqual(before);
    await t.http().get('/api/v1/provider').set(bKey.auth).expect(200);
  });

  it("A's API key cannot reach B's resources (404/403) and sees only A", async () => {
    expect((await t.http().get('/api/v1/provider').set(aKey.auth).expect(200)).body.id).toBe(a.providerId); // records the key's use
    const before = await databaseFingerprint(t, ['audit_logs']);
    await t.http().delete(`/api/v1/api-keys/${bKey.id}`).set(aKey.auth).expect(403); // keys never manage keys
    await t.http().get(`/api/v1/admin/providers/${b.providerId}`).set(aKey.auth).expect(403);
    expect(await databaseFingerprint(t, ['audit_logs'])).toEqual(before);
  });

  it("A's lists never contain B's rows", async () => {
    const keys = await t.http().get('/api/v1/api-keys').set(a.owner.auth).expect(200);
    expect(keys.body.items.map((k: { id: string }) => k.id)).toEqual([aKey.id]);
  });

  it('the tenant comes from the principal, never from the request body', async () => {
    await t.http().patch('/api/v1/provider').set(a.owner.auth).send({ id: b.providerId, location: 'x' }).expect(400);
    await t.http().post('/api/v1/api-keys').set(a.owner.auth).send({ name: 'k', scope: 'read', providerId: b.providerId }).expect(400);
    const bProfile = await t.http().get('/api/v1/provider').set(b.owner.auth).expect(200);
    expect(bProfile.body.location).toBeNull();
  });
});
