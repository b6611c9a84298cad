import { startMailSink, type MailSink, type SinkMessage } from '@wavu/mail-sink';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createStaff, createSuperAdmin, fingerprintOf, login } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

interface StaffRow {
  id: string;
  email: string;
  status: 'active' | 'invited' | 'removed';
  invitation: { sentAt: string; expiresAt: string; expired: boolean; delivery: 'waiting' | 'sent' | 'failed' } | null;
}

/**
 * Staff invitations (docs/email.md, "Staff invitations"): the owner invites, the e-mail goes
 * through the queue to the mail sink over a real SMTP socket, and its link (read from the sink's
 * mailbox over HTTP) sets the password once.
 */
describe('staff invitations (e2e)', () => {
  let t: TestApp;
  let sink: MailSink;
  let admin: Session;
  let provider: ProviderFixture;
  let other: ProviderFixture;
  let counter = 0;
  const email = (what: string) => `${what}-${++counter}-${Date.now()}@demo-hotspot.test`;

  const invite = (owner: Session, name: string, to: string) => t.http().post('/api/v1/staff').set(owner.auth).send({ name, email: to });
  const staffList = async (owner: Session) => (await t.http().get('/api/v1/staff').set(owner.auth).expect(200)).body.items as StaffRow[];
  const check = (token: string) => t.http().post('/api/v1/auth/invitation/check').send({ token });
  const accept = (token: string, newPassword: string) => t.http().post('/api/v1/auth/invitation/accept').send({ token, newPassword });
  /** The mailbox as anyone would read it: the sink's JSON API over HTTP, oldest first. */
  const mailbox = async (to: string): Promise<SinkMessage[]> => (await (await fetch(`${sink.httpUrl}/api/messages?to=${encodeURIComponent(to)}`)).json()) as SinkMessage[];
  /** Sends the queue, then the token of the newest invitation in `to`'s mailbox. */
  const tokenFromMailbox = async (to: string): Promise<string> => {
    await t.app.get(MessageSender).drainOnce();
    const mail = (await mailbox(to)).pop();
    const match = /\/accept-invite\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
    if (!match) throw new Error(`no invitation link in the mailbox of ${to}`);
    return match[1];
  };
  const audits = async (userId: string) =>
    (await t.dataSource.query<Array<{ action: string }>>(`SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at, id`, [userId])).map((r) => r.action);

  beforeAll(async () => {
    sink = await startMailSink({ smtpPort: await freePort() });
    t = await startTestApp({ SMTP_URL: sink.smtpUrl, MAIL_FROM: 'Wavu Test <no-reply@wavu.test>', PUBLIC_URL: 'http://wavu.test:3000' });
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    other = await createProvider(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('an invited staff member sets a password through the link', async () => {
    const to = email('wanjiru');
    const created = await invite(provider.owner, 'Wanjiru Kamau', to.toUpperCase()).expect(201);
    expect(created.body).toEqual({ user: expect.objectContaining({ email: to, role: 'provider_staff', active: true, status: 'invited', lastLoginAt: null }) });
    expect(created.body.user.invitation).toMatchObject({ expired: false, delivery: 'waiting' });
    const hours = (Date.parse(created.body.user.invitation.expiresAt) - Date.parse(created.body.user.invitation.sentAt)) / 3_600_000;
    expect(hours).toBeCloseTo(72, 1);
    const userId = created.body.user.id as string;

    // no password yet: no password signs in (the answer of a wrong one)
    for (const guess of ['', 'staff-password-123']) {
      const refused = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: to, password: guess || 'x' })
        .expect(401);
      expect(refused.body.code).toBe('INVALID_CREDENTIALS');
    }

    const token = await tokenFromMailbox(to);
    const [mail] = await mailbox(to);
    expect(mail.subject).toBe(`You are invited to ${(await t.http().get('/api/v1/auth/me').set(provider.owner.auth)).body.provider.businessName} on Wavu`);
    expect(mail.text).toContain(`Hello Wanjiru Kamau,\nTest Owner added you to the team of`);
    expect(mail.text).toContain(`\nhttp://wavu.test:3000/accept-invite?token=${token}\n`);
    expect(mail.text).toContain('expires in 72 hours');
    expect(mail.from).toBe('no-reply@wavu.test');
    expect((await staffList(provider.owner)).find((u) => u.id === userId)).toMatchObject({ status: 'invited', invitation: { delivery: 'sent', expired: false } });
    // the sent e-mail's link is not kept in the queue
    const [queued] = await t.dataSource.query<Array<{ body: string; html: string | null; status: string }>>(`SELECT body, html, status FROM outbound_messages WHERE recipient = $1`, [to]);
    expect(queued).toMatchObject({ status: 'sent', html: null });
    expect(queued.body).not.toContain(token);

    const details = await check(token).expect(200);
    expect(details.body).toEqual({ email: to, name: 'Wanjiru Kamau', businessName: expect.stringMatching(/^Hotspot /), expiresAt: created.body.user.invitation.expiresAt });

    const done = await accept(token, 'wanjiru-own-password').expect(200);
    expect(done.body.user).toMatchObject({ id: userId, email: to, role: 'provider_staff', mustChangePassword: false, provider: { id: provider.providerId } });
    await t.http().get('/api/v1/overview').set('Authorization', `Bearer ${done.body.accessToken}`).expect(200);
    const session = await login(t, to, 'wanjiru-own-password');
    await t.http().get('/api/v1/routers').set(session.auth).expect(200);

    // the link works once
    expect((await accept(token, 'another-password-123').expect(400)).body.code).toBe('INVALID_INVITATION');
    expect((await check(token).expect(400)).body.code).toBe('INVALID_INVITATION');
    await login(t, to, 'wanjiru-own-password');

    expect((await staffList(provider.owner)).find((u) => u.id === userId)).toMatchObject({ status: 'active', invitation: null, active: true });
    expect(await audits(userId)).toEqual(['staff.created', 'auth.invitation_accepted']);
    const [{ metadata }] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'staff.created' AND target_id = $1`, [userId]);
    expect(metadata).toEqual({ email: to, invited: true });
    const [signIn] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'auth.login' AND actor_user_id = $1 ORDER BY created_at LIMIT 1`, [userId]);
    expect(signIn.metadata).toEqual({ via: 'invitation' });
  });

  it('resending voids the older link, is limited to 5 an hour, and only for someone still invited', async () => {
    const to = email('otieno');
    const userId = (await invite(provider.owner, 'Otieno', to).expect(201)).body.user.id as string;
    const first = await tokenFromMailbox(to);
    const resent = await t.http().post(`/api/v1/staff/${userId}/invitation`).set(provider.owner.auth).expect(200);
    expect(resent.body).toMatchObject({ id: userId, status: 'invited', invitation: { delivery: 'waiting', expired: false } });
    const second = await tokenFromMailbox(to);
    expect(second).not.toBe(first);
    expect(await mailbox(to)).toHaveLength(2);
    expect((await accept(first, 'otieno-password-1').expect(400)).body.code).toBe('INVALID_INVITATION');

    // another provider's owner, and staff, cannot resend it; an unknown id is a 404
    expect((await t.http().post(`/api/v1/staff/${userId}/invitation`).set(other.owner.auth).expect(404)).body.code).toBe('STAFF_NOT_FOUND');
    const colleague = await createStaff(t, provider.owner);
    await t.http().post(`/api/v1/staff/${userId}/invitation`).set(colleague.auth).expect(403);
    // the owner is not staff; a member who set a password is not invited any more
    expect((await t.http().post(`/api/v1/staff/${provider.owner.userId}/invitation`).set(provider.owner.auth).expect(404)).body.code).toBe('STAFF_NOT_FOUND');
    const active = await t.http().post(`/api/v1/staff/${colleague.userId}/invitation`).set(provider.owner.auth).expect(409);
    expect(active.body).toMatchObject({ code: 'INVITATION_NOT_PENDING', message: expect.stringContaining('already set a password') });

    // 5 resends an hour per member: the sixth is refused with Retry-After and changes nothing
    for (let i = 0; i < 4; i++) await t.http().post(`/api/v1/staff/${userId}/invitation`).set(provider.owner.auth).expect(200);
    const before = await fingerprintOf(t.dataSource);
    const throttled = await t.http().post(`/api/v1/staff/${userId}/invitation`).set(provider.owner.auth).expect(429);
    expect(throttled.body.code).toBe('INVITATION_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(await fingerprintOf(t.dataSource)).toEqual(before);

    // only the newest link works
    const newest = await tokenFromMailbox(to);
    expect(await mailbox(to)).toHaveLength(6);
    await accept(second, 'otieno-password-1').expect(400);
    await accept(newest, 'otieno-password-1').expect(200);
    expect((await audits(userId)).filter((a) => a === 'staff.invitation_resent')).toHaveLength(5);
  });

  it('an expired link says so and changes nothing; a new invitation works', async () => {
    const to = email('akinyi');
    const userId = (await invite(provider.owner, 'Akinyi', to).expect(201)).body.user.id as string;
    const token = await tokenFromMailbox(to);
    await t.dataSource.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
    expect((await staffList(provider.owner)).find((u) => u.id === userId)).toMatchObject({ status: 'invited', invitation: { expired: true, delivery: 'sent' } });

    const before = await fingerprintOf(t.dataSource);
    for (const res of [await check(token).expect(400), await accept(token, 'akinyi-password-1').expect(400)]) {
      expect(res.body.code).toBe('INVITATION_EXPIRED');
      expect(res.body.message).toMatch(/expired .*Ask the business owner to send you a new one/);
    }
    expect(await fingerprintOf(t.dataSource)).toEqual(before);

    await t.http().post(`/api/v1/staff/${userId}/invitation`).set(provider.owner.auth).expect(200);
    await accept(await tokenFromMailbox(to), 'akinyi-password-1').expect(200);
    await login(t, to, 'akinyi-password-1');
  });

  it('bad input is a 400 that keeps the link; unknown tokens and removed members are refused', async () => {
    const to = email('kamau');
    const userId = (await invite(provider.owner, 'Kamau', to).expect(201)).body.user.id as string;
    const token = await tokenFromMailbox(to);
    expect((await accept(token, 'short').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http().post('/api/v1/auth/invitation/accept').send({ token, newPassword: 'long-enough-pass', extra: 1 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await check('short').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await accept('x'.repeat(43), 'long-enough-pass').expect(400)).body.code).toBe('INVALID_INVITATION');
    expect((await invite(provider.owner, '', email('nameless')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await invite(provider.owner, 'Twice', to).expect(409)).body.code).toBe('EMAIL_TAKEN');
    await check(token).expect(200);

    // removed before accepting: the link stops working, and a later reactivation does not revive it
    await t.http().delete(`/api/v1/staff/${userId}`).set(provider.owner.auth).expect(200);
    expect((await accept(token, 'long-enough-pass').expect(400)).body.code).toBe('INVALID_INVITATION');
    const removed = await t.http().post(`/api/v1/staff/${userId}/invitation`).set(provider.owner.auth).expect(409);
    expect(removed.body).toMatchObject({ code: 'INVITATION_NOT_PENDING', message: expect.stringContaining('was removed') });
    await t.http().post(`/api/v1/admin/users/${userId}/reactivate`).set(admin.auth).expect(200);
    expect((await accept(token, 'long-enough-pass').expect(400)).body.code).toBe('INVALID_INVITATION');
    expect((await staffList(provider.owner)).find((u) => u.id === userId)).toMatchObject({ status: 'invited', invitation: { expired: false } });
    expect((await t.http().get(`/api/v1/admin/users/${userId}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'active', invitationPending: true });
  });

  it('"Forgot password?" also works for someone invited: the reset link sets the password and voids the invitation', async () => {
    const to = email('njeri');
    await invite(provider.owner, 'Njeri', to).expect(201);
    const invitation = await tokenFromMailbox(to);
    await t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', '10.40.0.1').send({ email: to }).expect(202);
    await t.app.get(MessageSender).drainOnce();
    const reset = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec((await mailbox(to)).pop()!.text)![1];
    await t.http().post('/api/v1/auth/password-reset/confirm').send({ token: reset, newPassword: 'njeri-own-password' }).expect(200);
    expect((await accept(invitation, 'njeri-other-password').expect(400)).body.code).toBe('INVALID_INVITATION');
    await login(t, to, 'njeri-own-password');
  });
});
