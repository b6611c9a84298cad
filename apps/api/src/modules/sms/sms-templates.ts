import type { SmsLocale } from './entities/sms-settings.entity';

/**
 * Customer SMS texts (docs/sms.md §9), English and Swahili. Plain GSM-7 words only, so a text is
 * one 160-character part unless the hotspot's or plan's name brings characters outside GSM-7
 * (the message log shows the parts billed). Names are cut to keep the code within one part.
 */
export interface VoucherLine {
  code: string;
  /** the hotspot password when it is not the code itself */
  password: string | null;
  planName: string;
}

function short(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}.`;
}

function credentials(v: VoucherLine, locale: SmsLocale): string {
  if (!v.password) return v.code;
  return locale === 'sw' ? `${v.code} nenosiri ${v.password}` : `${v.code} password ${v.password}`;
}

export function voucherCodeSms(locale: SmsLocale, hotspot: string, v: VoucherLine, receipt: string | null): string {
  const name = short(hotspot, 30);
  const plan = short(v.planName, 30);
  const ref = receipt ? (locale === 'sw' ? ` Risiti ya M-Pesa ${receipt}.` : ` M-Pesa ref ${receipt}.`) : '';
  return locale === 'sw'
    ? `${name}: nambari yako ya WiFi ni ${credentials(v, locale)} (${plan}). Iandike kwenye ukurasa wa kuingia wa WiFi.${ref}`
    : `${name}: your WiFi code is ${credentials(v, locale)} (${plan}). Type it on the WiFi login page.${ref}`;
}

export function voucherResendSms(locale: SmsLocale, hotspot: string, v: VoucherLine): string {
  const name = short(hotspot, 30);
  const plan = short(v.planName, 30);
  return locale === 'sw'
    ? `${name}: nambari yako ya WiFi ni ${credentials(v, locale)} (${plan}), tumeituma tena. Iandike kwenye ukurasa wa kuingia wa WiFi.`
    : `${name}: your WiFi code is ${credentials(v, locale)} (${plan}), sent again. Type it on the WiFi login page.`;
}

export function voucherRecoverySms(locale: SmsLocale, hotspot: string, lines: VoucherLine[]): string {
  const name = short(hotspot, 30);
  const list = lines.map((v) => `${credentials(v, locale)} (${short(v.planName, 24)})`).join(', ');
  if (lines.length === 1) {
    return locale === 'sw' ? `${name}: nambari yako ya WiFi uliyonunua ni ${list}.` : `${name}: the WiFi code you bought is ${list}.`;
  }
  return locale === 'sw' ? `${name}: nambari zako za WiFi ulizonunua: ${list}.` : `${name}: the WiFi codes you bought: ${list}.`;
}

export function smsTestText(locale: SmsLocale, hotspot: string): string {
  const name = short(hotspot, 40);
  return locale === 'sw' ? `Ujumbe wa majaribio kutoka Wavu kwa ${name}: SMS zinafanya kazi.` : `Test message from Wavu for ${name}: SMS works.`;
}
