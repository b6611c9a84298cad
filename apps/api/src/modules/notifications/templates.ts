import { formatMoney } from '../../common/money';
import { NAIROBI_TIME_ZONE } from '../../common/time';

/** A rendered e-mail: subject, plain text and a simple HTML part. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The languages every template is written in. */
export type Locale = 'en' | 'sw';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface PasswordResetParams {
  name: string;
  link: string;
  expiresInMinutes: number;
}

/**
 * One alert as an e-mail shows it (docs/alerts.md); times and amounts arrive formatted in the
 * recipient's language, names and errors as they are (escaped in the HTML part like everything).
 */
export type AlertEmailItem =
  | { kind: 'router_offline'; routerName: string; failing: boolean; since: string }
  | { kind: 'router_back'; routerName: string; downMinutes: number | null }
  | { kind: 'provisioning_failed'; routerName: string; change: string; error: string }
  | { kind: 'attention'; amount: string; reason: string; receipt: string | null }
  | { kind: 'subscription_lapse'; days: number; endsOn: string; trial: boolean };
type AlertItemKind = AlertEmailItem['kind'];

/**
 * One alert (one item) or a digest of several of the template's kind (the storm rule; items of
 * another kind are left out): `link` opens the page to act on, `settingsLink` the alert settings.
 */
interface AlertEmailParams {
  name: string;
  business: string;
  items: AlertEmailItem[];
  link: string;
  settingsLink: string;
}

interface StaffInvitationParams {
  /** the invited staff member */
  name: string;
  businessName: string;
  /** the owner who invited them */
  invitedBy: string;
  link: string;
  expiresInHours: number;
}

interface ProviderApprovedParams {
  name: string;
  businessName: string;
  /** the login page */
  link: string;
  /** the free trial that started with the approval (0: none) */
  trialDays: number;
}

interface ProviderRejectedParams {
  name: string;
  businessName: string;
  reason: string;
  /** the login page (the status page shows the application and its reason) */
  link: string;
}

interface SubscriptionReceiptParams {
  name: string;
  planName: string;
  period: 'monthly' | 'yearly';
  amountMinor: number;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
  paidAt: Date;
  /** Pesapal's payment method ("Visa", "MpesaKE"), when it said */
  paymentMethod: string | null;
  /** Pesapal's confirmation code, else its order tracking id */
  pesapalReference: string;
  /** our merchant reference (SUB-…) */
  reference: string;
  /** the subscription page (invoices) */
  link: string;
}

/** Every e-mail template's parameters, by template key (new templates: add a key here and below). */
export interface EmailTemplateParams {
  password_reset: PasswordResetParams;
  alert_router_offline: AlertEmailParams;
  alert_router_back: AlertEmailParams;
  alert_provisioning_failed: AlertEmailParams;
  alert_attention: AlertEmailParams;
  alert_subscription_lapse: AlertEmailParams;
  staff_invitation: StaffInvitationParams;
  provider_approved: ProviderApprovedParams;
  provider_rejected: ProviderRejectedParams;
  subscription_receipt: SubscriptionReceiptParams;
}
export type EmailTemplateKey = keyof EmailTemplateParams;

/** The HTML around every e-mail: one column, system fonts, a button for the main link, small print last. */
function htmlLayout(lines: string[], button?: { label: string; href: string }, after: string[] = [], small: string[] = []): string {
  const p = (line: string) => `<p style="margin:0 0 14px">${escapeHtml(line)}</p>`;
  const fine = (line: string) => `<p style="margin:0 0 14px;font-size:13px;color:#5b6673;overflow-wrap:anywhere">${escapeHtml(line)}</p>`;
  const cta = button
    ? `<p style="margin:20px 0"><a href="${escapeHtml(button.href)}" style="background:#1f5fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(button.label)}</a></p><p style="margin:0 0 14px;font-size:13px;color:#5b6673;word-break:break-all">${escapeHtml(button.href)}</p>`
    : '';
  return `<!doctype html><html><body style="margin:0;padding:16px;background:#f4f6f8;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1d2733"><div style="max-width:560px;margin:auto;background:#ffffff;border-radius:8px;padding:20px">${lines.map(p).join('')}${cta}${after.map(p).join('')}${small.map(fine).join('')}<p style="margin:20px 0 0;font-size:12px;color:#5b6673">Wavu</p></div></body></html>`;
}

/** An alert's words in one language: a single event, a digest of several, and the page button. */
interface AlertWords<K extends AlertItemKind> {
  one: (item: Extract<AlertEmailItem, { kind: K }>, business: string) => { subject: string; lines: string[] };
  many: (count: number, business: string) => { subject: string; intro: string };
  line: (item: Extract<AlertEmailItem, { kind: K }>) => string;
  button: (count: number) => string;
}

const GREETING: Record<Locale, (name: string) => string> = { en: (name) => `Hello ${name},`, sw: (name) => `Habari ${name},` };
const WHY: Record<Locale, (settingsLink: string) => string> = {
  en: (link) => `You get this e-mail because of your alert settings in Wavu; change them at ${link}`,
  sw: (link) => `Unapokea barua pepe hii kwa sababu ya mipangilio yako ya tahadhari kwenye Wavu; ibadilishe hapa ${link}`,
};

const ALERT_WORDS: { [K in AlertItemKind]: Record<Locale, AlertWords<K>> } = {
  router_offline: {
    en: {
      one: (i, business) =>
        i.failing
          ? {
              subject: `Router ${i.routerName} is failing`,
              lines: [
                `Wavu cannot work with your router "${i.routerName}" (${business}) since ${i.since}: it refuses the platform's login or commands.`,
                'Check its API user and password, and that its API service is on.',
              ],
            }
          : {
              subject: `Router ${i.routerName} is offline`,
              lines: [
                `Your router "${i.routerName}" (${business}) has not answered since ${i.since}.`,
                'Check that it has power and internet. Vouchers sold meanwhile wait in the queue and reach the router once it is back.',
              ],
            },
      many: (n, business) => ({ subject: `${n} routers are offline`, intro: `${n} routers of ${business} have not answered for several minutes:` }),
      line: (i) => `${i.routerName}: ${i.failing ? 'failing' : 'offline'} since ${i.since}`,
      button: (n) => (n === 1 ? 'Open the router' : 'Open your routers'),
    },
    sw: {
      one: (i, business) =>
        i.failing
          ? {
              subject: `Router ${i.routerName} inakataa kuunganishwa`,
              lines: [
                `Wavu haiwezi kufanya kazi na router yako "${i.routerName}" (${business}) tangu ${i.since}: inakataa kuingia au amri za jukwaa.`,
                'Angalia mtumiaji na nenosiri la API, na kwamba huduma ya API imewashwa.',
              ],
            }
          : {
              subject: `Router ${i.routerName} haipatikani`,
              lines: [
                `Router yako "${i.routerName}" (${business}) haijajibu tangu ${i.since}.`,
                'Hakikisha ina umeme na intaneti. Vocha zinazouzwa wakati huu zinasubiri na zitafika kwenye router ikirudi.',
              ],
            },
      many: (n, business) => ({ subject: `Router ${n} hazipatikani`, intro: `Router ${n} za ${business} hazijajibu kwa dakika kadhaa:` }),
      line: (i) => `${i.routerName}: ${i.failing ? 'inakataa' : 'haipatikani'} tangu ${i.since}`,
      button: (n) => (n === 1 ? 'Fungua router' : 'Fungua router zako'),
    },
  },
  router_back: {
    en: {
      one: (i, business) => ({
        subject: `Router ${i.routerName} is back online`,
        lines: [`Your router "${i.routerName}" (${business}) is back online${i.downMinutes !== null ? ` after ${i.downMinutes} minutes` : ''}. Changes that waited for it are being applied.`],
      }),
      many: (n, business) => ({ subject: `${n} routers are back online`, intro: `${n} routers of ${business} are back online:` }),
      line: (i) => `${i.routerName}${i.downMinutes !== null ? `: back after ${i.downMinutes} minutes` : ''}`,
      button: (n) => (n === 1 ? 'Open the router' : 'Open your routers'),
    },
    sw: {
      one: (i, business) => ({
        subject: `Router ${i.routerName} imerudi mtandaoni`,
        lines: [`Router yako "${i.routerName}" (${business}) imerudi mtandaoni${i.downMinutes !== null ? ` baada ya dakika ${i.downMinutes}` : ''}. Mabadiliko yaliyokuwa yakiisubiri yanatumwa sasa.`],
      }),
      many: (n, business) => ({ subject: `Router ${n} zimerudi mtandaoni`, intro: `Router ${n} za ${business} zimerudi mtandaoni:` }),
      line: (i) => `${i.routerName}${i.downMinutes !== null ? `: imerudi baada ya dakika ${i.downMinutes}` : ''}`,
      button: (n) => (n === 1 ? 'Fungua router' : 'Fungua router zako'),
    },
  },
  provisioning_failed: {
    en: {
      one: (i, business) => ({
        subject: `A change on router ${i.routerName} failed`,
        lines: [
          `A change on your router "${i.routerName}" (${business}) failed several times and was set aside: ${i.change}.`,
          `The router said: ${i.error}`,
          'Fix the cause, then press "Retry now" on the router page.',
        ],
      }),
      many: (n, business) => ({ subject: `${n} changes failed on your routers`, intro: `${n} changes on the routers of ${business} failed several times and were set aside:` }),
      line: (i) => `${i.routerName}: ${i.change} (${i.error})`,
      button: (n) => (n === 1 ? 'Open the router' : 'Open your routers'),
    },
    sw: {
      one: (i, business) => ({
        subject: `Badiliko kwenye router ${i.routerName} limeshindwa`,
        lines: [
          `Badiliko kwenye router yako "${i.routerName}" (${business}) limeshindwa mara kadhaa na limewekwa kando: ${i.change}.`,
          `Router ilijibu: ${i.error}`,
          'Rekebisha chanzo, kisha bonyeza "Retry now" kwenye ukurasa wa router.',
        ],
      }),
      many: (n, business) => ({ subject: `Mabadiliko ${n} yameshindwa kwenye router zako`, intro: `Mabadiliko ${n} kwenye router za ${business} yameshindwa mara kadhaa na yamewekwa kando:` }),
      line: (i) => `${i.routerName}: ${i.change} (${i.error})`,
      button: (n) => (n === 1 ? 'Fungua router' : 'Fungua router zako'),
    },
  },
  attention: {
    en: {
      one: (i, business) => ({
        subject: `A payment needs your attention (${i.amount})`,
        lines: [
          `A payment of ${i.amount}${i.receipt ? ` (M-Pesa ${i.receipt})` : ''} to ${business} did not become a voucher by itself: ${i.reason}.`,
          'Open Needs attention to issue the voucher, mark a refund due or dismiss it.',
        ],
      }),
      many: (n, business) => ({ subject: `${n} payments need your attention`, intro: `${n} payments to ${business} did not become vouchers by themselves:` }),
      line: (i) => `${i.amount}${i.receipt ? ` (M-Pesa ${i.receipt})` : ''}: ${i.reason}`,
      button: () => 'Open Needs attention',
    },
    sw: {
      one: (i, business) => ({
        subject: `Malipo yanahitaji uangalizi wako (${i.amount})`,
        lines: [
          `Malipo ya ${i.amount}${i.receipt ? ` (M-Pesa ${i.receipt})` : ''} kwa ${business} hayakugeuka vocha yenyewe: ${i.reason}.`,
          'Fungua Needs attention utoe vocha, uweke marejesho au uyafunge.',
        ],
      }),
      many: (n, business) => ({ subject: `Malipo ${n} yanahitaji uangalizi wako`, intro: `Malipo ${n} kwa ${business} hayakugeuka vocha yenyewe:` }),
      line: (i) => `${i.amount}${i.receipt ? ` (M-Pesa ${i.receipt})` : ''}: ${i.reason}`,
      button: () => 'Fungua Needs attention',
    },
  },
  subscription_lapse: {
    en: {
      one: (i, business) => ({
        subject: `Your Wavu ${i.trial ? 'trial' : 'subscription'} ends in ${i.days === 1 ? '1 day' : `${i.days} days`}`,
        lines: [`The ${i.trial ? 'free trial' : 'subscription'} of ${business} ends on ${i.endsOn}.`, 'Pay on the Subscription page to keep selling vouchers without interruption.'],
      }),
      many: (n) => ({ subject: `Your Wavu subscription ends soon`, intro: `${n} reminders:` }),
      line: (i) => `${i.trial ? 'Trial' : 'Subscription'} ends on ${i.endsOn}`,
      button: () => 'Open Subscription',
    },
    sw: {
      one: (i, business) => ({
        subject: `${i.trial ? 'Kipindi chako cha majaribio cha Wavu kinaisha' : 'Usajili wako wa Wavu unaisha'} baada ya ${i.days === 1 ? 'siku 1' : `siku ${i.days}`}`,
        lines: [`${i.trial ? 'Kipindi cha majaribio' : 'Usajili'} wa ${business} kinaisha tarehe ${i.endsOn}.`, 'Lipia kwenye ukurasa wa Subscription uendelee kuuza vocha bila kukatizwa.'],
      }),
      many: (n) => ({ subject: 'Usajili wako wa Wavu unaisha hivi karibuni', intro: `Vikumbusho ${n}:` }),
      line: (i) => `${i.trial ? 'Majaribio yanaisha' : 'Usajili unaisha'} tarehe ${i.endsOn}`,
      button: () => 'Fungua Subscription',
    },
  },
};

/** One alert or a digest, for every alert template key: the same layout, the kind's words. */
function renderAlert<K extends AlertItemKind>(kind: K, params: AlertEmailParams, locale: Locale): RenderedEmail {
  const words: AlertWords<K> = ALERT_WORDS[kind][locale];
  const items = params.items.filter((i): i is Extract<AlertEmailItem, { kind: K }> => i.kind === kind);
  const count = items.length;
  const body =
    count === 1
      ? words.one(items[0], params.business)
      : (() => {
          const head = words.many(count, params.business);
          return { subject: head.subject, lines: [head.intro, ...items.map((i) => `• ${words.line(i)}`)] };
        })();
  const intro = [GREETING[locale](params.name), ...body.lines];
  const outro = [WHY[locale](params.settingsLink)];
  return {
    subject: body.subject,
    text: [...intro, '', params.link, '', ...outro, '', 'Wavu'].join('\n'),
    html: htmlLayout(intro, { label: words.button(count), href: params.link }, [], outro),
  };
}

const alertRenderers = (kind: AlertItemKind): Record<Locale, (params: AlertEmailParams) => RenderedEmail> => ({
  en: (params) => renderAlert(kind, params, 'en'),
  sw: (params) => renderAlert(kind, params, 'sw'),
});

/** Plain text: the lines, the link on its own line when there is one, more lines, the signature; a blank line between each. */
function textBody(intro: string[], link: string | null, outro: string[]): string {
  return [intro.join('\n'), ...(link ? [link] : []), ...(outro.length ? [outro.join('\n')] : []), 'Wavu'].join('\n\n');
}

/** A day as people in Kenya read it, in the e-mail's language ("6 Dec 2026", "6 Desemba 2026"). */
function day(date: Date, locale: Locale): string {
  return date.toLocaleDateString(locale === 'sw' ? 'sw-KE' : 'en-KE', { timeZone: NAIROBI_TIME_ZONE, day: 'numeric', month: locale === 'sw' ? 'long' : 'short', year: 'numeric' });
}

function dayAndTime(date: Date, locale: Locale): string {
  return date.toLocaleString(locale === 'sw' ? 'sw-KE' : 'en-KE', { timeZone: NAIROBI_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
}

/** The receipt's facts, one per line, in the e-mail's language. */
function receiptLines(p: SubscriptionReceiptParams, locale: Locale): string[] {
  const sw = locale === 'sw';
  const period = sw ? (p.period === 'yearly' ? 'kila mwaka' : 'kila mwezi') : p.period === 'yearly' ? 'yearly' : 'monthly';
  const paid = dayAndTime(p.paidAt, locale) + (p.paymentMethod ? (sw ? ` kwa ${p.paymentMethod}` : ` by ${p.paymentMethod}`) : '');
  return [
    `${sw ? 'Kifurushi' : 'Plan'}: ${p.planName} (${period})`,
    `${sw ? 'Kiasi' : 'Amount'}: ${formatMoney(p.amountMinor, p.currency)}`,
    `${sw ? 'Kipindi' : 'Period'}: ${day(p.periodStart, locale)} – ${day(p.periodEnd, locale)}`,
    `${sw ? 'Imelipwa' : 'Paid'}: ${paid}`,
    `${sw ? 'Kumbukumbu ya Pesapal' : 'Pesapal reference'}: ${p.pesapalReference}`,
    `${sw ? 'Kumbukumbu yetu' : 'Our reference'}: ${p.reference}`,
  ];
}

type Renderers = { [K in EmailTemplateKey]: Record<Locale, (params: EmailTemplateParams[K]) => RenderedEmail> };

const RENDERERS: Renderers = {
  password_reset: {
    en: ({ name, link, expiresInMinutes }) => {
      const intro = [`Hello ${name},`, 'Someone (hopefully you) asked to reset the password of your Wavu account. Open this link to choose a new one:'];
      const outro = [
        `The link works once and expires in ${expiresInMinutes} minutes. Setting a new password signs you out everywhere.`,
        'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      ];
      return { subject: 'Reset your Wavu password', text: [...intro, '', link, '', ...outro, '', 'Wavu'].join('\n'), html: htmlLayout(intro, { label: 'Choose a new password', href: link }, outro) };
    },
    sw: ({ name, link, expiresInMinutes }) => {
      const intro = [`Habari ${name},`, 'Mtu (tunatumaini ni wewe) ameomba kubadilisha nenosiri la akaunti yako ya Wavu. Fungua kiungo hiki kuchagua jipya:'];
      const outro = [
        `Kiungo kinafanya kazi mara moja na kinaisha baada ya dakika ${expiresInMinutes}. Nenosiri jipya linakutoa kwenye vifaa vyote.`,
        'Kama hukuomba hivi, puuza barua pepe hii: nenosiri lako halibadiliki.',
      ];
      return {
        subject: 'Badilisha nenosiri lako la Wavu',
        text: [...intro, '', link, '', ...outro, '', 'Wavu'].join('\n'),
        html: htmlLayout(intro, { label: 'Chagua nenosiri jipya', href: link }, outro),
      };
    },
  },
  alert_router_offline: alertRenderers('router_offline'),
  alert_router_back: alertRenderers('router_back'),
  alert_provisioning_failed: alertRenderers('provisioning_failed'),
  alert_attention: alertRenderers('attention'),
  alert_subscription_lapse: alertRenderers('subscription_lapse'),
  staff_invitation: {
    en: ({ name, businessName, invitedBy, link, expiresInHours }) => {
      const intro = [`Hello ${name},`, `${invitedBy} added you to the team of ${businessName} on Wavu, where it runs its WiFi hotspot. Open this link to choose your password and sign in:`];
      const outro = [
        `The link works once and expires in ${expiresInHours} hours. If it has expired, ask ${invitedBy} to send you a new invitation.`,
        'If you were not expecting this, ignore this e-mail: nobody can use the account without the password you choose.',
      ];
      return { subject: `You are invited to ${businessName} on Wavu`, text: textBody(intro, link, outro), html: htmlLayout(intro, { label: 'Choose your password', href: link }, outro) };
    },
    sw: ({ name, businessName, invitedBy, link, expiresInHours }) => {
      const intro = [`Habari ${name},`, `${invitedBy} amekuongeza kwenye timu ya ${businessName} kwenye Wavu, inapoendesha hotspot yake ya WiFi. Fungua kiungo hiki uchague nenosiri lako na uingie:`];
      const outro = [
        `Kiungo kinafanya kazi mara moja na kinaisha baada ya saa ${expiresInHours}. Kikiisha, mwombe ${invitedBy} akutumie mwaliko mpya.`,
        'Kama hukutarajia mwaliko huu, puuza barua pepe hii: hakuna anayeweza kutumia akaunti bila nenosiri utakalochagua.',
      ];
      return { subject: `Mwaliko wa kujiunga na ${businessName} kwenye Wavu`, text: textBody(intro, link, outro), html: htmlLayout(intro, { label: 'Chagua nenosiri lako', href: link }, outro) };
    },
  },
  provider_approved: {
    en: ({ name, businessName, link, trialDays }) => {
      const intro = [
        `Hello ${name},`,
        `Good news: the Wavu team approved ${businessName}. You can now add your routers, create your plans and sell vouchers.`,
        ...(trialDays > 0 ? [`Your free trial of ${trialDays} days has started.`] : []),
      ];
      const outro = ['Thank you for choosing Wavu.'];
      return { subject: `${businessName} is approved on Wavu`, text: textBody(intro, link, outro), html: htmlLayout(intro, { label: 'Log in to Wavu', href: link }, outro) };
    },
    sw: ({ name, businessName, link, trialDays }) => {
      const intro = [
        `Habari ${name},`,
        `Habari njema: timu ya Wavu imeidhinisha ${businessName}. Sasa unaweza kuongeza ruta zako, kuunda vifurushi vyako na kuuza vocha.`,
        ...(trialDays > 0 ? [`Kipindi chako cha majaribio bila malipo cha siku ${trialDays} kimeanza.`] : []),
      ];
      const outro = ['Asante kwa kuchagua Wavu.'];
      return { subject: `${businessName} imeidhinishwa kwenye Wavu`, text: textBody(intro, link, outro), html: htmlLayout(intro, { label: 'Ingia kwenye Wavu', href: link }, outro) };
    },
  },
  provider_rejected: {
    en: ({ name, businessName, reason, link }) => {
      const intro = [`Hello ${name},`, `The Wavu team reviewed the application for ${businessName} and could not approve it.`, `Reason: ${reason}`];
      const outro = ['If you think this is a mistake, or can tell us more, contact the Wavu team. You can still log in to see your application:'];
      return {
        subject: `Your Wavu application for ${businessName}`,
        text: textBody([...intro, '', ...outro], link, []),
        html: htmlLayout([...intro, ...outro], { label: 'See your application', href: link }),
      };
    },
    sw: ({ name, businessName, reason, link }) => {
      const intro = [`Habari ${name},`, `Timu ya Wavu imekagua ombi la ${businessName} na haikuweza kuliidhinisha.`, `Sababu: ${reason}`];
      const outro = ['Kama unadhani ni kosa, au una maelezo zaidi, wasiliana na timu ya Wavu. Bado unaweza kuingia kuona ombi lako:'];
      return {
        subject: `Ombi lako la Wavu kwa ${businessName}`,
        text: textBody([...intro, '', ...outro], link, []),
        html: htmlLayout([...intro, ...outro], { label: 'Angalia ombi lako', href: link }),
      };
    },
  },
  subscription_receipt: {
    en: (p) => {
      const intro = [`Hello ${p.name},`, 'Thank you: we received your payment for your Wavu subscription.', ...receiptLines(p, 'en')];
      const outro = ['Keep this e-mail as your receipt. Your invoices are on your subscription page:'];
      return {
        subject: `Receipt: ${formatMoney(p.amountMinor, p.currency)} for Wavu ${p.planName}`,
        text: textBody([...intro, '', ...outro], p.link, []),
        html: htmlLayout([...intro, ...outro], { label: 'See your invoices', href: p.link }),
      };
    },
    sw: (p) => {
      const intro = [`Habari ${p.name},`, 'Asante: tumepokea malipo yako ya usajili wa Wavu.', ...receiptLines(p, 'sw')];
      const outro = ['Hifadhi barua pepe hii kama risiti yako. Ankara zako ziko kwenye ukurasa wa usajili:'];
      return {
        subject: `Risiti: ${formatMoney(p.amountMinor, p.currency)} kwa Wavu ${p.planName}`,
        text: textBody([...intro, '', ...outro], p.link, []),
        html: htmlLayout([...intro, ...outro], { label: 'Angalia ankara zako', href: p.link }),
      };
    },
  },
};

/** Renders an e-mail template; every parameter is escaped in the HTML part. */
export function renderEmail<K extends EmailTemplateKey>(key: K, params: EmailTemplateParams[K], locale: Locale = 'en'): RenderedEmail {
  return RENDERERS[key][locale](params);
}
