import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';

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

/** pdfkit opens an image once and reuses the object on every card (a Buffer source is re-embedded per call). */
type PdfImage = { width: number; height: number };
function openLogo(doc: PDFKit.PDFDocument, bytes: Buffer | null): PdfImage | null {
  if (!bytes) return null;
  try {
    return (doc as unknown as { openImage(src: Buffer): PdfImage }).openImage(bytes);
  } catch {
    return null; // bytes that pass the magic-byte check but pdfkit cannot decode: name only
  }
}

const MM = 72 / 25.4;

/** The one place QR payloads go to the qrcode library (tests spy on `encode` to read them). */
export const qrEncoder = {
  encode(text: string): QRCode.QRCode {
    return QRCode.create(text, { errorCorrectionLevel: 'M' });
  },
};

/** Draws a QR code as vector rectangles (one per horizontal run of dark modules), quiet zone inside `size`. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = qrEncoder.encode(text);
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (start + quiet) * cell, y + (r + quiet) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill('#000000');
}

// ---- layout: every card is measured first, then drawn ----

type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Courier-Bold';
/** Glyph box height (ascender − descender) per point of font size (the fonts' AFM metrics). */
const BOX: Record<FontName, number> = { Helvetica: 0.925, 'Helvetica-Bold': 0.925, 'Courier-Bold': 0.786 };
/** Baseline-to-baseline distance per point of font size for wrapped lines. */
const LEADING = 1.2;

interface TextOp {
  text: string;
  font: FontName;
  size: number;
  x: number;
  /** top of the glyph box (pdfkit puts the baseline at y + ascender) */
  y: number;
  color: string;
}
interface CardOps {
  texts: TextOp[];
  rules: { x1: number; x2: number; y: number; color: string }[];
  logo: { x: number; y: number; w: number; h: number } | null;
  qr: { x: number; y: number; size: number; text: string } | null;
  /** the card's height (fixed on A4, measured on a roll) */
  height: number;
}

/** Text widths from the fonts' metrics, cached (a batch repeats the same strings). */
class Measure {
  private readonly cache = new Map<string, number>();
  constructor(private readonly doc: PDFKit.PDFDocument) {}
  width(font: FontName, size: number, text: string): number {
    const key = `${font}\n${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      w = this.doc.font(font).fontSize(1000).widthOfString(text);
      this.cache.set(key, w);
    }
    return (w * size) / 1000;
  }
}

/** What one paper prints where; sizes in points at scale 1. */
interface Geometry {
  width: number;
  padX: number;
  padTop: number;
  padBottom: number;
  ink: 'accent' | 'black';
  brand: [number, number, number];
  plan: [number, number, number];
  validity: [number, number, number];
  label: number;
  code: [number, number];
  password: number;
  steps: [number, number];
  /** Swahili steps under the English ones (thermal only: an A4 card has no room for them) */
  stepsSw: [number, number] | null;
  ref: number;
  qr: number;
  caption: number;
  /** a roll grows with its text: past maxLines at the smallest size it takes more lines instead of cutting with "…" */
  roll: boolean;
  /** the QR code floats right beside the text from under the header (A4), beside the steps (80 mm) or sits under them (58 mm) */
  qrAt: 'top' | 'steps' | 'below';
  gap: number;
}

const A4_MARGIN = 10 * MM;
const A4_COLS = 3;
const A4_ROWS = 7;
const A4_CARD: [number, number] = [(210 * MM - 2 * A4_MARGIN) / A4_COLS, (297 * MM - 2 * A4_MARGIN) / A4_ROWS];

const GEOMETRY: Record<PrintPaper, Geometry> = {
  a4: {
    width: A4_CARD[0],
    padX: 6,
    padTop: 5,
    padBottom: 5,
    ink: 'accent',
    brand: [9, 6.5, 2],
    plan: [9, 6.5, 3],
    validity: [7, 5.5, 2],
    label: 5.5,
    code: [18, 10],
    password: 13,
    steps: [6.5, 5.5],
    stepsSw: null,
    ref: 6,
    qr: 24 * MM,
    caption: 5.5,
    roll: false,
    qrAt: 'top',
    gap: 2,
  },
  thermal: {
    width: 72 * MM,
    padX: 0,
    padTop: 4 * MM,
    padBottom: 4 * MM,
    ink: 'black',
    brand: [12, 9, 5],
    plan: [13, 10, 6],
    validity: [10, 8, 4],
    label: 8,
    code: [30, 12],
    password: 22,
    steps: [10, 8],
    stepsSw: [9, 7.5],
    ref: 8,
    qr: 28 * MM,
    caption: 7,
    roll: true,
    qrAt: 'steps',
    gap: 4,
  },
  thermal58: {
    width: 48 * MM,
    padX: 0,
    padTop: 4 * MM,
    padBottom: 4 * MM,
    ink: 'black',
    brand: [11, 8, 5],
    plan: [12, 9, 6],
    validity: [9, 7.5, 4],
    label: 7.5,
    code: [26, 10],
    password: 20,
    steps: [9, 7.5],
    stepsSw: [8.5, 7],
    ref: 7.5,
    qr: 26 * MM,
    caption: 7,
    roll: true,
    qrAt: 'below',
    gap: 3.5,
  },
};

const TEXT = '#000000';
const MUTED = '#444444';

/** Greedy word wrap; a word wider than a line is broken by characters; past `maxLines` the last line ends in "…". */
function wrap(m: Measure, font: FontName, size: number, text: string, widthOf: (line: number) => number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  const words = text.split(' ').filter(Boolean);
  let current = '';
  let i = 0;
  while (i < words.length) {
    const width = widthOf(lines.length);
    const candidate = current ? `${current} ${words[i]}` : words[i];
    if (m.width(font, size, candidate) <= width) {
      current = candidate;
      i++;
      continue;
    }
    if (current) {
      lines.push(current);
      current = '';
      continue;
    }
    // one word wider than the line (a long name, a host name): as many characters as fit, after a
    // "." "/" or "-" when one is in reach, the rest on the next line
    let n = 1;
    while (n < words[i].length && m.width(font, size, words[i].slice(0, n + 1)) <= width) n++;
    const cut = Math.max(...['.', '/', '-'].map((sep) => words[i].lastIndexOf(sep, n - 1)));
    if (cut >= n / 2) n = cut + 1;
    lines.push(words[i].slice(0, n));
    words[i] = words[i].slice(n);
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const rest = lines.slice(maxLines - 1).join(' ');
  kept[maxLines - 1] = ellipsize(m, font, size, rest, widthOf(maxLines - 1));
  return kept;
}

/** The longest start of `text` that fits `width` with "…" after it. */
function ellipsize(m: Measure, font: FontName, size: number, text: string, width: number): string {
  if (m.width(font, size, text) <= width) return text;
  let n = text.length;
  while (n > 0 && m.width(font, size, `${text.slice(0, n).trimEnd()}…`) > width) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

interface CardText {
  brand: string;
  planPrice: string;
  validity: string;
  codeLabel: string;
  code: string;
  password: string | null;
  steps: string[];
  stepsSw: string[];
  ref: string;
  loginUrl: string | null;
}

/** How large a card is drawn: text scale, QR scale (1 = the geometry's sizes), and `tight`: one line for the brand, plan and validity (then "…"). */
interface Fit {
  s: number;
  q: number;
  tight: boolean;
}

/** Lays one card out top to bottom; coordinates are relative to the card's top left. */
function layoutCard(m: Measure, c: CardText, g: Geometry, accent: string, logo: PdfImage | null, { s, q, tight }: Fit): CardOps {
  const ops: CardOps = { texts: [], rules: [], logo: null, qr: null, height: 0 };
  const x0 = g.padX;
  const x1 = g.width - g.padX;
  const gap = g.gap * s;
  const ink = g.ink === 'accent' ? accent : TEXT;
  const muted = g.ink === 'accent' ? MUTED : TEXT;
  let y = g.padTop;
  // the QR column on the right: text beside it stops `gap` short of it
  let float: { left: number; top: number; bottom: number } | null = null;
  const rightAt = (top: number, h: number) => (float && top < float.bottom && top + h > float.top ? float.left - gap * 1.5 : x1);

  /**
   * A paragraph at the largest size from max to min at which it takes at most `lines` lines; at
   * the smallest size a card ends the last line with "…", a roll takes more lines.
   */
  const para = (text: string, font: FontName, [max, min, lines]: [number, number, number], color: string, left = x0) => {
    if (!text) return;
    for (let size = max * s; ; size -= 0.5 * s) {
      const last = size - 0.5 * s < min * s - 1e-9;
      const widthOf = (i: number) => rightAt(y + i * size * LEADING, size * BOX[font]) - left;
      const wrapped = wrap(m, font, size, text, widthOf, last && !g.roll ? lines : Infinity);
      if (wrapped.length <= lines || last) {
        wrapped.forEach((line, i) => ops.texts.push({ text: line, font, size, x: left, y: y + i * size * LEADING, color }));
        y += (wrapped.length - 1) * size * LEADING + size * BOX[font] + gap;
        return;
      }
    }
  };
  const line = (text: string, font: FontName, size: number, color: string) => {
    ops.texts.push({ text: ellipsize(m, font, size, text, rightAt(y, size * BOX[font]) - x0), font, size, x: x0, y, color });
    y += size * BOX[font] + gap;
  };
  /** A label and a monospace value on one line each, as large as the width allows; below the QR when too narrow beside it. */
  const codeBlock = (label: string, value: string, [max, min]: [number, number]) => {
    const labelH = g.label * s * BOX.Helvetica + gap * 0.6;
    const sizeAt = (top: number) => {
      const room = rightAt(top, labelH + max * s * BOX['Courier-Bold']) - x0;
      return Math.min(max * s, (room / m.width('Courier-Bold', 1000, value)) * 1000);
    };
    let size = sizeAt(y);
    if (size < min * s && float && y < float.bottom) {
      y = float.bottom + gap;
      size = sizeAt(y);
    }
    ops.texts.push({ text: label, font: 'Helvetica', size: g.label * s, x: x0, y, color: muted });
    y += labelH;
    ops.texts.push({ text: value, font: 'Courier-Bold', size, x: x0, y, color: TEXT });
    y += size * BOX['Courier-Bold'] + gap;
  };
  const placeQr = (top: number) => {
    if (!c.loginUrl) return;
    const size = g.qr * q;
    const captionSize = g.caption * s;
    const left = x1 - size;
    ops.qr = { x: left, y: top, size, text: c.loginUrl };
    const caption = 'Scan to log in';
    const cw = m.width('Helvetica', captionSize, caption);
    ops.texts.push({ text: caption, font: 'Helvetica', size: captionSize, x: left + (size - cw) / 2, y: top + size, color: muted });
    float = { left, top, bottom: top + size + captionSize * BOX.Helvetica };
  };

  // header: logo and brand name, then a rule across the card
  let nameX = x0;
  const headerTop = y;
  if (logo) {
    const h = g.brand[0] * s * 1.5;
    const w = Math.min(h * 3, (logo.width / logo.height) * h);
    ops.logo = { x: x0, y, w, h };
    nameX += w + 4 * s;
  }
  // names give way first when nothing else fits: one line each, then "…"
  const name = ([max, min, lines]: [number, number, number]): [number, number, number] => [max, min, tight ? 1 : lines];
  para(c.brand, 'Helvetica-Bold', name(g.brand), ink, nameX);
  if (ops.logo) y = Math.max(y, headerTop + ops.logo.h + gap);
  ops.rules.push({ x1: x0, x2: x1, y: y - gap / 2, color: ink });
  y += gap / 2;

  const codes = () => {
    codeBlock(c.codeLabel, c.code, g.code);
    if (c.password) codeBlock('PASSWORD', c.password, [g.password, Math.min(g.password, g.code[1])]);
  };
  // a code too long to sit beside the QR code at a readable size goes first, across the card
  const codeFirst = g.qrAt === 'top' && c.loginUrl !== null && m.width('Courier-Bold', g.code[1] * s, c.code) > x1 - x0 - g.qr * q - gap * 1.5;
  if (codeFirst) codes();
  if (g.qrAt === 'top') placeQr(y);
  para(c.planPrice, 'Helvetica-Bold', name(g.plan), TEXT);
  para(c.validity, 'Helvetica', name(g.validity), TEXT);
  if (!codeFirst) codes();
  if (g.qrAt === 'steps') placeQr(y);
  // a step takes up to 4 lines on a card (the card shrinks to fit them), any number on a roll
  const stepSize = (r: [number, number]): [number, number, number] => [r[0], r[1], 4];
  for (const step of c.steps) para(step, 'Helvetica', stepSize(g.steps), TEXT);
  if (g.stepsSw) {
    y += gap / 2;
    for (const step of c.stepsSw) para(step, 'Helvetica', stepSize(g.stepsSw), TEXT);
  }
  if (g.qrAt === 'below' && c.loginUrl) {
    placeQr(y);
    y = float!.bottom + gap;
    // centred under the steps
    const qr = ops.qr!;
    const shift = (x1 - x0 - qr.size) / 2 - (qr.x - x0);
    qr.x += shift;
    ops.texts[ops.texts.length - 1].x += shift;
    float = null;
  }
  line(c.ref, 'Helvetica', g.ref * s, muted);
  const floatBottom = (float as { bottom: number } | null)?.bottom ?? 0;
  ops.height = Math.max(y - gap, floatBottom) + g.padBottom;
  return ops;
}

/**
 * The sizes to try on a fixed-height card, best first: the text keeps its size longest, the QR
 * code shrinks first (to 70 %, about 17 mm on A4), "…" on long names only when nothing else fits.
 */
const FITS: Fit[] = [false, true].flatMap((tight) => [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7].flatMap((s) => [1, 0.85, 0.7].map((q) => ({ s, q, tight }))));

/**
 * Cards of a batch differ only in their code, password and reference characters (the code font is
 * monospace): the fit found for one card holds for every card with the same texts and lengths.
 */
function fitKey(c: CardText): string {
  return JSON.stringify([c.brand, c.planPrice, c.validity, c.code.length, c.password?.length ?? -1, c.loginUrl !== null, c.steps, c.stepsSw]);
}

function fitCard(m: Measure, c: CardText, g: Geometry, accent: string, logo: PdfImage | null, height: number | null, fits: Map<string, Fit>): CardOps {
  if (height === null) return layoutCard(m, c, g, accent, logo, FITS[0]);
  const key = fitKey(c);
  const known = fits.get(key);
  if (known) return layoutCard(m, c, g, accent, logo, known);
  let ops: CardOps | null = null;
  for (const fit of FITS) {
    ops = layoutCard(m, c, g, accent, logo, fit);
    if (ops.height <= height) {
      fits.set(key, fit);
      return ops;
    }
  }
  return ops!;
}

function drawCard(doc: PDFKit.PDFDocument, ops: CardOps, logo: PdfImage | null, x: number, y: number): void {
  for (const r of ops.rules)
    doc
      .moveTo(x + r.x1, y + r.y)
      .lineTo(x + r.x2, y + r.y)
      .lineWidth(0.75)
      .stroke(r.color);
  if (logo && ops.logo) {
    (doc as unknown as { image(src: PdfImage, x: number, y: number, o: object): void }).image(logo, x + ops.logo.x, y + ops.logo.y, { width: ops.logo.w, height: ops.logo.h });
  }
  for (const t of ops.texts)
    doc
      .font(t.font)
      .fontSize(t.size)
      .fillColor(t.color)
      .text(t.text, x + t.x, y + t.y, { lineBreak: false });
  if (ops.qr) drawQr(doc, ops.qr.text, x + ops.qr.x, y + ops.qr.y, ops.qr.size);
  doc.fillColor(TEXT);
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

/** Roll pages end after at most this much paper (printer drivers limit a page's length). */
const ROLL_PAGE_MAX = 1000 * MM;

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

  if (!thermal) {
    const [w, h] = A4_CARD;
    cards.forEach((v, i) => {
      const slot = i % (A4_COLS * A4_ROWS);
      if (slot === 0) doc.addPage({ size: 'A4', margin: 0 });
      const x = A4_MARGIN + (slot % A4_COLS) * w;
      const y = A4_MARGIN + Math.floor(slot / A4_COLS) * h;
      doc.lineWidth(0.75).dash(3, { space: 2 }).rect(x, y, w, h).stroke(style.accent).undash();
      drawCard(doc, layout(v), logo, x, y);
    });
  } else {
    const paperWidth = (paper === 'thermal' ? 80 : 58) * MM;
    const side = (paperWidth - g.width) / 2;
    const tickets = cards.map(layout);
    for (let i = 0; i < tickets.length;) {
      // as many tickets as fit ROLL_PAGE_MAX (at least one)
      let end = i + 1;
      let length = tickets[i].height;
      while (end < tickets.length && length + tickets[end].height <= ROLL_PAGE_MAX) length += tickets[end++].height;
      doc.addPage({ size: [paperWidth, length], margin: 0 });
      let y = 0;
      for (let k = i; k < end; k++) {
        if (k > i)
          doc
            .lineWidth(0.75)
            .dash(4, { space: 3 })
            .moveTo(side, y)
            .lineTo(paperWidth - side, y)
            .stroke(TEXT)
            .undash();
        drawCard(doc, tickets[k], logo, side, y);
        y += tickets[k].height;
      }
      i = end;
    }
  }
  if (cards.length === 0) {
    doc.addPage({ size: thermal ? [(paper === 'thermal' ? 80 : 58) * MM, 30 * MM] : 'A4', margin: 10 });
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

export function duration(seconds: number): string {
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

export function bytes(n: number): string {
  const gb = n / 1024 ** 3;
  if (gb >= 1) return `${Math.round(gb * 10) / 10} GB`;
  return `${Math.round(n / 1024 ** 2)} MB`;
}
