import { renderEmail } from './templates';

describe('e-mail templates', () => {
  const params = { name: '<script>alert("x")</script> & Co', link: 'http://localhost:3000/reset-password?token=a"b<c>', expiresInMinutes: 30 };

  it('escapes every parameter in the HTML part', () => {
    const { html } = renderEmail('password_reset', params);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('href="http://localhost:3000/reset-password?token=a&quot;b&lt;c&gt;"');
    expect(html).not.toContain('a"b<c>');
  });

  it('puts the link and the expiry in the plain text as they are', () => {
    const { subject, text } = renderEmail('password_reset', params);
    expect(subject).toBe('Reset your Wavu password');
    expect(text).toContain(`\n${params.link}\n`);
    expect(text).toContain('expires in 30 minutes');
    expect(text.startsWith('Hello <script>')).toBe(true);
  });

  it('has a Swahili version', () => {
    const { subject, text } = renderEmail('password_reset', params, 'sw');
    expect(subject).toBe('Badilisha nenosiri lako la Wavu');
    expect(text).toContain('dakika 30');
  });
});
