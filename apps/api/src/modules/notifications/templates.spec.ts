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

  const receipt = {
    name: 'Amina',
    planName: 'Pro <b>',
    period: 'yearly' as const,
    amountMinor: 2_500_050,
    currency: 'KES',
    periodStart: new Date('2026-12-20T21:30:00Z'), // 21 Dec in Nairobi
    periodEnd: new Date('2027-12-20T21:30:00Z'),
    paidAt: new Date('2026-12-06T09:05:00Z'),
    paymentMethod: 'MpesaKE',
    pesapalReference: 'QWE123RTY',
    reference: 'SUB-1a2b3c4d-0007-1',
    link: 'http://localhost:3000/app/subscription',
  };

  it('every template renders in English and Swahili, every parameter escaped in the HTML part', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const cases = [
      renderEmail('staff_invitation', { name: hostile, businessName: hostile, invitedBy: hostile, link: 'http://x/accept-invite?token=a"b', expiresInHours: 72 }),
      renderEmail('provider_approved', { name: hostile, businessName: hostile, link: 'http://x/login', trialDays: 14 }),
      renderEmail('provider_rejected', { name: hostile, businessName: hostile, reason: hostile, link: 'http://x/login' }),
      renderEmail('subscription_receipt', { ...receipt, name: hostile, planName: hostile }),
    ];
    for (const locale of ['en', 'sw'] as const) {
      cases.push(renderEmail('staff_invitation', { name: 'N', businessName: 'B', invitedBy: 'O', link: 'http://x', expiresInHours: 72 }, locale));
    }
    for (const { subject, text, html } of cases) {
      expect(subject.length).toBeGreaterThan(5);
      expect(text.endsWith('\n\nWavu')).toBe(true);
      expect(text).not.toContain('\n\n\n');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('a"b');
    }
  });

  it('an invitation names the business, who invited and how long the link works', () => {
    const params = { name: 'Wanjiru', businessName: 'Mama Njeri WiFi', invitedBy: 'Amina Otieno', link: 'http://localhost:3000/accept-invite?token=abc', expiresInHours: 72 };
    const en = renderEmail('staff_invitation', params);
    expect(en.subject).toBe('You are invited to Mama Njeri WiFi on Wavu');
    expect(en.text).toContain('Amina Otieno added you to the team of Mama Njeri WiFi');
    expect(en.text).toContain(`\n\n${params.link}\n\n`);
    expect(en.text).toContain('expires in 72 hours');
    const sw = renderEmail('staff_invitation', params, 'sw');
    expect(sw.subject).toBe('Mwaliko wa kujiunga na Mama Njeri WiFi kwenye Wavu');
    expect(sw.text).toContain('saa 72');
  });

  it('an approval mentions the trial only when there is one; a rejection carries the reason', () => {
    expect(renderEmail('provider_approved', { name: 'A', businessName: 'B', link: 'http://x/login', trialDays: 14 }).text).toContain('Your free trial of 14 days has started.');
    expect(renderEmail('provider_approved', { name: 'A', businessName: 'B', link: 'http://x/login', trialDays: 0 }).text).not.toContain('trial');
    const rejected = renderEmail('provider_rejected', { name: 'A', businessName: 'B', reason: 'We could not verify the business.', link: 'http://x/login' }, 'sw');
    expect(rejected.text).toContain('Sababu: We could not verify the business.');
  });

  it('a receipt shows the plan, amount, period (Nairobi days), payment and both references', () => {
    const en = renderEmail('subscription_receipt', receipt);
    expect(en.subject).toBe('Receipt: KES 25,000.50 for Wavu Pro <b>');
    expect(en.text).toContain(
      [
        'Plan: Pro <b> (yearly)',
        'Amount: KES 25,000.50',
        'Period: 21 Dec 2026 – 21 Dec 2027',
        'Paid: 6 Dec 2026, 12:05 by MpesaKE',
        'Pesapal reference: QWE123RTY',
        'Our reference: SUB-1a2b3c4d-0007-1',
      ].join('\n'),
    );
    const sw = renderEmail('subscription_receipt', { ...receipt, paymentMethod: null }, 'sw');
    expect(sw.text).toContain('Kifurushi: Pro <b> (kila mwaka)');
    expect(sw.text).toContain('Kipindi: 21 Desemba 2026 – 21 Desemba 2027');
    expect(sw.text).not.toContain(' kwa ');
  });
});
