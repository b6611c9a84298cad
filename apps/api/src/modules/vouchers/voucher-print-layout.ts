import type { PdfImage } from './voucher-print-draw';
import type { Geometry } from './voucher-print-geometry';
import { MUTED, TEXT } from './voucher-print-geometry';

// The card layout: every card is measured first (the fonts' metrics, no drawing), then drawn by voucher-print-draw.ts.

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
export interface CardOps {
  texts: TextOp[];
  rules: { x1: number; x2: number; y: number; color: string }[];
  logo: { x: number; y: number; w: number; h: number } | null;
  qr: { x: number; y: number; size: number; text: string } | null;
  /** the card's height (fixed on A4, measured on a roll) */
  height: number;
}

/** Text widths from the fonts' metrics, cached (a batch repeats the same strings). */
export class Measure {
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

export interface CardText {
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
export interface Fit {
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

export function fitCard(m: Measure, c: CardText, g: Geometry, accent: string, logo: PdfImage | null, height: number | null, fits: Map<string, Fit>): CardOps {
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
