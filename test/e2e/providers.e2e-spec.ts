import { PaymentSettingsService } from '../../apps/api/src/modules/payments/payment-settings.service';
import type { Session } from '../factories';
import { changedTables, createProvider, createSuperAdmin, databaseFingerprint, login, signupBody } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

describe('providers (e2e)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSuperAdmin(t);
  });
  afterAll(() => t?.close());

  it('signs a provider up as pending with its owner, normalising the phone', async () => {
    const body = signupBody({ phone: '+254 712 345 678', contactEmail: 'Mixed.Case@Example.TEST' });
    const res = await t.http().post('/api/v1/providers/signup').send(body).expect(201);
    expect(Object.keys(res.body)).toEqual(['message']);
    const owner = await login(t, 'mixed.case@example.test', body.password);
    const me = await t.http().get('/api/v1/auth/me').set(owner.auth).expect(200);
    expect(me.body).toMatchObject({ role: 'provider_owner', provider: { status: 'pending' } });
    const [stored] = await t.dataSource.query(`SELECT phone, contact_email FROM providers WHERE id = $1`, [me.body.provider.id]);
    expect(stored).toEqual({ phone: '254712345678', contact_email: 'mixed.case@example.test' });
  });

  it('answers a sign-up with a registered e-mail exactly like a new one, and creates nothing (no enumeration)', async () => {
    const body = signupBody();
    const first = await t.http().post('/api/v1/providers/signup').send(body).expect(201);
    const before = await databaseFingerprint(t, ['audit_logs']);
    const again = await t
      .http()
      .post('/api/v1/providers/signup')
      .send({ ...body, businessName: 'Another one', password: 'another-password-123' })
      .expect(201);
    const fresh = await t.http().post('/api/v1/providers/signup').send(signupBody()).expect(201);
    expect(again.body).toEqual(first.body);
    expect(fresh.body).toEqual(first.body);
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    // the taken e-mail changed nothing but the audit log (the fresh one added its provider and owner)
    const after = await databaseFingerprint(t, ['audit_logs']);
    expect(changedTables(before, after).sort()).toEqual(['providers', 'users']);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM providers WHERE business_name = 'Another one'`);
    expect(n).toBe(0);
    const actions = await t.dataSource.query(`SELECT action FROM audit_logs WHERE actor_email = $1 ORDER BY created_at`, [body.contactEmail]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['provider.signup', 'provider.signup_email_taken']);
    // the owner's password is unchanged
    await login(t, body.contactEmail, body.password);
    await t.http().post('/api/v1/auth/login').send({ email: body.contactEmail, password: 'another-password-123' }).expect(401);
  });

  it('lets the super admin filter, search and page through providers', async () => {
    const pending = await createProvider(t, admin, { pending: true });
    await createProvider(t, admin);
    const list = await t.http().get('/api/v1/admin/providers').query({ status: 'pending', limit: 100 }).set(admin.auth).expect(200);
    expect(list.body.items.every((p: { status: string }) => p.status === 'pending')).toBe(true);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(pending.providerId);

    const found = await t
      .http()
      .get('/api/v1/admin/providers')
      .query({ search: pending.email.slice(0, 18) })
      .set(admin.auth)
      .expect(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([pending.providerId]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = cursor ? { limit: 2, cursor } : { limit: 2 };
      const page = await t.http().get('/api/v1/admin/providers').query(query).set(admin.auth).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await t.dataSource.query(`SELECT id FROM providers ORDER BY created_at DESC, id DESC`);
    expect(seen).toEqual(all.map((r: { id: string }) => r.id));

    const bad = await t.http().get('/api/v1/admin/providers').query({ cursor: 'garbage' }).set(admin.auth).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it('moves a provider through approve → suspend → reactivate, audited, and refuses illegal steps', async () => {
    const p = await createProvider(t, admin, { pending: true });
    const approved = await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).expect(200);
    expect(approved.body).toMatchObject({ status: 'active', allowedActions: ['suspend'] });
    expect(approved.body.approvedAt).not.toBeNull();

    const again = await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).expect(409);
    expect(again.body.code).toBe('PROVIDER_INVALID_TRANSITION');

    await t.http().post(`/api/v1/admin/providers/${p.providerId}/suspend`).set(admin.auth).send({}).expect(400);
    const suspended = await t.http().post(`/api/v1/admin/providers/${p.providerId}/suspend`).set(admin.auth).send({ reason: 'Unpaid invoices' }).expect(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: 'Unpaid invoices' });
    const owner = await login(t, p.email, p.password);
    expect((await t.http().get('/api/v1/provider').set(owner.auth).expect(200)).body.status).toBe('suspended');

    await t.http().post(`/api/v1/admin/providers/${p.providerId}/reactivate`).set(admin.auth).expect(200);
    const actions = await t.dataSource.query(`SELECT action, metadata FROM audit_logs WHERE target_id = $1 AND action LIKE 'provider.%' ORDER BY created_at`, [p.providerId]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['provider.signup', 'provider.approve', 'provider.suspend', 'provider.reactivate']);
    expect(actions[2].metadata).toMatchObject({ from: 'active', to: 'suspended', reason: 'Unpaid invoices' });
  });

  it('rejects a pending provider with a reason; a rejected provider cannot be approved', async () => {
    const p = await createProvider(t, admin, { pending: true });
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/reject`).set(admin.auth).send({ reason: 'Fake documents' }).expect(200);
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).expect(409);
  });

  it('keeps admin endpoints for super admins only', async () => {
    const p = await createProvider(t, admin);
    const res = await t.http().get('/api/v1/admin/providers').set(p.owner.auth).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/suspend`).set(p.owner.auth).send({ reason: 'self' }).expect(403);
    await t.http().get('/api/v1/admin/providers').expect(401);
  });

  it('reads and updates the provider profile; the super admin has no provider profile', async () => {
    const p = await createProvider(t, admin);
    const updated = await t.http().patch('/api/v1/provider').set(p.owner.auth).send({ location: '  Githurai 45,  Nairobi ', phone: '0110000000' }).expect(200);
    expect(updated.body).toMatchObject({ location: 'Githurai 45, Nairobi', phone: '254110000000' });
    expect((await t.http().get('/api/v1/provider').set(p.owner.auth).expect(200)).body.location).toBe('Githurai 45, Nairobi');
    await t.http().get('/api/v1/provider').set(admin.auth).expect(403);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'provider.profile_updated' AND provider_id = $1`, [p.providerId]);
    expect(n).toBe(1);
  });

  it('gives 404 for an unknown provider id', async () => {
    const res = await t.http().get('/api/v1/admin/providers/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    expect(res.body.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('a self-declared type sets commission only once the super admin confirms it at approval (audited)', async () => {
    const rate = async (providerId: string) => (await t.app.get(PaymentSettingsService).get(providerId)).commissionRateBp;
    // declared "isp" (0 % by default once confirmed): until approval the declaration earns nothing
    const declared = { id: (await createProvider(t, admin, { pending: true })).providerId }; // signupBody declares "isp"
    expect((await t.http().get(`/api/v1/admin/providers/${declared.id}`).set(admin.auth).expect(200)).body).toMatchObject({ type: 'isp', typeConfirmed: false });
    expect(await rate(declared.id)).toBe(2000);
    // a bad type at approval is a 400 that changes nothing
    const before = await databaseFingerprint(t);
    expect((await t.http().post(`/api/v1/admin/providers/${declared.id}/approve`).set(admin.auth).send({ type: 'bank' }).expect(400)).body.details[0].field).toBe('type');
    expect(await databaseFingerprint(t)).toEqual(before);
    // the super admin corrects it to homeowner: commission follows the confirmed type
    const approved = await t.http().post(`/api/v1/admin/providers/${declared.id}/approve`).set(admin.auth).send({ type: 'homeowner' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'active', type: 'homeowner', typeConfirmed: true });
    expect(await rate(declared.id)).toBe(2000);
    const [audit] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'provider.approve' AND provider_id = $1`, [declared.id]);
    expect(audit.metadata).toMatchObject({ declaredType: 'isp', confirmedType: 'homeowner' });
    // approved as declared: the declared type is confirmed, and only now does its rate apply
    const isp = { id: (await createProvider(t, admin, { pending: true })).providerId };
    expect(await rate(isp.id)).toBe(2000);
    expect((await t.http().post(`/api/v1/admin/providers/${isp.id}/approve`).set(admin.auth).expect(200)).body).toMatchObject({ type: 'isp', typeConfirmed: true });
    expect(await rate(isp.id)).toBe(0);
  });
});
