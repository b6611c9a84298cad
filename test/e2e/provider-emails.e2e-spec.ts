import { startMailSink, type MailSink, type SinkMessage } from '@wavu/mail-sink';
import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import { startPesapalSimulator } from '@wavu/pesapal-sim';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import type { Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/** Plain-HTTP stand-in for the browser on Pesapal's hosted page: GET it, POST the form; returns Pesapal's redirect. */
async function payOnHostedPage(redirectUrl: string): Promise<string> {
  const page = await (await fetch(redirectUrl)).text();
  const formAction = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const trackingId = /name="OrderTrackingId" value="([^"]+)"/.exec(page)?.[1];
  if (!formAction || !trackingId) throw new Error('no payment form on the hosted page');
  const res = await fetch(new URL(formAction, redirectUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ OrderTrackingId: trackingId, action: 'card', phone: '0712345678' }).toString(),
    redirect: 'manual',
  });
  await res.text();
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

/**
 * The e-mails a provider's owner gets about the account (docs/email.md): the decision on the
 * application (approved, or rejected with the reason) and a receipt for each subscription payment
 * Pesapal confirms — once per event, over the queue and a real SMTP socket to the mail sink.
 */
describe('provider e-mails (e2e): approval, rejection, subscription receipts', () => {
  let t: TestApp;
  let sink: MailSink;
  let sim: PesapalSimulatorHandle;
  let admin: Session;
  let base: string;
  let planId: string;

  /** Sends the queue; the owner's mailbox (over the sink's HTTP API), oldest first. */
  const mailboxOf = async (to: string): Promise<SinkMessage[]> => {
    await t.app.get(MessageSender).drainOnce();
    return (await (await fetch(`${sink.httpUrl}/api/messages?to=${encodeURIComponent(to)}`)).json()) as SinkMessage[];
  };
  const queued = async (providerId: string) =>
    t.dataSource.query<Array<{ template_key: string; idempotency_key: string }>>(`SELECT template_key, idempotency_key FROM outbound_messages WHERE provider_id = $1 ORDER BY created_at`, [
      providerId,
    ]);

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sink = await startMailSink({ smtpPort: await freePort() });
    sim = await startPesapalSimulator({ ipn: { retryBackoffMs: 10, timeoutMs: 3000 } });
    t = await startTestApp({ SMTP_URL: sink.smtpUrl, MAIL_FROM: 'Wavu <no-reply@wavu.test>', PESAPAL_BASE_URL: sim.url, PUBLIC_URL: base, SUBSCRIPTION_TRIAL_DAYS: '14' });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    planId = (await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Pro', priceMinor: 250_000, period: 'monthly' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    await sink?.close();
  });

  it('approval e-mails the owner once, in the approval', async () => {
    const p = await createProvider(t, admin, { pending: true });
    const { businessName } = (await t.http().get(`/api/v1/admin/providers/${p.providerId}`).set(admin.auth).expect(200)).body;
    expect(await mailboxOf(p.email)).toEqual([]); // nothing at sign-up
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).send({}).expect(200);
    // a second approval is refused and queues nothing more
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).send({}).expect(409);

    const mails = await mailboxOf(p.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`${businessName} is approved on Wavu`);
    expect(mails[0].text).toContain('Hello Test Owner,');
    expect(mails[0].text).toContain(`the Wavu team approved ${businessName}`);
    expect(mails[0].text).toContain('Your free trial of 14 days has started.');
    expect(mails[0].text).toContain(`\n${base}/login\n`);
    expect(await queued(p.providerId)).toEqual([{ template_key: 'provider_approved', idempotency_key: `provider_approved:${p.providerId}` }]);
  });

  it('rejection e-mails the owner the reason, once', async () => {
    const p = await createProvider(t, admin, { pending: true });
    const { businessName } = (await t.http().get(`/api/v1/admin/providers/${p.providerId}`).set(admin.auth).expect(200)).body;
    const reason = 'We could not reach you on 0700 000 100 to confirm the business <address>.';
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/reject`).set(admin.auth).send({ reason }).expect(200);
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/reject`).set(admin.auth).send({ reason: 'again' }).expect(409);

    const mails = await mailboxOf(p.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`Your Wavu application for ${businessName}`);
    expect(mails[0].text).toContain(`could not approve it.\nReason: ${reason}\n`);
    // the HTML part carries the reason escaped
    expect(mails[0].html).toContain('Reason: We could not reach you on 0700 000 100 to confirm the business &lt;address&gt;.');
    expect(await queued(p.providerId)).toEqual([{ template_key: 'provider_rejected', idempotency_key: `provider_rejected:${p.providerId}` }]);
  });

  it('a rejected application whose reason fails validation sends nothing', async () => {
    const p = await createProvider(t, admin, { pending: true });
    expect((await t.http().post(`/api/v1/admin/providers/${p.providerId}/reject`).set(admin.auth).send({}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await queued(p.providerId)).toEqual([]);
  });

  it('a subscription payment e-mails one receipt, even with duplicated IPNs and the return racing', async () => {
    const p = await createProvider(t, admin);
    const approval = await mailboxOf(p.email);
    expect(approval).toHaveLength(1);
    const { invoice, redirectUrl } = (await t.http().post('/api/v1/subscription/checkout').set(p.owner.auth).send({ planId }).expect(201)).body;

    sim.configure({ ipn: { duplicates: 4 } });
    const location = await payOnHostedPage(redirectUrl);
    const trackingId = new URL(location).searchParams.get('OrderTrackingId')!;
    const ipn = `${base}/api/v1/billing/pesapal/ipn?OrderTrackingId=${trackingId}&OrderMerchantReference=${invoice.merchantReference}&OrderNotificationType=IPNCHANGE`;
    await Promise.all([fetch(location, { redirect: 'manual' }).then((r) => r.text()), ...Array.from({ length: 3 }, () => fetch(ipn).then((r) => r.json()))]);
    await sim.idle();
    expect(sim.ipnDeliveries().filter((d) => d.orderTrackingId === trackingId).length).toBe(5);

    const paid = (await t.http().get(`/api/v1/subscription/invoices/${invoice.id}`).set(p.owner.auth).expect(200)).body;
    expect(paid.status).toBe('paid');
    const mails = (await mailboxOf(p.email)).slice(1);
    expect(mails).toHaveLength(1);
    const receipt = mails[0];
    expect(receipt.subject).toBe('Receipt: KES 2,500 for Wavu Pro');
    expect(receipt.text).toContain('Plan: Pro (monthly)\nAmount: KES 2,500\nPeriod: ');
    expect(receipt.text).toContain(`Paid: `);
    expect(receipt.text).toContain(' by Visa\n');
    expect(receipt.text).toContain(`Pesapal reference: ${paid.confirmationCode}\n`);
    expect(receipt.text).toContain(`Our reference: ${invoice.merchantReference}\n`);
    expect(receipt.text).toContain(`\n${base}/app/subscription\n`);
    // the period is the invoice's, as the owner's dashboard shows it (Nairobi days)
    const day = (iso: string) => new Date(iso).toLocaleDateString('en-KE', { timeZone: 'Africa/Nairobi', day: 'numeric', month: 'short', year: 'numeric' });
    expect(receipt.text).toContain(`Period: ${day(paid.periodStart)} – ${day(paid.periodEnd)}\n`);

    // a later IPN for the same order (Pesapal re-sends) changes nothing and queues nothing
    await fetch(ipn).then((r) => r.json());
    expect((await mailboxOf(p.email)).slice(1)).toHaveLength(1);
    const keys = (await queued(p.providerId)).map((m) => m.idempotency_key);
    expect(keys).toEqual([`provider_approved:${p.providerId}`, `subscription_receipt:${invoice.id}`]);
    sim.configure({ ipn: { duplicates: 0 } });
  });
});
