import type { IncomingMessage } from 'node:http';
import { get as httpGet } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../apps/api/src/common/auth/principal';
import { AdminUsersService } from '../../apps/api/src/modules/auth/admin-users.service';
import type { ProviderFixture, Session, StaffFixture } from '../factories';
import { createApiKey, createProvider, createStaff, createSuperAdmin, fingerprintOf, login, replaceTemporaryPassword } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: string;
  provider: { id: string; businessName: string; status: string } | null;
  status: 'active' | 'deactivated';
  deactivationReason: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** Resolves with the response once the stream said `ready`; `ended` resolves when the server ends it. */
function openStream(port: number, ticket: string): Promise<{ events: string[]; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const events: string[] = [];
    const req = httpGet({ host: '127.0.0.1', port, path: `/api/v1/events/stream?ticket=${encodeURIComponent(ticket)}`, headers: { Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const ended = new Promise<void>((done) => res.on('end', done).on('close', done));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const match of chunk.matchAll(/^event: (.*)$/gm)) events.push(match[1]);
        if (events.includes('ready')) resolve({ events, ended });
      });
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

/** The stream's end, or a failure after `ms` (a bound, not a wait: the end is the signal). */
function endedWithin(stream: { ended: Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([stream.ended, new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('admin users (e2e): search, deactivate, reactivate, new super admins', () => {
  let t: TestApp;
  let port: number;
  let admin: Session & { email: string; password: string };
  let a: ProviderFixture;
  let b: ProviderFixture;
  let staff: StaffFixture;

  beforeAll(async () => {
    t = await startTestApp();
    port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    staff = await createStaff(t, a.owner);
  });
  afterAll(() => t?.close());

  const list = async (query: Record<string, string | number> = {}) =>
    (await t.http().get('/api/v1/admin/users').query(query).set(admin.auth).expect(200)).body as { items: AdminUser[]; nextCursor: string | null };
  const auditOf = (action: string, targetId: string) =>
    t.dataSource.query<{ actor_user_id: string; actor_email: string; provider_id: string | null; target_type: string; metadata: Record<string, unknown> }[]>(
      `SELECT actor_user_id, actor_email, provider_id, target_type, metadata FROM audit_logs WHERE action = $1 AND target_id = $2 ORDER BY created_at`,
      [action, targetId],
    );
  const ticketOf = async (session: Session) => (await t.http().post('/api/v1/events/ticket').set(session.auth).expect(200)).body.ticket as string;

  it('searches users across providers by e-mail or name in any case, each row with its provider', async () => {
    // both owners' e-mails start with "owner-": one search finds both providers' owners
    const owners = await list({ q: 'OWNER-' });
    const byEmail = new Map(owners.items.map((u) => [u.email, u]));
    expect(byEmail.get(a.email)).toMatchObject({ role: 'provider_owner', status: 'active', provider: { id: a.providerId, businessName: expect.stringMatching(/^Hotspot /) } });
    expect(byEmail.get(b.email)?.provider?.id).toBe(b.providerId);
    expect(owners.items.every((u) => u.email.includes('owner-'))).toBe(true);
    expect(byEmail.get(a.email)?.lastLoginAt).not.toBeNull();

    // by name, any case; a super admin has no provider
    const admins = await list({ q: 'test ADMIN' });
    expect(admins.items.map((u) => u.id)).toEqual([admin.userId]);
    expect(admins.items[0]).toMatchObject({ role: 'super_admin', provider: null, email: admin.email });

    // LIKE wildcards are searched for literally
    expect((await list({ q: '%' })).items).toEqual([]);
    expect((await list({ q: '_' })).items).toEqual([]);
  });

  it('filters by role, provider and status', async () => {
    const staffOnly = await list({ role: 'provider_staff' });
    expect(staffOnly.items.map((u) => u.id)).toEqual([staff.userId]);

    const ofA = await list({ providerId: a.providerId });
    expect(ofA.items.map((u) => u.id).sort()).toEqual([a.owner.userId, staff.userId].sort());

    const ofB = await list({ providerId: b.providerId, role: 'provider_owner', status: 'active' });
    expect(ofB.items.map((u) => u.id)).toEqual([b.owner.userId]);

    expect((await list({ status: 'deactivated', providerId: a.providerId })).items).toEqual([]);
  });

  it('pages newest first with a cursor, every user exactly once', async () => {
    const all = await list({ limit: 100 });
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    expect(all.nextCursor).toBeNull();
    const created = all.items.map((u) => u.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AdminUser[]; nextCursor: string | null } = await list({ limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBe(1);
      seen.push(page.items[0].id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((u) => u.id));

    const bad = await t.http().get('/api/v1/admin/users').query({ cursor: 'not-a-cursor' }).set(admin.auth).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it('deactivating ends every session at once: access token, refresh token and live stream refused; login says why', async () => {
    const user = await createStaff(t, b.owner);
    const session = await login(t, user.email, user.password);
    const stream = await openStream(port, await ticketOf(session));
    await t.http().get('/api/v1/auth/me').set(session.auth).expect(200);

    const res = await t.http().post(`/api/v1/admin/users/${user.userId}/deactivate`).set(admin.auth).send({ reason: 'Left the business' }).expect(200);
    expect(res.body).toMatchObject({ id: user.userId, status: 'deactivated', deactivationReason: 'Left the business', provider: { id: b.providerId } });
    expect(res.body.deactivatedAt).toEqual(expect.any(String));

    // no waiting: the very next request with either token is refused, and the open stream ends
    await t.http().get('/api/v1/auth/me').set(session.auth).expect(401);
    await t.http().get('/api/v1/auth/me').set(user.auth).expect(401);
    const refresh = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    expect(refresh.body.code).toBe('INVALID_REFRESH_TOKEN');
    await endedWithin(stream, 5000);

    const refused = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(403);
    expect(refused.body.code).toBe('ACCOUNT_DEACTIVATED');
    expect(refused.body.message).toMatch(/deactivated/);
    // a wrong password still answers like any wrong password (nothing told to a guesser)
    const guessed = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'a-wrong-guess-123' }).expect(401);
    expect(guessed.body.code).toBe('INVALID_CREDENTIALS');

    const [entry] = await auditOf('user.deactivated', user.userId);
    expect(entry).toMatchObject({
      actor_user_id: admin.userId,
      actor_email: admin.email,
      provider_id: b.providerId,
      target_type: 'user',
      metadata: { reason: 'Left the business', email: user.email },
    });
    const [attempt] = await auditOf('auth.login_deactivated', user.userId);
    expect(attempt.actor_user_id).toBe(user.userId);

    expect((await list({ status: 'deactivated' })).items.map((u) => u.id)).toContain(user.userId);
    const detail = await t.http().get(`/api/v1/admin/users/${user.userId}`).set(admin.auth).expect(200);
    expect(detail.body.status).toBe('deactivated');

    // again: nothing changes, no second audit entry
    await t.http().post(`/api/v1/admin/users/${user.userId}/deactivate`).set(admin.auth).send({ reason: 'Twice' }).expect(200);
    expect(await auditOf('user.deactivated', user.userId)).toHaveLength(1);
  });

  it('reactivating lets them sign in again with their password; sessions from before stay ended', async () => {
    const user = await createStaff(t, b.owner);
    await t.http().post(`/api/v1/admin/users/${user.userId}/deactivate`).set(admin.auth).send({ reason: 'On leave' }).expect(200);

    const res = await t.http().post(`/api/v1/admin/users/${user.userId}/reactivate`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ status: 'active', deactivatedAt: null, deactivationReason: null });

    const fresh = await login(t, user.email, user.password);
    await t.http().get('/api/v1/auth/me').set(fresh.auth).expect(200);
    await t.http().get('/api/v1/auth/me').set(user.auth).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);

    const [entry] = await auditOf('user.reactivated', user.userId);
    expect(entry).toMatchObject({ actor_user_id: admin.userId, provider_id: b.providerId, metadata: { reason: 'On leave', email: user.email } });
  });

  it('a provider owner can be deactivated: the provider, its staff and its API keys keep working', async () => {
    const owner = await createProvider(t, admin);
    const key = await createApiKey(t, owner.owner, 'read');
    const ownersStaff = await createStaff(t, owner.owner);
    await t.http().post(`/api/v1/admin/users/${owner.owner.userId}/deactivate`).set(admin.auth).send({ reason: 'Account shared with a stranger' }).expect(200);

    await t.http().get('/api/v1/auth/me').set(owner.owner.auth).expect(401);
    expect((await t.http().post('/api/v1/auth/login').send({ email: owner.email, password: owner.password }).expect(403)).body.code).toBe('ACCOUNT_DEACTIVATED');
    await t.http().get('/api/v1/plans').set(key.auth).expect(200);
    await t.http().get('/api/v1/auth/me').set(ownersStaff.auth).expect(200);
    const provider = await t.http().get(`/api/v1/admin/providers/${owner.providerId}`).set(admin.auth).expect(200);
    expect(provider.body.status).toBe('active');

    await t.http().post(`/api/v1/admin/users/${owner.owner.userId}/reactivate`).set(admin.auth).expect(200);
    await login(t, owner.email, owner.password);
  });

  it('refuses to deactivate yourself and the last active super admin', async () => {
    const self = await t.http().post(`/api/v1/admin/users/${admin.userId}/deactivate`).set(admin.auth).send({ reason: 'Testing myself' }).expect(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');

    // over HTTP the caller is itself an active super admin, so "the last one" is only reachable when two
    // deactivate each other at once; the service is asked directly with a caller that is not one
    const ghost: Principal = { kind: 'user', userId: randomUUID(), apiKeyId: null, email: 'ghost@wavu.test', role: 'super_admin', providerId: null, scope: 'full' };
    const only = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'super_admin' AND is_active`);
    expect(only.map((r) => r.id)).toEqual([admin.userId]);
    await expect(t.app.get(AdminUsersService).deactivate(admin.userId, 'No one left', ghost, { ip: null, userAgent: null })).rejects.toMatchObject({ code: 'LAST_SUPER_ADMIN' });
    await t.http().get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(await auditOf('user.deactivated', admin.userId)).toEqual([]);
  });

  it('two super admins deactivating each other at once: exactly one succeeds, one super admin stays active', async () => {
    const other = await createSuperAdmin(t);
    const [x, y] = await Promise.all([
      t.http().post(`/api/v1/admin/users/${other.userId}/deactivate`).set(admin.auth).send({ reason: 'Race one' }),
      t.http().post(`/api/v1/admin/users/${admin.userId}/deactivate`).set(other.auth).send({ reason: 'Race two' }),
    ]);
    const [won, lost] = x.status === 200 ? [x, y] : [y, x];
    expect(won.status).toBe(200);
    // the loser was refused as the last super admin, or (if the winner committed before it signed in) as signed out
    expect([401, 409]).toContain(lost.status);
    if (lost.status === 409) expect(lost.body.code).toBe('LAST_SUPER_ADMIN');
    const active = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'super_admin' AND is_active`);
    expect(active).toHaveLength(1);
    // the survivor brings the other back
    const survivor = active[0].id === admin.userId ? admin : other;
    const loser = survivor === admin ? other : admin;
    await t.http().post(`/api/v1/admin/users/${loser.userId}/reactivate`).set(survivor.auth).expect(200);
    admin = { ...(await login(t, admin.email, admin.password)), email: admin.email, password: admin.password };
  });

  it('creates another super admin with a temporary password that must be replaced at the first login', async () => {
    const res = await t.http().post('/api/v1/admin/users').set(admin.auth).send({ name: 'Demo Operator', email: '  Operator@Wavu.TEST ' }).expect(201);
    expect(res.body.user).toMatchObject({ email: 'operator@wavu.test', name: 'Demo Operator', role: 'super_admin', provider: null, status: 'active', mustChangePassword: true });
    const temporary = res.body.temporaryPassword as string;
    expect(temporary.length).toBeGreaterThanOrEqual(20);
    // the temporary password is stored only as its hash
    const [row] = await t.dataSource.query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE id = $1`, [res.body.user.id]);
    expect(row.password_hash).not.toContain(temporary);

    const first = await login(t, 'operator@wavu.test', temporary);
    const blocked = await t.http().get('/api/v1/admin/users').set(first.auth).expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const own = await replaceTemporaryPassword(t, 'operator@wavu.test', temporary, 'operator-own-password');
    await t.http().get('/api/v1/admin/users').set(own.auth).expect(200);

    const [entry] = await auditOf('user.super_admin_created', res.body.user.id);
    expect(entry).toMatchObject({ actor_user_id: admin.userId, provider_id: null, metadata: { email: 'operator@wavu.test', name: 'Demo Operator' } });

    const taken = await t.http().post('/api/v1/admin/users').set(admin.auth).send({ name: 'Again', email: 'operator@wavu.test' }).expect(409);
    expect(taken.body.code).toBe('EMAIL_TAKEN');
  });

  it('answers 404 for an unknown user', async () => {
    const id = randomUUID();
    expect((await t.http().get(`/api/v1/admin/users/${id}`).set(admin.auth).expect(404)).body.code).toBe('USER_NOT_FOUND');
    await t.http().post(`/api/v1/admin/users/${id}/deactivate`).set(admin.auth).send({ reason: 'Nobody' }).expect(404);
    await t.http().post(`/api/v1/admin/users/${id}/reactivate`).set(admin.auth).expect(404);
  });

  it('provider owners, staff and API keys get 403 on every user endpoint, and nothing changes', async () => {
    const key = await createApiKey(t, a.owner, 'full');
    const before = await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } });
    for (const auth of [a.owner.auth, staff.auth, key.auth]) {
      await t.http().get('/api/v1/admin/users').set(auth).expect(403);
      await t.http().get(`/api/v1/admin/users/${b.owner.userId}`).set(auth).expect(403);
      await t.http().post(`/api/v1/admin/users/${b.owner.userId}/deactivate`).set(auth).send({ reason: 'Not allowed' }).expect(403);
      await t.http().post(`/api/v1/admin/users/${b.owner.userId}/reactivate`).set(auth).expect(403);
      await t.http().post('/api/v1/admin/users').set(auth).send({ name: 'Sneaky', email: 'sneaky@example.test' }).expect(403);
    }
    expect(await fingerprintOf(t.dataSource, { columns: { api_keys: ['last_used_at'] } })).toEqual(before);
  });

  it('bad input is a 400 naming the field and changes nothing', async () => {
    const before = await fingerprintOf(t.dataSource);
    const cases: [string, string, object | undefined, string][] = [
      ['post', `/api/v1/admin/users/${b.owner.userId}/deactivate`, {}, 'reason'],
      ['post', `/api/v1/admin/users/${b.owner.userId}/deactivate`, { reason: '  ' }, 'reason'],
      ['post', `/api/v1/admin/users/${b.owner.userId}/deactivate`, { reason: 'x'.repeat(501) }, 'reason'],
      ['post', `/api/v1/admin/users/not-a-uuid/deactivate`, { reason: 'Valid reason' }, 'id'],
      ['post', '/api/v1/admin/users', { name: 'No mail', email: 'not-an-email' }, 'email'],
      ['post', '/api/v1/admin/users', { email: 'nameless@wavu.test' }, 'name'],
      ['post', '/api/v1/admin/users', { name: 'Escalate', email: 'escalate@wavu.test', role: 'super_admin' }, 'role'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await (t.http() as any)[method](path).set(admin.auth).send(body);
      if (res.status !== 400) throw new Error(`${method} ${path} ${JSON.stringify(body)}: expected 400, got ${res.status}`);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    for (const query of [{ role: 'root' }, { status: 'gone' }, { providerId: 'nope' }, { q: 'x'.repeat(101) }, { limit: 0 }]) {
      const res = await t.http().get('/api/v1/admin/users').query(query).set(admin.auth).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(Object.keys(query)[0]);
    }
    expect(await fingerprintOf(t.dataSource)).toEqual(before);
  });
});
