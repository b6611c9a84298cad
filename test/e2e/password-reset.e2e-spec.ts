import { startMailSink, type MailSink } from '@wavu/mail-sink';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import { createProvider, createStaff, createSuperAdmin, fingerprintOf, login } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/** Password reset by e-mail, through the queue and the mail sink over a real SMTP socket. */
describe('password reset (e2e)', () => {
  let t: TestApp;
  let sink: MailSink;
  let ipCounter = 0;
  /** each test from its own address, so the per-IP limit only bites where it is tested */
  const ip = () => `10.20.0.${++ipCounter}`;

  const request = (email: string, from = ip()) => t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', from).send({ email });
  const confirm = (token: string, newPassword: string) => t.http().post('/api/v1/auth/password-reset/confirm').set('X-Forwarded-For', ip()).send({ token, newPassword });
  /** sends the queue and returns the token of the newest reset e-mail to `email` */
  const tokenFor = async (email: string): Promise<string> => {
    await t.app.get(MessageSender).drainOnce();
    const mail = sink
      .messages(email)
      .filter((m) => m.subject === 'Reset your Wavu password')
      .pop();
    const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
    if (!match) throw new Error(`no reset link for ${email}`);
    return match[1];
  };

  beforeAll(async () => {
    sink = await startMailSink({ smtpPort: await freePort() });
    t = await startTestApp({ SMTP_URL: sink.smtpUrl, MAIL_FROM: 'Wavu Test <no-reply@wavu.test>' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('sets a new password once, signs the user in and ends every older session', async () => {
    const user = await createSuperAdmin(t);
    const other = await login(t, user.email, user.password);
    const accepted = await request(user.email.toUpperCase()).expect(202);
    expect(accepted.body.message).toMatch(/If an account uses this e-mail/);
    const token = await tokenFor(user.email);
    const mail = sink.messages(user.email).pop()!;
    expect(mail.subject).toBe('Reset your Wavu password');
    expect(mail.text).toContain(`${t.config.http.publicUrl}/reset-password?token=${token}`);

    const done = await confirm(token, 'a-brand-new-password').expect(200);
    expect(done.body.user).toMatchObject({ email: user.email });
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${done.body.accessToken}`).expect(200);

    // the sessions from before are over: refresh tokens refused, access tokens stop
    for (const session of [user, other]) {
      const refused = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect(refused.body.code).toBe('INVALID_REFRESH_TOKEN');
      await t.http().get('/api/v1/auth/me').set(session.auth).expect(401);
    }
    await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await login(t, user.email, 'a-brand-new-password');

    // the link works once
    const again = await confirm(token, 'yet-another-password').expect(400);
    expect(again.body.code).toBe('INVALID_RESET_TOKEN');
    await login(t, user.email, 'a-brand-new-password');

    const actions = await t.dataSource.query<Array<{ action: string }>>(`SELECT action FROM audit_logs WHERE actor_user_id = $1 AND action LIKE 'auth.password_reset%' ORDER BY created_at`, [
      user.userId,
    ]);
    expect(actions.map((a) => a.action)).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
    // the sent e-mail's link is not kept in the queue
    const [queued] = await t.dataSource.query<Array<{ body: string }>>(`SELECT body FROM outbound_messages WHERE recipient = $1`, [user.email]);
    expect(queued.body).not.toContain(token);
  });

  it('refuses an expired link, a replaced link and an unknown token, changing nothing', async () => {
    const user = await createSuperAdmin(t);
    await request(user.email).expect(202);
    const first = await tokenFor(user.email);
    await request(user.email).expect(202);
    const second = await tokenFor(user.email);
    expect(second).not.toBe(first);
    expect((await confirm(first, 'replaced-link-password').expect(400)).body.code).toBe('INVALID_RESET_TOKEN');

    await t.dataSource.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL`, [user.userId]);
    expect((await confirm(second, 'expired-link-password').expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
    expect((await confirm('x'.repeat(43), 'unknown-token-password').expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
    // the old password and session still work
    await login(t, user.email, user.password);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
  });

  it('keeps the token when the new password is too short', async () => {
    const user = await createSuperAdmin(t);
    await request(user.email).expect(202);
    const token = await tokenFor(user.email);
    expect((await confirm(token, 'short').expect(400)).body.code).toBe('VALIDATION_FAILED');
    await confirm(token, 'long-enough-password').expect(200);
  });

  it('answers an unknown or deactivated e-mail the same, and sends nothing', async () => {
    const known = await createSuperAdmin(t);
    const deactivated = await createSuperAdmin(t);
    await t.dataSource.query(`UPDATE users SET is_active = false WHERE id = $1`, [deactivated.userId]);
    const a = await request(known.email).expect(202);
    const b = await request('nobody-here@demo-hotspot.test').expect(202);
    const c = await request(deactivated.email).expect(202);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    await t.app.get(MessageSender).drainOnce();
    expect(sink.messages('nobody-here@demo-hotspot.test')).toEqual([]);
    expect(sink.messages(deactivated.email)).toEqual([]);
    expect(sink.messages(known.email)).toHaveLength(1);
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM outbound_messages WHERE recipient IN ($1, $2)`, [
      'nobody-here@demo-hotspot.test',
      deactivated.email,
    ]);
    expect(n).toBe(0);
  });

  it('limits requests per e-mail (whether or not it has an account) and per IP', async () => {
    for (let i = 0; i < 5; i++) await request('flood@demo-hotspot.test').expect(202);
    const perEmail = await request('flood@demo-hotspot.test').expect(429);
    expect(perEmail.body.code).toBe('PASSWORD_RESET_THROTTLED');
    expect(Number(perEmail.headers['retry-after'])).toBeGreaterThan(0);

    const from = '10.30.0.1';
    for (let i = 0; i < 20; i++) await request(`someone-${i}@demo-hotspot.test`, from).expect(202);
    const perIp = await request('someone-else@demo-hotspot.test', from).expect(429);
    expect(perIp.body.code).toBe('RATE_LIMITED');
  });

  describe('sent by the super admin (POST /admin/users/{id}/password-reset)', () => {
    it('e-mails the same single-use link, audited; the link sets a new password and ends every session', async () => {
      const admin = await createSuperAdmin(t);
      const provider = await createProvider(t, admin);
      const staff = await createStaff(t, provider.owner);
      const [{ email }] = await t.dataSource.query<Array<{ email: string }>>(`SELECT email FROM users WHERE id = $1`, [staff.userId]);

      const sent = await t.http().post(`/api/v1/admin/users/${staff.userId}/password-reset`).set(admin.auth).expect(202);
      expect(sent.body).toEqual({ message: `A link to choose a new password is on its way to ${email}. It works once, for 30 minutes.`, email, expiresAt: expect.any(String) });
      expect(Date.parse(sent.body.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
      const token = await tokenFor(email);
      expect(sink.messages(email).map((m) => m.subject)).toContain('Reset your Wavu password');
      expect(sink.messages(email).find((m) => m.text.includes(token))!.text).toContain(`${t.config.http.publicUrl}/reset-password?token=${token}`);

      const [audit] = await t.dataSource.query(`SELECT actor_user_id, provider_id, metadata FROM audit_logs WHERE action = 'user.password_reset_sent' AND target_id = $1`, [staff.userId]);
      expect(audit).toEqual({ actor_user_id: admin.userId, provider_id: provider.providerId, metadata: { email, role: 'provider_staff' } });

      // the same confirmation as a reset the user asked for: signed in, older sessions over, the link works once
      const done = await confirm(token, 'staff-new-password').expect(200);
      expect(done.body.user).toMatchObject({ id: staff.userId });
      await t.http().get('/api/v1/auth/me').set(staff.auth).expect(401);
      await login(t, email, 'staff-new-password');
      expect((await confirm(token, 'staff-third-password').expect(400)).body.code).toBe('INVALID_RESET_TOKEN');

      // a second one voids the first (the same token rules)
      await t.http().post(`/api/v1/admin/users/${staff.userId}/password-reset`).set(admin.auth).expect(202);
      const older = await tokenFor(email);
      await t.http().post(`/api/v1/admin/users/${staff.userId}/password-reset`).set(admin.auth).expect(202);
      const newer = await tokenFor(email);
      expect((await confirm(older, 'staff-fourth-password').expect(400)).body.code).toBe('INVALID_RESET_TOKEN');
      await confirm(newer, 'staff-fourth-password').expect(200);
    });

    it('refuses a deactivated user (409), an unknown one (404) and anyone but a super admin (403), changing nothing', async () => {
      const admin = await createSuperAdmin(t);
      const provider = await createProvider(t, admin);
      const gone = await createSuperAdmin(t);
      await t.http().post(`/api/v1/admin/users/${gone.userId}/deactivate`).set(admin.auth).send({ reason: 'Left the team' }).expect(200);
      const before = await fingerprintOf(t.dataSource);
      const refused = await t.http().post(`/api/v1/admin/users/${gone.userId}/password-reset`).set(admin.auth).expect(409);
      expect(refused.body).toMatchObject({ code: 'USER_DEACTIVATED', message: expect.stringContaining('reactivate the account') });
      expect((await t.http().post('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/password-reset').set(admin.auth).expect(404)).body.code).toBe('USER_NOT_FOUND');
      expect((await t.http().post('/api/v1/admin/users/not-a-uuid/password-reset').set(admin.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await t.http().post(`/api/v1/admin/users/${admin.userId}/password-reset`).set(provider.owner.auth).expect(403)).body.code).toBe('FORBIDDEN');
      expect(await fingerprintOf(t.dataSource)).toEqual(before);
      await t.app.get(MessageSender).drainOnce();
      expect(sink.messages(gone.email)).toEqual([]);
    });

    it('counts towards the 5 an hour per e-mail address', async () => {
      const admin = await createSuperAdmin(t);
      const user = await createSuperAdmin(t);
      for (let i = 0; i < 3; i++) await request(user.email).expect(202);
      for (let i = 0; i < 2; i++) await t.http().post(`/api/v1/admin/users/${user.userId}/password-reset`).set(admin.auth).expect(202);
      const throttled = await t.http().post(`/api/v1/admin/users/${user.userId}/password-reset`).set(admin.auth).expect(429);
      expect(throttled.body.code).toBe('PASSWORD_RESET_THROTTLED');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
