import { smsSegments } from '@wavu/africastalking';
import { renderEmail } from '../notifications/templates';
import { ALERT_LANGUAGES } from './alert-kinds';
import type { AlertSubject } from './alert-subject';
import { emailItem, smsText } from './alert-words';

const offline = (routerName: string): AlertSubject => ({ kind: 'router_offline', routerId: 'r', routerName, status: 'offline', since: '2026-03-19T11:05:00Z' });
const LONG = 'A router name far longer than anyone would type, with “curly quotes” and an émoji 📡 in it';

const samples: AlertSubject[][] = [
  [offline('Shop roof')],
  [offline(LONG)],
  Array.from({ length: 12 }, (_, i) => offline(`Tower ${i + 1} on the hill behind the market`)),
  [{ kind: 'router_back', routerId: 'r', routerName: LONG, downSince: '2026-03-19T11:05:00Z', backAt: '2026-03-19T11:17:30Z' }],
  [{ kind: 'provisioning_failed', routerId: 'r', routerName: LONG, change: 'upsert_user ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', error: 'input does not match any value of profile' }],
  [
    {
      kind: 'attention',
      itemId: 'i',
      amountMinor: 1_250_050,
      currency: 'KES',
      reason: 'C2B amount differs from the price of the plan the reference was made for, and more words',
      receipt: 'SGH7K2LQ9P',
    },
  ],
  [{ kind: 'subscription_lapse', subscriptionId: 's', days: 7, periodEnd: '2026-03-26T11:05:00Z', trial: false }],
];

describe('alert SMS texts', () => {
  it.each(ALERT_LANGUAGES)('fit one plain GSM-7 SMS in %s, however long the names', (language) => {
    for (const subjects of samples) {
      const text = smsText(subjects, language);
      expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(text.length).toBeLessThanOrEqual(160);
    }
  });

  it('words one router, and lists a digest with what does not fit counted', () => {
    expect(smsText([offline('Shop roof')], 'en')).toBe('Wavu alert: router Shop roof is offline since 14:05. Check its power and internet.');
    expect(smsText([offline('Shop roof')], 'sw')).toBe('Tahadhari ya Wavu: router Shop roof haipatikani tangu saa 14:05. Angalia umeme na intaneti.');
    const digest = smsText(samples[2], 'en');
    expect(digest).toMatch(/^Wavu alert: 12 routers are offline: Tower 1 on the hill behind the market, .* \+\d+ more\. Check power and internet\.$/);
    expect(smsText(samples[2], 'sw')).toMatch(/^Tahadhari ya Wavu: router 12 hazipatikani: Tower 1 .* na \d+ zaidi\. Angalia umeme na intaneti\.$/);
  });

  it('replaces what GSM-7 cannot carry instead of switching the SMS to UCS-2', () => {
    expect(smsText([offline('Café “Mama”')], 'en')).toContain('router Café "Mama" is offline');
    expect(smsText([offline('Antenna 📡')], 'en')).toContain('router Antenna ? is offline');
  });

  it('says how long a router was away', () => {
    expect(smsText(samples[3], 'en')).toMatch(/is back online after 13 min\.$/);
    expect(smsText(samples[3], 'sw')).toMatch(/imerudi mtandaoni baada ya dakika 13\.$/);
  });
});

describe('alert e-mails', () => {
  const params = (subjects: AlertSubject[], language: 'en' | 'sw' = 'en') => ({
    name: 'Amina <b>',
    business: 'Demo & Co',
    items: subjects.map((s) => emailItem(s, language)),
    link: 'http://localhost:3000/app/routers',
    settingsLink: 'http://localhost:3000/app/account#alerts',
  });

  it('escapes names in the HTML part and keeps them as typed in the text', () => {
    const mail = renderEmail('alert_router_offline', params([offline('<script>x</script>')]));
    expect(mail.subject).toBe('Router <script>x</script> is offline');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).toContain('Demo &amp; Co');
    expect(mail.text).toContain('Your router "<script>x</script>" (Demo & Co) has not answered since 19 Mar 2026, 14:05.');
  });

  it('lists a digest, in Swahili too, with the list page and the settings link', () => {
    const four = ['A', 'B', 'C', 'D'].map((n) => offline(`Tower ${n}`));
    const en = renderEmail('alert_router_offline', params(four));
    expect(en.subject).toBe('4 routers are offline');
    expect(en.text.split('\n').filter((l) => l.startsWith('• '))).toEqual(['A', 'B', 'C', 'D'].map((n) => `• Tower ${n}: offline since 19 Mar 2026, 14:05`));
    expect(en.text).toContain('change them at http://localhost:3000/app/account#alerts');
    const sw = renderEmail('alert_router_offline', params(four, 'sw'), 'sw');
    expect(sw.subject).toBe('Router 4 hazipatikani');
    expect(sw.text).toContain('• Tower A: haipatikani tangu 19 Mac 2026, 14:05');
    expect(sw.html).toContain('Fungua router zako');
  });

  it('words the subscription reminder for a trial and a paid period', () => {
    const subject = (days: number, trial: boolean, locale: 'en' | 'sw' = 'en') =>
      renderEmail('alert_subscription_lapse', params([{ kind: 'subscription_lapse', subscriptionId: 's', days, periodEnd: '2026-03-26T11:05:00Z', trial }], locale), locale).subject;
    expect(subject(7, true)).toBe('Your Wavu trial ends in 7 days');
    expect(subject(1, false)).toBe('Your Wavu subscription ends in 1 day');
    expect(subject(1, false, 'sw')).toBe('Usajili wako wa Wavu unaisha baada ya siku 1');
  });
});
