import type { Session } from '../factories';
import { createSuperAdmin, login } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

describe('auth (e2e)', () => {
  let t: TestApp;
  let admin: Session & { email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '600' });
    admin = await createSuperAdmin(t);
  });
  afterAll(() => t?.close());

  const auditActions = async (email: string) =>
    await t.dataSource.query<{ action: string; ip: string; user_agent: string }[]>(`SELECT action, ip, user_agent FROM audit_logs WHERE actor_email = $1 ORDER BY created_at`, [email]);

  it('logs in, answers me, and audits the login with IP and user agent', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('User-Agent', 'jest-agent/1.0').send({ email: admin.email.toUpperCase(), password: admin.password }).expect(200);
    expect(res.body).toMatchObject({ expiresIn: 900, user: { email: admin.email, role: 'super_admin', provider: null } });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body.email).toBe(admin.email);
    const entries = await auditActions(admin.email);
    const last = entries.filter((e) => e.action === 'auth.login').pop();
    expect(last?.user_agent).toBe('jest-agent/1.0');
    expect(last?.ip).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
  });

  it('refuses a wrong password with the same answer as an unknown account, and audits it', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: admin.email, password: 'nope' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@wavu.test', password: 'nope' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);
    expect((await auditActions(admin.email)).some((e) => e.action === 'auth.login_failed')).toBe(true);
    expect((await auditActions('nobody@wavu.test')).map((e) => e.action)).toEqual(['auth.login_failed']);
    // a success resets the per-account count
    await login(t, admin.email, admin.password);
  });

  it('throttles an account from the guessing IP, even with the right password, and not from other IPs or other accounts', async () => {
    const victim = await createSuperAdmin(t);
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.0.0.9').send({ email: victim.email, password: 'guess' }).expect(401);
    }
    const blocked = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.0.0.9').send({ email: victim.email, password: victim.password }).expect(429);
    expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    expect(blocked.body.message).toMatch(/Try again in \d+ minutes?/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(50);
    // the owner's own address and other accounts are not affected
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.0.0.10').send({ email: victim.email, password: victim.password }).expect(200);
    await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', '10.0.0.9').send({ email: admin.email, password: admin.password }).expect(200);
  });

  it('rotates refresh tokens and revokes the whole family when a spent token is reused', async () => {
    const first = await login(t, admin.email, admin.password);
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(200);

    // the spent first token comes back (stolen): refused, and the family dies
    const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: third.body.refreshToken }).expect(401);

    // another session of the same user is untouched
    const other = await login(t, admin.email, admin.password);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'auth.refresh_reused' AND actor_user_id = $1`, [admin.userId]);
    expect(n).toBe(2); // the stolen first token, then the revoked third one
  });

  it('serialises concurrent refreshes of one token: at most one succeeds', async () => {
    const session = await login(t, admin.email, admin.password);
    const results = await Promise.all(Array.from({ length: 5 }, () => t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })));
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
  });

  it('logs out: the refresh token stops working and the logout is audited', async () => {
    const session = await login(t, admin.email, admin.password);
    await t.http().post('/api/v1/auth/logout').set('User-Agent', 'logout-agent').send({ refreshToken: session.refreshToken }).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    const entries = await auditActions(admin.email);
    expect(entries.filter((e) => e.action === 'auth.logout').pop()?.user_agent).toBe('logout-agent');
  });

  it('changes the password: old password and old sessions stop working, the new ones work', async () => {
    const user = await createSuperAdmin(t);
    const other = await login(t, user.email, user.password);
    await t.http().post('/api/v1/auth/change-password').set(user.auth).send({ currentPassword: 'wrong-one', newPassword: 'brand-new-password' }).expect(400);
    const changed = await t.http().post('/api/v1/auth/change-password').set(user.auth).send({ currentPassword: user.password, newPassword: 'brand-new-password' }).expect(200);
    expect(changed.body.refreshToken).toBeDefined();
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await login(t, user.email, 'brand-new-password');
  });

  it('refuses missing, malformed, tampered and expired access tokens', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    const [h, p, s] = admin.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'super_admin', sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${h}.${forged}.${s}`).expect(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${none}.${p}.`).expect(401);
    const { JwtService } = await import('@nestjs/jwt');
    const expired = new JwtService({ secret: t.config.auth.jwtSecret }).sign({ sub: admin.userId, role: 'super_admin', pid: null, typ: 'access', exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });
});
