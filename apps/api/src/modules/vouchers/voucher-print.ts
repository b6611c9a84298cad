import PDFDocument from 'pdfkit';
import { openLogo } from './voucher-print-draw';
import { A4_CARD, GEOMETRY, MM, ROLL_WIDTH, TEXT } from './voucher-print-geometry';
import type { CardText, Fit } from './voucher-print-layout';
import { fitCard, Measure } from './voucher-print-layout';
import { printA4Sheets, printRoll } from './voucher-print-pages';

// Printing a batch: what a card says and the PDF it goes into. Where things go on each paper is in
// voucher-print-geometry.ts, the card layout in voucher-print-layout.ts, the drawing in
// voucher-print-draw.ts and the sheets and rolls in voucher-print-pages.ts (docs/printing.md).

export interface PrintCard {
  code: string;
  password: string | null;
  paymentReference: string;
  planName: string;
  /** e.g. "KES 50" */
  price: string;
  /** e.g. "Valid 24 h from first login" */
  validity: string;
  /** The hotspot login URL with the code filled in; null = no QR (no router DNS name known). */
  loginUrl: string | null;
}

/** A4 sheet of 3 × 7 cut-out cards, or a continuous thermal roll 80 mm (72 mm printed) or 58 mm (48 mm printed) wide. */
export type PrintPaper = 'a4' | 'thermal' | 'thermal58';

export interface PrintOptions {
  /** The provider's brand name (its branding name, else the business name). */
  providerName: string;
  /**
   * The WiFi network customers join ("1. Connect to …"). The platform stores no SSID, so callers pass
   * nothing and the provider's name is printed.
   */
  wifiName?: string | null;
  /** The router's hotspot DNS name: step 2 reads "Open any page (or http://<it>)"; null = unknown. */
  loginHost?: string | null;
  /** The provider's accent colour (#RRGGBB): card border and header on A4; null = the platform default. Thermal prints black only. */
  accentColor?: string | null;
  /** The provider's logo (decoded data URL); PNG and JPEG are embedded, other types fall back to the name only. */
  logo?: { contentType: string; bytes: Buffer } | null;
  layout: PrintPaper;
  title: string;
}

/** The portal's default accent (apps/web/src/portal/portal.css `--accent`). */
export const DEFAULT_ACCENT = '#0B6E4F';

/** What every card is drawn with: the brand name, the accent colour and the embeddable logo (if any). */
export interface CardStyle {
  name: string;
  accent: string;
  /** PNG or JPEG bytes pdfkit can embed; null = name only (no logo, or WebP/GIF). */
  logo: Buffer | null;
}

/** The card style for the print options (pure: the layout's inputs, unit-tested). */
export function cardStyle(options: Pick<PrintOptions, 'providerName' | 'accentColor' | 'logo'>): CardStyle {
  const accent = options.accentColor && /^#[0-9A-Fa-f]{6}$/.test(options.accentColor) ? options.accentColor.toUpperCase() : DEFAULT_ACCENT;
  const embeddable = options.logo && (options.logo.contentType === 'image/png' || options.logo.contentType === 'image/jpeg') ? options.logo.bytes : null;
  return { name: options.providerName, accent, logo: embeddable };
}

/**
 * How to get online with the card, in three short steps (English or Swahili). The SPA's print
 * preview prints the same words (apps/web/src/features/vouchers/components/print-words.ts; test/unit/print-words.spec.ts).
 */
export function connectSteps(wifiName: string, loginHost: string | null, withPassword: boolean, lang: 'en' | 'sw' = 'en'): string[] {
  const saysWifi = /\bwi-?fi$/i.test(wifiName.trim());
  if (lang === 'sw') {
    return [
      `1. Unganisha na ${saysWifi ? wifiName : `WiFi ya ${wifiName}`}`,
      `2. Fungua ukurasa wowote${loginHost ? ` (au http://${loginHost})` : ''}`,
      withPassword ? '3. Andika jina la mtumiaji na nenosiri' : '3. Andika nambari ya vocha',
    ];
  }
  return [
    `1. Connect to ${saysWifi ? wifiName : `the ${wifiName} WiFi`}`,
    `2. Open any page${loginHost ? ` (or http://${loginHost})` : ''}`,
    withPassword ? '3. Type the username and password' : '3. Type the code',
  ];
}

/** Characters pdfkit's standard fonts can encode (WinAnsi) besides Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the built-in PDF fonts can show: accents folded where they have no WinAnsi form
 * (ā → a), anything else (emoji, other scripts) dropped, whitespace collapsed. pdfkit would
 * otherwise write broken bytes for such characters.
 */
export function printable(text: string): string {
  let out = '';
  for (const ch of text.replace(/\s+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function cardText(v: PrintCard, style: CardStyle, options: PrintOptions, swahili: boolean): CardText {
  const wifi = printable(options.wifiName || style.name) || 'WiFi';
  const host = options.loginHost ? printable(options.loginHost) : null;
  return {
    brand: printable(style.name),
    // the price never splits from its currency
    planPrice: `${printable(v.planName)} · ${printable(v.price).replace(/ /g, '\u00a0')}`,
    validity: printable(v.validity),
    codeLabel: v.password ? 'USERNAME' : 'VOUCHER CODE',
    code: v.code,
    password: v.password,
    steps: connectSteps(wifi, host, Boolean(v.password), 'en'),
    stepsSw: swahili ? connectSteps(wifi, host, Boolean(v.password), 'sw') : [],
    ref: `Ref ${v.paymentReference}`,
    loginUrl: v.loginUrl,
  };
}

/**
 * The printable file: A4 with 3 × 7 cut-out cards, or a thermal roll (80 or 58 mm) with the
 * tickets one after another, a dashed cut line between them. Resolves with the whole PDF.
 */
export function renderVoucherPdf(cards: PrintCard[], options: PrintOptions): Promise<Buffer> {
  const paper = options.layout;
  const g = GEOMETRY[paper];
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Title: options.title, Author: options.providerName, Creator: 'Wavu' } });
  const style = cardStyle(options);
  const logo = openLogo(doc, style.logo);
  const m = new Measure(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const thermal = paper !== 'a4';
  const fits = new Map<string, Fit>();
  const layout = (v: PrintCard) => fitCard(m, cardText(v, style, options, thermal), g, style.accent, logo, thermal ? null : A4_CARD[1], fits);

  if (paper === 'a4') printA4Sheets(doc, cards, layout, logo, style.accent);
  else printRoll(doc, paper, cards, layout, logo);
  if (cards.length === 0) {
    doc.addPage({ size: paper === 'a4' ? 'A4' : [ROLL_WIDTH[paper], 30 * MM], margin: 10 });
    doc.font('Helvetica').fontSize(12).fillColor(TEXT).text('No vouchers to print.');
  }
  doc.end();
  return done;
}

/** "Valid 1 day from first login" / "Valid 30 days from purchase" / "1 h online time" */
export function describeValidity(v: { validitySeconds: number | null; validityFrom: string; uptimeLimitSeconds: number | null; dataLimitBytes: number | null }): string {
  const parts: string[] = [];
  if (v.uptimeLimitSeconds) parts.push(`${duration(v.uptimeLimitSeconds)} online`);
  if (v.dataLimitBytes) parts.push(bytes(v.dataLimitBytes));
  if (v.validitySeconds) parts.push(`valid ${duration(v.validitySeconds)} from ${v.validityFrom === 'purchase' ? 'purchase' : 'first login'}`);
  const text = parts.join(', ');
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

function duration(seconds: number): string {
  const units: [number, string, string][] = [
    [604800, 'week', 'weeks'],
    [86400, 'day', 'days'],
    [3600, 'hour', 'hours'],
    [60, 'minute', 'minutes'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${n === 1 ? one : many}`;
    }
  }
  return seconds >= 3600 ? `${Math.round((seconds / 3600) * 10) / 10} hours` : `${Math.round(seconds / 60)} minutes`;
}

function bytes(n: number): string {
  const gb = n / 1024 ** 3;
  if (gb >= 1) return `${Math.round(gb * 10) / 10} GB`;
  return `${Math.round(n / 1024 ** 2)} MB`;
}
