import { startMailSink, type MailSink } from '@wavu/mail-sink';
import { MessageQueue, MessageSender } from '../../apps/api/src/modules/notifications';
import { createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/** The outbound message queue against the mail sink over a real SMTP socket (docs/email.md). */
describe('outbound messages (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let sink: MailSink | null = null;
  let smtpPort: number;
  let n = 0;

  const BACKOFF_MS = 300;
  const email = (to: string, key = `test:${++n}`) => ({
    channel: 'email' as const,
    to,
    template: 'password_reset' as const,
    params: { name: 'Demo Owner', link: `http://localhost/reset-password?token=t${n}`, expiresInMinutes: 30 },
    idempotencyKey: key,
  });
  const queue = () => t.app.get(MessageQueue);
  const sender = (app: TestApp = t) => app.app.get(MessageSender);
  const row = async (key: string) =>
    (
      await t.dataSource.query<Array<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null; body: string; gateway_message_id: string | null }>>(
        `SELECT status, attempts, next_attempt_at, last_error, body, gateway_message_id FROM outbound_messages WHERE idempotency_key = $1`,
        [key],
      )
    )[0];
  const enqueue = (message: ReturnType<typeof email>) => t.dataSource.transaction((m) => queue().enqueue(m, message));
  /** drains until the condition holds (the backoff makes a message due again after a while) */
  const drainUntil = async (done: () => Promise<boolean>, timeoutMs = 10_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > end) throw new Error('condition not reached');
      await sender().drainOnce();
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    smtpPort = await freePort();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Wavu Test <no-reply@wavu.test>', OUTBOX_BACKOFF_MS: String(BACKOFF_MS), OUTBOX_MAX_ATTEMPTS: '3' };
    t = await startTestApp(env);
    second = await startTestApp(env, { db: t.db });
    sink = await startMailSink({ smtpPort });
  });
  afterAll(async () => {
    await sink?.close();
    await second?.close();
    await t?.close();
  });

  it('sends nothing for a message queued in a transaction that rolled back', async () => {
    const message = email('rollback@demo-hotspot.test');
    await expect(
      t.dataSource.transaction(async (m) => {
        await queue().enqueue(m, message);
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(await row(message.idempotencyKey)).toBeUndefined();
    await sender().drainOnce();
    expect(sink!.messages('rollback@demo-hotspot.test')).toEqual([]);
  });

  it('sends once for the same idempotency key queued twice, and records the gateway id', async () => {
    const message = email('twice@demo-hotspot.test', 'test:same-event');
    expect(await enqueue(message)).toBe(true);
    expect(await enqueue({ ...message, params: { ...message.params, name: 'Someone Else' } })).toBe(false);
    expect(await sender().drainOnce()).toMatchObject({ sent: 1 });
    await sender().drainOnce();
    const got = sink!.messages('twice@demo-hotspot.test');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ subject: 'Reset your Wavu password', from: 'no-reply@wavu.test' });
    expect(got[0].text).toContain('Hello Demo Owner');
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 1, gateway_message_id: got[0].messageId });
  });

  it('keeps a message through an SMTP outage: retries with backoff, delivered once the server is back', async () => {
    await sink!.close();
    sink = null;
    const message = email('outage@demo-hotspot.test');
    await enqueue(message);
    expect(await sender().drainOnce()).toMatchObject({ sent: 0, failed: 1 });
    const failed = await row(message.idempotencyKey);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    // not due again before the backoff
    expect(failed.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + BACKOFF_MS / 3);
    expect(await sender().drainOnce()).toMatchObject({ sent: 0, failed: 0 });

    sink = await startMailSink({ smtpPort });
    await drainUntil(async () => (await row(message.idempotencyKey)).status === 'sent');
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(sink.messages('outage@demo-hotspot.test')).toHaveLength(1);
  });

  it('marks a message dead after OUTBOX_MAX_ATTEMPTS, erases its one-time link, and system health shows it', async () => {
    await sink!.close();
    sink = null;
    const message = { ...email('dead@demo-hotspot.test'), sensitive: true };
    await enqueue(message);
    await drainUntil(async () => (await row(message.idempotencyKey)).status === 'dead');
    const dead = await row(message.idempotencyKey);
    expect(dead.attempts).toBe(3);
    expect(dead.body).not.toContain('reset-password?token=');

    const admin = await createSuperAdmin(t);
    const health = await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200);
    expect(health.body.messages).toMatchObject({ dead: 1, emailConfigured: true, channels: [{ channel: 'email', dead: 1 }] });
    expect(health.body.messages.recentDead[0]).toMatchObject({ recipient: 'dead@demo-hotspot.test', templateKey: 'password_reset', attempts: 3 });

    sink = await startMailSink({ smtpPort });
    await sender().drainOnce();
    expect(sink.messages('dead@demo-hotspot.test')).toEqual([]);
  });

  it('never sends a message twice when two API instances send at the same time', async () => {
    sink!.clear();
    const messages = Array.from({ length: 40 }, (_, i) => email(`crowd-${i}@demo-hotspot.test`));
    await t.dataSource.transaction(async (m) => {
      for (const message of messages) await queue().enqueue(m, message);
    });
    const [a, b] = await Promise.all([sender(t).drainOnce(), sender(second).drainOnce()]);
    expect(a.sent + b.sent).toBe(40);
    const received = sink!.messages().map((m) => m.to[0]);
    expect(received).toHaveLength(40);
    expect(new Set(received).size).toBe(40);
    const [{ sent }] = await t.dataSource.query<Array<{ sent: number }>>(`SELECT count(*)::int AS sent FROM outbound_messages WHERE recipient LIKE 'crowd-%' AND status = 'sent' AND attempts = 1`);
    expect(sent).toBe(40);
  });
});
