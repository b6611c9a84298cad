import type { Session } from '../factories';
import { createApiKey, createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

describe('API keys (e2e)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSuperAdmin(t);
  });
  afterAll(() => t?.close());

  it('shows the secret once, stores only its hash, and accepts it as a Bearer token with the tenancy of its provider', async () => {
    const p = await createProvider(t, admin);
    const key = await createApiKey(t, p.owner, 'full');
    expect(key.secret).toMatch(/^wavu_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const secretPart = key.secret.slice('wavu_'.length + 13); // the random part (base64url may contain "_")

    const list = await t.http().get('/api/v1/api-keys').set(p.owner.auth).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secretPart);
    expect(list.body.items[0]).toMatchObject({ id: key.id, scope: 'full', revokedAt: null });
    const rows = await t.dataSource.query(`SELECT * FROM api_keys`);
    expect(JSON.stringify(rows)).not.toContain(secretPart);

    const profile = await t.http().get('/api/v1/provider').set(key.auth).expect(200);
    expect(profile.body.id).toBe(p.providerId);
    await t.http().patch('/api/v1/provider').set(key.auth).send({ location: 'Set by integrator' }).expect(200);
    const [audit] = await t.dataSource.query(`SELECT actor_api_key_id FROM audit_logs WHERE action = 'provider.profile_updated' AND provider_id = $1`, [p.providerId]);
    expect(audit.actor_api_key_id).toBe(key.id);
  });

  it('a read key can read but not write', async () => {
    const p = await createProvider(t, admin);
    const key = await createApiKey(t, p.owner, 'read');
    await t.http().get('/api/v1/provider').set(key.auth).expect(200);
    const res = await t.http().patch('/api/v1/provider').set(key.auth).send({ location: 'nope' }).expect(403);
    expect(res.body.message).toMatch(/read-only/);
    expect((await t.http().get('/api/v1/provider').set(key.auth).expect(200)).body.location).toBeNull();
  });

  it('a revoked key stops working at once; keys cannot manage keys or act as a user', async () => {
    const p = await createProvider(t, admin);
    const key = await createApiKey(t, p.owner, 'full');
    await t.http().get('/api/v1/api-keys').set(key.auth).expect(403);
    await t.http().post('/api/v1/api-keys').set(key.auth).send({ name: 'escalate', scope: 'full' }).expect(403);
    await t.http().get('/api/v1/auth/me').set(key.auth).expect(403);
    await t.http().get('/api/v1/admin/providers').set(key.auth).expect(403);

    const revoked = await t.http().delete(`/api/v1/api-keys/${key.id}`).set(p.owner.auth).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await t.http().get('/api/v1/provider').set(key.auth).expect(401);
    // a guessed key of the right shape is refused too
    await t
      .http()
      .get('/api/v1/provider')
      .set('Authorization', `Bearer ${key.secret.slice(0, -4)}AAAA`)
      .expect(401);
  });

  it('keys of a suspended provider only read (like its owner) until it is reactivated', async () => {
    const p = await createProvider(t, admin);
    const key = await createApiKey(t, p.owner, 'full');
    const plan = { name: '1 hour', price: 20, kind: 'unlimited', validitySeconds: 3600 };
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/suspend`).set(admin.auth).send({ reason: 'Testing' }).expect(200);
    await t.http().get('/api/v1/provider').set(key.auth).expect(200);
    expect((await t.http().post('/api/v1/plans').set(key.auth).send(plan).expect(403)).body.code).toBe('PROVIDER_NOT_ACTIVE');
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/reactivate`).set(admin.auth).expect(200);
    await t.http().post('/api/v1/plans').set(key.auth).send(plan).expect(201);
  });

  it('staff cannot manage API keys', async () => {
    const p = await createProvider(t, admin);
    const { UsersService } = await import('../../apps/api/src/modules/auth/users.service');
    await t.app.get(UsersService).create({ email: `staff-${p.providerId}@example.test`, name: 'Staff', password: 'staff-password-1', role: 'provider_staff', providerId: p.providerId });
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: `staff-${p.providerId}@example.test`, password: 'staff-password-1' })
      .expect(200);
    await t.http().get('/api/v1/api-keys').set('Authorization', `Bearer ${res.body.accessToken}`).expect(403);
    await t.http().patch('/api/v1/provider').set('Authorization', `Bearer ${res.body.accessToken}`).send({ location: 'x' }).expect(403);
    await t.http().get('/api/v1/provider').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });
});
