import { createHmac } from 'node:crypto';
import { UsersService } from '../../../apps/api/src/modules/auth/users.service';
import type { ProviderFixture, Session } from '../../factories';
import { changedTables, createApiKey, createProvider, createSuperAdmin, fingerprintOf, login } from '../../factories';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';
import { operations } from '../../setup/openapi-ops';

/**
 * docs/product.md §10: tampered, forged and expired tokens, revoked and read-only API keys, and role
 * escalation attempts are all refused, and change nothing.
 */
const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const sign = (header: object, claims: object, secret: string) => {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
};

describe('authentication and authorisation attacks (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let staff: Session;
  let refused = 0;

  beforeAll(async () => {
    t = await startTestApp({ JWT_ACCESS_TTL_SECONDS: '900' });
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    await t.app.get(UsersService).create({ email: 'staff-a@wavu.test', name: 'Staff A', password: 'staff-password-123', role: 'provider_staff', providerId: a.providerId });
    staff = await login(t, 'staff-a@wavu.test', 'staff-password-123');
  });
  afterAll(() => t?.close());

  const expect401 = async (token: string, what: string) => {
    const res = await t.http().get('/api/v1/provider').set('Authorization', `Bearer ${token}`);
    if (res.status !== 401) throw new Error(`${what}: expected 401, got ${res.status}`);
    expect(res.body.code).toEqual(expect.any(String));
    refused++;
  };

  it('refuses every tampered access token', async () => {
    const [h, p, s] = a.owner.accessToken.split('.');
    const claims = decode(p);
    const header = decode(h);
    await t.http().get('/api/v1/provider').set(a.owner.auth).expect(200);
    // payload edited (another user / provider / a role claim), signature kept
    await expect401(`${h}.${b64url(JSON.stringify({ ...claims, sub: b.owner.userId }))}.${s}`, 'payload edited: sub');
    await expect401(`${h}.${b64url(JSON.stringify({ ...claims, role: 'super_admin' }))}.${s}`, 'payload edited: role');
    await expect401(`${h}.${b64url(JSON.stringify({ ...claims, exp: claims.exp + 86400 * 365 }))}.${s}`, 'payload edited: exp');
    // alg none, with and without a signature
    await expect401(`${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`, 'alg none');
    await expect401(`${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.${s}`, 'alg none + old signature');
    // other algorithms and the wrong secret
    await expect401(sign({ ...header, alg: 'HS512' }, claims, t.config.auth.jwtSecret), 'HS512');
    await expect401(sign(header, claims, 'not-the-secret-of-this-deployment-0123456789'), 'wrong secret');
    // signature of another token swapped in
    await expect401(`${h}.${p}.${b.owner.accessToken.split('.')[2]}`, 'swapped signature');
    await expect401(`${h}.${p}.${s.slice(0, -2)}`, 'truncated signature');
    // a refresh token is not an access token; garbage
    await expect401(a.owner.refreshToken, 'refresh token as bearer');
    await expect401('a.b.c', 'garbage');
  });

  it('refuses expired tokens and tokens of a non-access type, even correctly signed', async () => {
    const claims = decode(a.owner.accessToken.split('.')[1]);
    const header = decode(a.owner.accessToken.split('.')[0]);
    const now = Math.floor(Date.now() / 1000);
    await expect401(sign(header, { ...claims, iat: now - 7200, exp: now - 3600 }, t.config.auth.jwtSecret), 'expired');
    await expect401(sign(header, { ...claims, typ: 'refresh' }, t.config.auth.jwtSecret), 'typ refresh');
    await expect401(sign(header, { ...claims, sub: '00000000-0000-4000-8000-000000000000' }, t.config.auth.jwtSecret), 'unknown user');
  });

  it('a correctly signed token with a forged role claim gets the role of the stored user, not the claim', async () => {
    const claims = decode(staff.accessToken.split('.')[1]);
    const header = decode(staff.accessToken.split('.')[0]);
    const forged = sign(header, { ...claims, role: 'super_admin', providerId: b.providerId }, t.config.auth.jwtSecret);
    const before = await fingerprintOf(t.dataSource);
    await t.http().get('/api/v1/admin/providers').set('Authorization', `Bearer ${forged}`).expect(403);
    await t.http().post(`/api/v1/admin/providers/${b.providerId}/suspend`).set('Authorization', `Bearer ${forged}`).send({ reason: 'x' }).expect(403);
    const me = await t.http().get('/api/v1/provider').set('Authorization', `Bearer ${forged}`).expect(200);
    expect(me.body.id).toBe(a.providerId); // the stored provider, not the claimed one
    await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${forged}`).send({ name: 'x', scope: 'full' }).expect(403);
    expect(changedTables(before, await fingerprintOf(t.dataSource))).toEqual([]);
    refused += 3;
  });

  it('staff cannot use owner endpoints; owners and API keys cannot use admin endpoints (every admin operation of openapi.json)', async () => {
    const before = await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } });
    const key = await createApiKey(t, a.owner, 'full');
    const mid = await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } });
    const adminOps = operations.filter((op) => op.path.startsWith('/api/v1/admin/'));
    expect(adminOps.length).toBeGreaterThanOrEqual(15);
    for (const op of adminOps) {
      for (const auth of [a.owner.auth, staff.auth, key.auth]) {
        const http = t.http() as any; // indexed by the documented method
        const res = await http[op.method](op.path.replace(/\{[^}]+\}/g, b.providerId))
          .set(auth)
          .send(op.body ? { reason: 'x', rateBp: 1, amount: 1, reference: 'r', days: 1, name: 'n', priceMinor: 1, period: 'monthly' } : undefined);
        if (res.status !== 403) throw new Error(`${op.label}: expected 403, got ${res.status}`);
        refused++;
      }
    }
    const ownerOnly: [string, string, object?][] = [
      ['post', '/api/v1/api-keys', { name: 'k', scope: 'full' }],
      ['patch', '/api/v1/provider', { location: 'staff was here' }],
      ['put', '/api/v1/payments/settings', { mode: 'platform' }],
      ['post', '/api/v1/routers', { name: 'r', host: '127.0.0.1', username: 'u', password: 'p' }],
    ];
    for (const [method, path, body] of ownerOnly) {
      const res = await (t.http() as any)[method](path).set(staff.auth).send(body);
      if (res.status !== 403) throw new Error(`staff ${method} ${path}: expected 403, got ${res.status}`);
      refused++;
    }
    expect(changedTables(mid, await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } }))).toEqual([]);
    expect(changedTables(before, mid).sort()).toEqual(['api_keys', 'audit_logs']);
  });

  it('body fields like role / providerId / status are rejected on every write endpoint that has a body', async () => {
    const writes = operations.filter((op) => op.body && op.security && !op.path.startsWith('/api/v1/admin/') && !op.path.includes('{'));
    const before = await fingerprintOf(t.dataSource);
    for (const op of writes) {
      for (const field of ['role', 'providerId', 'userId', 'isAdmin', 'status']) {
        if (op.body?.properties?.[field]) continue; // a documented field of that name is not an escalation
        const http = t.http() as any; // indexed by the documented method
        const res = await http[op.method](op.path)
          .set(a.owner.auth)
          .send({ [field]: field === 'providerId' ? b.providerId : 'super_admin' });
        if (res.status !== 400) throw new Error(`${op.label} with ${field}: expected 400, got ${res.status}`);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
        refused++;
      }
    }
    expect(changedTables(before, await fingerprintOf(t.dataSource))).toEqual([]);
    const me = await t.http().get('/api/v1/auth/me').set(a.owner.auth).expect(200);
    expect(me.body.role ?? me.body.user?.role).toBe('provider_owner');
  });

  it('refuses revoked API keys, read-only keys writing, logged-out refresh tokens and refresh-token reuse', async () => {
    const full = await createApiKey(t, a.owner, 'full');
    const read = await createApiKey(t, a.owner, 'read');
    await t.http().get('/api/v1/routers').set(read.auth).expect(200);
    const before = await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } });
    for (const [method, path, body] of [
      ['post', '/api/v1/plans', { name: 'p', price: 10, kind: 'unlimited', validitySeconds: 60 }],
      ['patch', '/api/v1/provider', { location: 'x' }],
      ['post', '/api/v1/routers', { name: 'r', host: '127.0.0.1', username: 'u', password: 'p' }],
      ['delete', `/api/v1/api-keys/${full.id}`, undefined],
    ] as const) {
      const res = await (t.http() as any)[method](path).set(read.auth).send(body);
      if (res.status !== 403) throw new Error(`read-only key ${method} ${path}: expected 403, got ${res.status}`);
      refused++;
    }
    expect(changedTables(before, await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } }))).toEqual([]);

    await t.http().delete(`/api/v1/api-keys/${full.id}`).set(a.owner.auth).expect(200);
    await t.http().get('/api/v1/provider').set(full.auth).expect(401);
    await t
      .http()
      .get('/api/v1/provider')
      .set({ Authorization: `Bearer ${full.secret.slice(0, -1)}x` })
      .expect(401);
    refused += 2;

    const session = await login(t, a.email, a.password);
    const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401); // reuse of a rotated token
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: rotated.body.refreshToken });
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    refused += 2;
  });

  it('refused a meaningful number of attempts', () => {
    console.log(`auth attacks: ${refused} attempts refused`);
    expect(refused).toBeGreaterThan(60);
  });
});
