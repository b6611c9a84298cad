import { startMailSink, type MailSink } from '@wavu/mail-sink';
import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { Clock } from '../../apps/api/src/common/clock';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { AlertsService } from '../../apps/api/src/modules/alerts/alerts.service';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createStaff, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const MINUTE = 60_000;
const WINDOW_SECONDS = 45;
const ROUTER_PASSWORD = 'pw-alerts-router';

/**
 * Alerts to a provider's owner and opted-in staff (docs/alerts.md), end to end: the RouterOS
 * simulator goes away and comes back over real sockets, monitoring and the alerts job are driven
 * directly with the injected clock (no real minutes), and e-mails are read from the mail sink
 * over SMTP.
 */
describe('alerts (e2e)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sink: MailSink;
  let admin: Session;

  const clock = () => t.app.get(Clock);
  const monitor = () => t.app.get(RouterMonitorService);
  const alerts = () => t.app.get(AlertsService);
  /** The alerts job twice around its window (what arrives together goes out together), then the sender. */
  const runAlerts = async () => {
    await alerts().run();
    clock().advance(WINDOW_SECONDS * 1000);
    const counts = await alerts().run();
    await t.app.get(MessageSender).drainOnce();
    return counts;
  };
  /** The alert e-mails to `to`: every one links to the alert settings (the account e-mails — an approval, a staff invitation — do not). */
  const mails = (to: string) => sink.messages(to).filter((m) => m.text.includes('/app/account#alerts'));
  const routerStatus = async (id: string) => (await t.dataSource.query<Array<{ status: string }>>(`SELECT status FROM routers WHERE id = $1`, [id]))[0].status;
  /** Monitoring until the router answers again (the client retries a refused router after a short backoff). */
  const untilOnline = async (routerIds: string[]) => {
    for (let i = 0; i < 100; i++) {
      await monitor().checkAll();
      const statuses = await Promise.all(routerIds.map(routerStatus));
      if (statuses.every((s) => s === 'online')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('routers did not come back online');
  };
  const addRouter = async (p: ProviderFixture, sim: SimRouter, name: string) =>
    (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name, host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: ROUTER_PASSWORD }).expect(201)).body
      .id as string;
  const smsRows = (providerId: string) =>
    t.dataSource.query<Array<{ recipient: string; template_key: string; body: string; locale: string; status: string }>>(
      `SELECT recipient, template_key, body, locale, status FROM outbound_messages WHERE provider_id = $1 AND channel = 'sms' ORDER BY created_at`,
      [providerId],
    );

  beforeAll(async () => {
    const smtpPort = await freePort();
    [sink, sandbox] = await Promise.all([startMailSink({ smtpPort }), startSandbox({ routers: 8, routerPassword: ROUTER_PASSWORD })]);
    t = await startTestApp({
      SMTP_URL: sink.smtpUrl,
      MAIL_FROM: 'Wavu Alerts <alerts@wavu.test>',
      ROUTER_CALL_TIMEOUT_MS: '1000',
      ALERT_DIGEST_WINDOW_SECONDS: String(WINDOW_SECONDS),
      PUBLIC_URL: 'http://wavu.localhost:3000',
      ROUTER_OUTBOX_MAX_ATTEMPTS: '2',
      ROUTER_OUTBOX_BACKOFF_MS: '0',
    });
    admin = await createSuperAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
    await sink?.close();
  });

  it('a router offline for 6 minutes alerts once and again when back', async () => {
    const p = await createProvider(t, admin);
    const sim = sandbox.routers[0];
    const routerId = await addRouter(p, sim, 'Shop roof');
    await monitor().checkAll();
    expect(await routerStatus(routerId)).toBe('online');

    await sim.setFaults({ refuseConnections: true });
    await monitor().checkAll();
    expect(await routerStatus(routerId)).toBe('offline');
    await runAlerts();
    expect(mails(p.email)).toEqual([]);

    // six minutes later, still unreachable: one alert, sent after the storm window
    clock().advance(6 * MINUTE);
    await monitor().checkAll();
    await alerts().run();
    await t.app.get(MessageSender).drainOnce();
    expect(mails(p.email)).toEqual([]); // waiting for its window
    expect((await runAlerts()).alertsSent).toBe(1);
    const [offline] = mails(p.email);
    expect(offline).toMatchObject({ subject: 'Router Shop roof is offline', from: 'alerts@wavu.test' });
    expect(offline.text).toContain('Your router "Shop roof"');
    expect(offline.text).toContain(`http://wavu.localhost:3000/app/routers/${routerId}`);
    expect(offline.text).toContain('http://wavu.localhost:3000/app/account#alerts');

    // the outage goes on: monitoring keeps seeing it, nobody is told again
    for (let i = 0; i < 3; i++) {
      clock().advance(MINUTE);
      await monitor().checkAll();
      await runAlerts();
    }
    expect(mails(p.email)).toHaveLength(1);
    const dashboard = await t.http().get(`/api/v1/routers/${routerId}`).set(p.owner.auth).expect(200);
    expect(dashboard.body.alert).toMatch(/^Offline for 12 minutes/);

    // back: one more message, and only one
    await sim.clearFaults();
    await untilOnline([routerId]);
    await runAlerts();
    await runAlerts();
    const all = mails(p.email);
    expect(all.map((m) => m.subject)).toEqual(['Router Shop roof is offline', 'Router Shop roof is back online']);
    expect(all[1].text).toMatch(/is back online after 1[23] minutes/);
    expect((await t.http().get(`/api/v1/routers/${routerId}`).set(p.owner.auth).expect(200)).body.alert).toBeNull();
    const events = await t.http().get(`/api/v1/routers/${routerId}/events`).set(p.owner.auth).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type).filter((type: string) => type === 'offline_alert' || type === 'back_online')).toEqual(['back_online', 'offline_alert']);
  });

  it('an outage shorter than the threshold alerts nothing, not even its return', async () => {
    const p = await createProvider(t, admin);
    const sim = sandbox.routers[1];
    const routerId = await addRouter(p, sim, 'Kiosk');
    await monitor().checkAll();
    await sim.setFaults({ refuseConnections: true });
    await monitor().checkAll();
    clock().advance(4 * MINUTE);
    await monitor().checkAll();
    await runAlerts();
    await sim.clearFaults();
    await untilOnline([routerId]);
    await runAlerts();
    expect(mails(p.email)).toEqual([]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM alerts WHERE provider_id = $1`, [p.providerId])).toEqual([{ n: 0 }]);
  });

  it('sends one digest when more than three routers of a provider go offline together, each outage still once', async () => {
    const p = await createProvider(t, admin);
    const sims = sandbox.routers.slice(2, 6);
    const ids = [];
    for (const [i, sim] of sims.entries()) ids.push(await addRouter(p, sim, `Tower ${i + 1}`));
    await monitor().checkAll();
    // two go down first, two a minute and a half later: the second pair alerts 40 s after the
    // first pair, inside its window, so all four go out in one message
    await Promise.all(sims.slice(0, 2).map((s) => s.setFaults({ refuseConnections: true })));
    await monitor().checkAll();
    clock().advance(90_000);
    await Promise.all(sims.slice(2).map((s) => s.setFaults({ refuseConnections: true })));
    await monitor().checkAll();
    clock().advance(6 * MINUTE - 90_000 + 1000);
    await monitor().checkAll(); // towers 1 and 2 past 5 minutes
    expect((await alerts().run()).routerEvents).toBe(2);
    clock().advance(40_000);
    await monitor().checkAll(); // towers 3 and 4 past 5 minutes
    const second = await alerts().run();
    expect(second).toMatchObject({ routerEvents: 2, alertsSent: 0 });
    clock().advance(10_000);
    expect(await alerts().run()).toMatchObject({ alertsSent: 4, digests: 1, messagesQueued: 1 });
    await t.app.get(MessageSender).drainOnce();
    const [digest] = mails(p.email);
    expect(mails(p.email)).toHaveLength(1);
    expect(digest.subject).toBe('4 routers are offline');
    for (const name of ['Tower 1', 'Tower 2', 'Tower 3', 'Tower 4']) expect(digest.text).toContain(`• ${name}: offline since`);
    expect(digest.text).toContain('http://wavu.localhost:3000/app/routers\n');

    // later checks of the same outages send nothing more
    clock().advance(3 * MINUTE);
    await monitor().checkAll();
    await runAlerts();
    expect(mails(p.email)).toHaveLength(1);

    // two come back: two returns are no storm, each is its own message
    await Promise.all(sims.slice(0, 2).map((s) => s.clearFaults()));
    await untilOnline(ids.slice(0, 2));
    await runAlerts();
    expect(
      mails(p.email)
        .slice(1)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Router Tower 1 is back online', 'Router Tower 2 is back online']);
    await Promise.all(sims.slice(2).map((s) => s.clearFaults()));
    await untilOnline(ids.slice(2));
  });

  it('follows each person’s choices: an owner who turned routers off gets nothing, staff who opted in get e-mail and SMS in their language', async () => {
    const p = await createProvider(t, admin);
    const staff = await createStaff(t, p.owner);
    const quiet = await createStaff(t, p.owner);
    const sim = sandbox.routers[6];
    const routerId = await addRouter(p, sim, 'Hostel');

    // defaults: the owner every category by e-mail, staff nothing
    const ownerDefaults = await t.http().get('/api/v1/auth/me/alert-preferences').set(p.owner.auth).expect(200);
    expect(ownerDefaults.body).toEqual({
      language: 'en',
      categories: { router: { email: true, sms: false }, provisioning: { email: true, sms: false }, payments: { email: true, sms: false }, subscription: { email: true, sms: false } },
      available: ['router', 'provisioning', 'payments', 'subscription'],
      phone: null,
      saved: false,
      routerOfflineMinutes: 5,
      subscriptionDays: [7, 1],
    });
    const staffDefaults = await t.http().get('/api/v1/auth/me/alert-preferences').set(staff.auth).expect(200);
    expect(staffDefaults.body).toMatchObject({ categories: { router: { email: false, sms: false } }, available: ['router', 'provisioning', 'payments'], saved: false });

    const all = (email: boolean, sms = false) => ({ router: { email, sms }, provisioning: { email, sms }, payments: { email, sms }, subscription: { email: false, sms: false } });
    // SMS needs a phone first; a staff member cannot take the subscription; bad input changes nothing
    const noPhone = await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(staff.auth)
      .send({ language: 'sw', categories: all(true, true) })
      .expect(400);
    expect(noPhone.body).toMatchObject({ code: 'ALERT_PHONE_REQUIRED', details: expect.arrayContaining([{ field: 'categories.router.sms', messages: ['needs a mobile number on your profile'] }]) });
    const ownerOnly = await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(staff.auth)
      .send({ language: 'en', categories: { ...all(true), subscription: { email: true, sms: false } } })
      .expect(400);
    expect(ownerOnly.body).toMatchObject({ code: 'ALERT_CATEGORY_NOT_AVAILABLE', details: [{ field: 'categories.subscription' }] });
    const invalid = await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(staff.auth)
      .send({ language: 'fr', categories: { router: { email: 'yes' } } })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['language', 'categories.router.email', 'categories.router.sms', 'categories.provisioning', 'categories.payments', 'categories.subscription']),
    );
    const badPhone = await t.http().patch('/api/v1/auth/me').set(staff.auth).send({ phone: '0812 345 678' }).expect(400);
    expect(badPhone.body.details).toEqual([{ field: 'phone', messages: ['phone must be a Kenyan mobile number such as 0712 345 678'] }]);
    expect((await t.http().get('/api/v1/auth/me/alert-preferences').set(staff.auth).expect(200)).body).toEqual(staffDefaults.body);

    const me = await t.http().patch('/api/v1/auth/me').set(staff.auth).send({ phone: '0712 345 678' }).expect(200);
    expect(me.body.phone).toBe('+254712345678');
    const saved = await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(staff.auth)
      .send({ language: 'sw', categories: all(true, true) })
      .expect(200);
    expect(saved.body).toMatchObject({ language: 'sw', phone: '+254712345678', saved: true, categories: all(true, true) });
    await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(p.owner.auth)
      .send({ language: 'en', categories: { ...all(true), router: { email: false, sms: false }, subscription: { email: true, sms: false } } })
      .expect(200);
    const audit = await t.dataSource.query<Array<{ action: string }>>(`SELECT action FROM audit_logs WHERE provider_id = $1 AND action LIKE 'user.%' ORDER BY created_at`, [p.providerId]);
    expect(audit.map((a) => a.action)).toEqual(['user.phone_changed', 'user.alert_preferences_changed', 'user.alert_preferences_changed']);
    // a super admin has no provider to hear about; an API key is not a person
    await t.http().get('/api/v1/auth/me/alert-preferences').set(admin.auth).expect(403);

    await monitor().checkAll();
    await sim.setFaults({ refuseConnections: true });
    await monitor().checkAll();
    clock().advance(6 * MINUTE);
    await monitor().checkAll();
    await runAlerts();
    expect(mails(p.email)).toEqual([]);
    expect(mails(quiet.email)).toEqual([]);
    const [mail] = mails(staff.email);
    expect(mail.subject).toBe('Router Hostel haipatikani');
    expect(mail.text).toContain('Habari Test Staff,');
    const sms = await smsRows(p.providerId);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ recipient: '254712345678', template_key: 'alert_router_offline', locale: 'sw', status: 'queued' });
    expect(sms[0].body).toMatch(/^Tahadhari ya Wavu: router Hostel haipatikani tangu saa \d\d:\d\d\. Angalia umeme na intaneti\.$/);
    await sim.clearFaults();
    await untilOnline([routerId]);
  });

  it('alerts a dead-lettered router change and a new Needs attention item', async () => {
    const p = await createProvider(t, admin);
    const sim = sandbox.routers[7];
    const routerId = await addRouter(p, sim, 'Cafe');
    await monitor().checkAll();
    await inTransaction(t.dataSource, (m) =>
      t.app
        .get(RoutersService)
        .enqueue(m, p.providerId, [{ routerId, type: 'upsert_user', target: 'VCH-1', user: { name: 'VCH-1', password: 'VCH-1', profile: 'no-such-profile', comment: 'wavu:VCH-1' } }]),
    );
    for (let i = 0; i < 4; i++) await t.app.get(OutboxWorker).drainOnce();
    expect(await t.dataSource.query(`SELECT status FROM router_provisioning_ops WHERE router_id = $1 AND target = 'VCH-1'`, [routerId])).toEqual([{ status: 'dead' }]);
    // money that matched nothing (the queue's own source rows are covered in the attention e2e)
    const [item] = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO attention_items (provider_id, kind, reason, amount_minor, receipt, occurred_at) VALUES ($1, 'unmatched_c2b', 'no purchase has reference ZZZ999', 12000, 'SGH7K2LQ9P', now()) RETURNING id`,
      [p.providerId],
    );
    // a claim the provider raised itself is no news to it
    await t.dataSource.query(`INSERT INTO attention_items (provider_id, kind, reason, amount_minor, occurred_at) VALUES ($1, 'expired_stk_claim', 'customer says they paid', 5000, now())`, [
      p.providerId,
    ]);
    await runAlerts();
    const taken = await t.dataSource.query(`SELECT kind, messages, dispatched_at IS NOT NULL AS sent FROM alerts WHERE provider_id = $1 ORDER BY kind`, [p.providerId]);
    expect(taken).toEqual([
      { kind: 'attention', messages: 1, sent: true },
      { kind: 'provisioning_failed', messages: 1, sent: true },
    ]);
    const byTopic = Object.fromEntries(mails(p.email).map((m) => [m.subject, m]));
    expect(Object.keys(byTopic).sort()).toEqual(['A change on router Cafe failed', 'A payment needs your attention (KES 120)']);
    expect(byTopic['A change on router Cafe failed'].text).toContain('set aside: upsert_user VCH-1.');
    expect(byTopic['A change on router Cafe failed'].text).toMatch(/The router said: .*profile/);
    expect(byTopic['A payment needs your attention (KES 120)'].text).toContain('A payment of KES 120 (M-Pesa SGH7K2LQ9P)');
    expect(byTopic['A payment needs your attention (KES 120)'].text).toContain(`http://wavu.localhost:3000/app/attention/${item.id}`);
    // read again: nothing is taken twice
    await runAlerts();
    expect(mails(p.email)).toHaveLength(2);
  });

  it('reminds the owner 7 days and 1 day before the trial ends, once each', async () => {
    const p = await createProvider(t, admin);
    const staff = await createStaff(t, p.owner);
    await t
      .http()
      .put('/api/v1/auth/me/alert-preferences')
      .set(staff.auth)
      .send({
        language: 'en',
        categories: { router: { email: true, sms: false }, provisioning: { email: true, sms: false }, payments: { email: true, sms: false }, subscription: { email: false, sms: false } },
      })
      .expect(200);
    const [sub] = await t.dataSource.query<Array<{ end: Date }>>(`SELECT current_period_end AS end FROM provider_subscriptions WHERE provider_id = $1`, [p.providerId]);
    const untilEnd = () => new Date(sub.end).getTime() - clock().now().getTime();

    await runAlerts();
    expect(mails(p.email)).toEqual([]);
    clock().advance(untilEnd() - 7 * 24 * 60 * MINUTE + MINUTE);
    await runAlerts();
    clock().advance(6 * 60 * MINUTE);
    await runAlerts();
    expect(mails(p.email).map((m) => m.subject)).toEqual(['Your Wavu trial ends in 7 days']);
    expect(mails(p.email)[0].text).toContain('http://wavu.localhost:3000/app/subscription');

    clock().advance(untilEnd() - 24 * 60 * MINUTE + MINUTE);
    await runAlerts();
    clock().advance(60 * MINUTE);
    await runAlerts();
    expect(mails(p.email).map((m) => m.subject)).toEqual(['Your Wavu trial ends in 7 days', 'Your Wavu trial ends in 1 day']);
    expect(mails(staff.email)).toEqual([]);
  });
});
