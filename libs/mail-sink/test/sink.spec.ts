import { createTransport } from 'nodemailer';
import { startMailSink, type MailSink } from '../src';
import { linkify, mailboxPage } from '../src/page';

describe('mail sink', () => {
  let sink: MailSink;
  beforeAll(async () => {
    sink = await startMailSink();
  });
  afterAll(() => sink.close());

  it('receives a message over SMTP and shows it on the mailbox page, escaped, links clickable', async () => {
    const transport = createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false });
    await transport.sendMail({ from: 'Wavu <no-reply@wavu.test>', to: 'Owner@Demo-Hotspot.test', subject: 'Hi <b>there</b>', text: 'Open http://localhost:3000/reset-password?token=abc now' });
    transport.close();
    const message = await sink.waitFor((m) => m.to.includes('owner@demo-hotspot.test'));
    expect(message.subject).toBe('Hi <b>there</b>');

    const list = await fetch(`${sink.httpUrl}/mailbox?to=owner@demo-hotspot.test`).then((r) => r.text());
    expect(list).toContain('Hi &lt;b&gt;there&lt;/b&gt;');
    expect(list).not.toContain('<b>there</b>');
    const page = await fetch(`${sink.httpUrl}/mailbox/${message.id}`).then((r) => r.text());
    expect(page).toContain('<a href="http://localhost:3000/reset-password?token=abc" data-testid="mail-link">');

    const json = (await fetch(`${sink.httpUrl}/api/messages?to=OWNER@demo-hotspot.test`).then((r) => r.json())) as Array<{ id: string }>;
    expect(json.map((m) => m.id)).toEqual([message.id]);
    expect((await fetch(`${sink.httpUrl}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(sink.messages()).toEqual([]);
  });

  it('lists newest first and escapes a hostile link', () => {
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
    const base = { from: 'a@b.test', to: ['x@y.test'], text: '', html: null, messageId: null };
    const html = mailboxPage('x@y.test', [
      { ...base, id: 'old', subject: 'first', receivedAt: at(1) },
      { ...base, id: 'new', subject: 'second', receivedAt: at(2) },
    ]);
    expect(html.indexOf('second')).toBeLessThan(html.indexOf('first'));
    expect(linkify('see http://x.test/"><script>')).toBe('see <a href="http://x.test/" data-testid="mail-link">http://x.test/</a>&quot;&gt;&lt;script&gt;');
  });
});
