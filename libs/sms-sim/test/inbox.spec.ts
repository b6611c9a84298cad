import type { SmsSimulator } from '../src';
import { startSmsSimulator } from '../src';

describe('SMS simulator phone inbox page', () => {
  let sim: SmsSimulator;
  beforeEach(async () => {
    sim = await startSmsSimulator({ apps: [{ username: 'sandbox', apiKey: 'sandbox-key-1' }], settings: { deliveryDelayMs: 0 } });
  });
  afterEach(async () => {
    await sim.close();
  });

  const send = (to: string, message: string, from?: string) =>
    fetch(`${sim.url}/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: 'sandbox-key-1', Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'sandbox', to, message, ...(from ? { from } : {}) }).toString(),
    });
  const page = async (query: string) => {
    const res = await fetch(`${sim.phoneUrl}${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    return { html: await res.text(), csp: res.headers.get('content-security-policy') };
  };

  it('shows a phone its messages newest first, with sender and time, in a mobile-friendly page', async () => {
    await send('+254700000301', 'Your WiFi code is 4821', 'DEMOSHOP');
    await send('+254700000301', 'Second message');
    await send('+254700000302', 'For someone else');
    await sim.idle();
    const { html, csp } = await page('?number=0700000301');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('Messages to 0700000301');
    const second = html.indexOf('Second message');
    const first = html.indexOf('Your WiFi code is 4821');
    expect(second).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(second);
    expect(html).not.toContain('For someone else');
    expect(html).toContain('<strong data-testid="message-from">DEMOSHOP</strong>');
    expect(html).toContain('<strong data-testid="message-from">AFRICASTKNG</strong>');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d\d [A-Z][a-z]{2}, \d\d:\d\d:\d\d<\/time>/);
    expect(html).toContain('Delivered · 1 part · GSM-7');
    expect(csp).toContain("default-src 'none'");
  });

  it('shows a message with markup as text, and escapes the number typed in the address', async () => {
    await send('+254700000303', '<script>alert("x")</script> & <img src=x onerror=alert(1)>');
    const { html } = await page(`?number=${encodeURIComponent('700 000 303')}`);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(1)&#62;');
    const hostile = await page(`?number=${encodeURIComponent('"><script>alert(2)</script>')}`);
    expect(hostile.html).not.toContain('<script>alert(2)');
    expect(hostile.html).toContain('value="&#34;&#62;&#60;script&#62;alert(2)&#60;/script&#62;"');
    expect(hostile.html).toContain('data-testid="empty"');
  });

  it('without a number lists every phone, refused sends included', async () => {
    await send('+254700000304,+254700000406', 'Hello');
    const { html } = await page('');
    expect(html).toContain('All simulated phones');
    expect(html).toContain('+254700000304');
    expect(html).toContain('Not sent: UserInBlacklist (406)');
  });
});
