import type { IncomingMessage } from 'node:http';
import { get as httpGet } from 'node:http';
import { Clock } from '../../apps/api/src/common/clock';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createStaff, createSuperAdmin, login } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

interface Stream {
  events: string[];
  /** resolves when the server ends the response */
  ended: Promise<void>;
  close(): void;
}

function openStream(port: number, ticket: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: string[] = [];
    const req = httpGet({ host: '127.0.0.1', port, path: `/api/v1/events/stream?ticket=${encodeURIComponent(ticket)}`, headers: { Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const ended = new Promise<void>((done) => res.on('end', done).on('close', done));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (const match of buffer.matchAll(/^event: (.*)$/gm)) events.push(match[1]);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        if (events.includes('ready')) resolve({ events, ended, close: () => req.destroy() });
      });
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

/** The stream's end, or a failure after `ms` (a bound, not a wait: the end is the signal). */
function endedWithin(stream: Stream, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([stream.ended, new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('sessions (e2e): logout, password change, sign-in lifetime, temporary passwords, live streams', () => {
  let t: TestApp;
  let clock: Clock;
  let port: number;
  let admin: Session & { email: string; password: string };
  let provider: ProviderFixture;
  const me = (session: Session) => t.http().get('/api/v1/auth/me').set(session.auth);

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_TOKEN_TTL_SECONDS: String(25 * 86400), REFRESH_FAMILY_MAX_AGE_SECONDS: String(30 * 86400) });
    clock = t.app.get(Clock);
    port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
  });
  afterEach(() => clock.reset());
  afterAll(() => t?.close());

  describe('access tokens end at once', () => {
    it('after logout: the logged-out session is refused at its next request; another session of the same user is not', async () => {
      const phone = await login(t, admin.email, admin.password);
      const laptop = await login(t, admin.email, admin.password);
      await me(phone).expect(200);
      await t.http().post('/api/v1/auth/logout').send({ refreshToken: phone.refreshToken }).expect(204);
      const refused = await me(phone).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      await me(laptop).expect(200);
      // a token refreshed before the logout belongs to the same session: refused too
      const other = await login(t, admin.email, admin.password);
      const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
      await t.http().post('/api/v1/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
      await me(other).expect(401);
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(401);
    });

    it('after a password change: every access token issued before is refused, the new session works', async () => {
      const user = await createSuperAdmin(t);
      const other = await login(t, user.email, user.password);
      await me(other).expect(200);
      const changed = await t.http().post('/api/v1/auth/change-password').set(user.auth).send({ currentPassword: user.password, newPassword: 'another-new-password' }).expect(200);
      await me(user).expect(401);
      await me(other).expect(401);
      await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    });

    it('refuses a new password equal to the current one, and changes nothing', async () => {
      const user = await createSuperAdmin(t);
      const res = await t.http().post('/api/v1/auth/change-password').set(user.auth).send({ currentPassword: user.password, newPassword: user.password }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'newPassword' }] });
      await me(user).expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    });
  });

  describe('a sign-in has an absolute lifetime', () => {
    it('refresh fails REFRESH_FAMILY_MAX_AGE_SECONDS after the login, however often it was refreshed', async () => {
      clock.set(new Date());
      const session = await login(t, admin.email, admin.password);
      clock.advance(20 * 86400_000);
      const day20 = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      clock.advance(9 * 86400_000);
      const day29 = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: day20.body.refreshToken }).expect(200);
      // each refresh token alone would live 25 days more; the sign-in ends on day 30
      clock.advance(86400_000 + 1000);
      const refused = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: day29.body.refreshToken }).expect(401);
      expect(refused.body.code).toBe('INVALID_REFRESH_TOKEN');
      const [{ expires_at, family_started_at }] = await t.dataSource.query(
        `SELECT expires_at, family_started_at FROM refresh_tokens WHERE family_id = (SELECT family_id FROM refresh_tokens ORDER BY created_at DESC LIMIT 1) ORDER BY created_at DESC LIMIT 1`,
      );
      expect(new Date(expires_at).getTime() - new Date(family_started_at).getTime()).toBeLessThanOrEqual(30 * 86400_000);
      // a new login starts a new sign-in
      await login(t, admin.email, admin.password);
    });
  });

  describe('temporary passwords', () => {
    /** A super admin made by another one: the temporary password is in the answer (staff are invited by e-mail instead). */
    const newSuperAdmin = async (email: string) => (await t.http().post('/api/v1/admin/users').set(admin.auth).send({ name: 'New Operator', email }).expect(201)).body.temporaryPassword as string;

    it('a super admin created with a temporary password gets only me, change-password and logout until they replace it', async () => {
      const temporary = await newSuperAdmin('new-operator@example.test');
      const first = await t.http().post('/api/v1/auth/login').send({ email: 'new-operator@example.test', password: temporary }).expect(200);
      expect(first.body.user).toMatchObject({ email: 'new-operator@example.test', role: 'super_admin', mustChangePassword: true });
      const auth = { Authorization: `Bearer ${first.body.accessToken}` };
      for (const [method, path] of [
        ['get', '/api/v1/admin/providers'],
        ['get', '/api/v1/admin/users'],
        ['post', '/api/v1/events/ticket'],
      ] as const) {
        const res = await t.http()[method](path).set(auth).expect(403);
        expect([path, res.body.code]).toEqual([path, 'PASSWORD_CHANGE_REQUIRED']);
      }
      expect((await t.http().get('/api/v1/auth/me').set(auth).expect(200)).body.mustChangePassword).toBe(true);
      const changed = await t.http().post('/api/v1/auth/change-password').set(auth).send({ currentPassword: temporary, newPassword: 'my-own-operator-password' }).expect(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      await t.http().get('/api/v1/admin/providers').set(auth).expect(401); // the temporary session ended
      await t.http().get('/api/v1/admin/providers').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
      const again = await login(t, 'new-operator@example.test', 'my-own-operator-password');
      expect((await me(again).expect(200)).body.mustChangePassword).toBe(false);
    });

    it('logout stays open to a user on a temporary password', async () => {
      const session = await login(t, 'leaving-operator@example.test', await newSuperAdmin('leaving-operator@example.test'));
      await t.http().post('/api/v1/auth/logout').set(session.auth).send({ refreshToken: session.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    });

    it('owners, invited staff and super admins created otherwise are not asked', async () => {
      expect((await me(provider.owner).expect(200)).body.mustChangePassword).toBe(false);
      expect((await me(admin).expect(200)).body.mustChangePassword).toBe(false);
      expect((await me(await createStaff(t, provider.owner)).expect(200)).body.mustChangePassword).toBe(false);
    });
  });

  describe('live streams', () => {
    const ticketOf = async (session: Session) => (await t.http().post('/api/v1/events/ticket').set(session.auth).expect(200)).body.ticket as string;

    it('close when their ticket expires, with an `expired` event', async () => {
      clock.set(new Date());
      const ticket = await ticketOf(provider.owner);
      clock.advance(59_000); // the ticket has at most a second left
      const stream = await openStream(port, ticket);
      await endedWithin(stream, 5000);
      expect(stream.events).toEqual(['ready', 'expired']);
      // an expired ticket opens nothing
      clock.advance(2000);
      const res = await t.http().get('/api/v1/events/stream').query({ ticket });
      expect(res.status).toBe(401);
    });

    it("close at once when the user is deactivated (staff removed); the owner's stays open", async () => {
      const staff = await createStaff(t, provider.owner);
      const stream = await openStream(port, await ticketOf(staff));
      const owners = await openStream(port, await ticketOf(provider.owner));
      let ownersEnded = false;
      void owners.ended.then(() => (ownersEnded = true));
      await t.http().delete(`/api/v1/staff/${staff.userId}`).set(provider.owner.auth).expect(200);
      await endedWithin(stream, 5000);
      expect(stream.events).toEqual(['ready']);
      expect(ownersEnded).toBe(false);
      owners.close();
    });

    it('close at once when the password is changed, and a ticket from before it opens nothing', async () => {
      const user = await createSuperAdmin(t);
      const ticket = await ticketOf(user);
      const stream = await openStream(port, await ticketOf(user));
      await t.http().post('/api/v1/auth/change-password').set(user.auth).send({ currentPassword: user.password, newPassword: 'streams-end-password' }).expect(200);
      await endedWithin(stream, 5000);
      await t.http().get('/api/v1/events/stream').query({ ticket }).expect(401);
    });
  });
});
