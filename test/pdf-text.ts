import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** The text pdfkit wrote (hex strings inside the content streams), one line per text run (no-break spaces as spaces). */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      content = raw.slice(start, end);
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      out.push(
        [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)]
          .map((h) => winAnsi(h[1]))
          .join('')
          .replace(/\u00a0/g, ' '),
      );
    }
  }
  return out.join('\n');
}

/** The content streams of a pdfkit PDF, inflated. */
function pdfContents(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      out.push(inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      out.push(raw.slice(start, end));
    }
  }
  return out;
}

/** Every RGB colour a pdfkit PDF strokes (`stroke`: RG / SCN) or fills (`fill`: rg / scn) with, as upper-case #RRGGBB. */
export function pdfColors(pdf: Buffer, kind: 'stroke' | 'fill'): Set<string> {
  const colors = new Set<string>();
  const ops = kind === 'stroke' ? '(?:RG|SCN)' : '(?:rg|scn)';
  const re = new RegExp(`(?:^|\\s)([\\d.]+) ([\\d.]+) ([\\d.]+) ${ops}(?=\\s|$)`, 'g');
  for (const content of pdfContents(pdf)) {
    for (const c of content.matchAll(re))
      colors.add(
        '#' +
          [c[1], c[2], c[3]]
            .map((v) =>
              Math.round(Number(v) * 255)
                .toString(16)
                .padStart(2, '0'),
            )
            .join('')
            .toUpperCase(),
      );
  }
  return colors;
}

/** How many image XObjects the PDF embeds. */
export function pdfImageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Subtype \/Image\b/g) ?? []).length;
}

// ---- layout: every text run, rectangle, line and image of each page, with its position ----

/** A box in points, from the page's top left (y grows downwards, as on paper). */
export interface PdfBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One `TJ` text run: its glyph box (ascender to descender, advance widths with kerning) and what it says. */
export interface PdfTextRun extends PdfBox {
  text: string;
  font: string;
  size: number;
  /** the fill colour it was painted with, #RRGGBB */
  color: string;
}

interface PdfLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  dashed: boolean;
  color: string;
}

export interface PdfPage {
  width: number;
  height: number;
  texts: PdfTextRun[];
  /** `re … S`: stroked rectangles (A4 card borders) */
  strokedRects: (PdfBox & { dashed: boolean; color: string })[];
  /** `m … l … S`: stroked lines (rules, cut lines) */
  lines: PdfLine[];
  /** the bounding box of each filled path (a QR code is one path of many rectangles) */
  fills: PdfBox[];
  images: PdfBox[];
}

/** WinAnsi bytes 0x80–0x9F (the rest of the bytes are Latin-1). */
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (hex: string) => [...Buffer.from(hex, 'hex')].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_80[b - 0x80] : String.fromCharCode(b))).join('');

/** Ascender/descender of a standard font, read from the AFM file pdfkit ships. */
const afmCache = new Map<string, { ascender: number; descender: number }>();
function afm(font: string): { ascender: number; descender: number } {
  let v = afmCache.get(font);
  if (!v) {
    const text = readFileSync(join(dirname(require.resolve('pdfkit')), 'data', `${font}.afm`), 'latin1');
    v = { ascender: Number(/^Ascender (-?\d+)/m.exec(text)![1]), descender: Number(/^Descender (-?\d+)/m.exec(text)![1]) };
    afmCache.set(font, v);
  }
  return v;
}

/** Advance widths (per 1000 units of font size) of single characters, from the font metrics pdfkit uses. */
let metricsDoc: PDFKit.PDFDocument | null = null;
const advanceCache = new Map<string, number>();
function advance(font: string, ch: string): number {
  const key = `${font}\n${ch}`;
  let w = advanceCache.get(key);
  if (w === undefined) {
    metricsDoc ??= new PDFDocument({ autoFirstPage: false });
    w = metricsDoc.font(font).fontSize(1000).widthOfString(ch);
    advanceCache.set(key, w);
  }
  return w;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The objects of a pdfkit PDF by number: dictionary text and (inflated) stream. */
function pdfObjects(pdf: Buffer): Map<number, { dict: string; stream: string | null }> {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  const re = /(?:^|\n)(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    const streamAt = raw.indexOf('stream', start);
    let dict = raw.slice(start, end);
    let stream: string | null = null;
    if (streamAt !== -1 && streamAt < end) {
      dict = raw.slice(start, streamAt);
      const dataStart = streamAt + (raw[streamAt + 6] === '\r' ? 8 : 7);
      const dataEnd = raw.indexOf('endstream', dataStart);
      const data = Buffer.from(raw.slice(dataStart, dataEnd), 'latin1');
      try {
        stream = /\/FlateDecode/.test(dict) ? inflateSync(data).toString('latin1') : data.toString('latin1');
      } catch {
        stream = data.toString('latin1');
      }
      re.lastIndex = raw.indexOf('endobj', dataEnd);
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  return objects;
}

const rgbHex = (nums: number[]) =>
  '#' +
  nums
    .map((v) =>
      Math.round(v * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase();

/**
 * Every page of a pdfkit PDF as positioned boxes, read from the content streams: text runs
 * (font, size, colour, glyph box from the font metrics), stroked rectangles and lines, filled
 * paths and images. Enough of PDF for what pdfkit writes (no rotation, no text rise).
 */
export function pdfPages(pdf: Buffer): PdfPage[] {
  const objects = pdfObjects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog\b/.test(o.dict))!;
  const pagesTree = objects.get(ref(catalog.dict, 'Pages'))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pagesTree.dict)![1].matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((id) => {
    const page = objects.get(id)!.dict;
    const [, , width, height] = /\/MediaBox \[([^\]]*)\]/.exec(page)![1].trim().split(/\s+/).map(Number);
    const resources = objects.get(ref(page, 'Resources'))!.dict;
    const fontBlock = /\/Font <<([^>]*)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map([...fontBlock.matchAll(/\/(\w+) (\d+) 0 R/g)].map((f) => [f[1], /\/BaseFont \/(\S+)/.exec(objects.get(Number(f[2]))!.dict)![1]]));
    const content = objects.get(ref(page, 'Contents'))!.stream ?? '';
    const out: PdfPage = { width, height, texts: [], strokedRects: [], lines: [], fills: [], images: [] };
    // device space (y up) → paper space (y down)
    const box = (m: Matrix, x0: number, y0: number, x1: number, y1: number): PdfBox => {
      const pts = [apply(m, x0, y0), apply(m, x1, y1), apply(m, x0, y1), apply(m, x1, y0)];
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => height - p[1]);
      return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    };
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: { ctm: Matrix; lineWidth: number; dashed: boolean; fill: string; stroke: string }[] = [];
    let lineWidth = 1;
    let dashed = false;
    let fill = '#000000';
    let stroke = '#000000';
    let tm: Matrix = [1, 0, 0, 1, 0, 0];
    let font = '';
    let size = 0;
    let path: { rects: PdfBox[]; segments: [number, number, number, number][]; at: [number, number] | null } = { rects: [], segments: [], at: null };
    const newPath = () => (path = { rects: [], segments: [], at: null });
    const operands: (number | string | (number | string)[])[] = [];
    const tokens = content.match(/\[[^\]]*\]|<[0-9a-fA-F]*>|\/[^\s/[\]<>()]+|-?\d*\.?\d+(?:e-?\d+)?|[A-Za-z*'"]+/g) ?? [];
    const num = (i: number) => operands[operands.length - i] as number;
    for (const tok of tokens) {
      if (tok.startsWith('[')) {
        operands.push([...tok.slice(1, -1).matchAll(/<([0-9a-fA-F]*)>|(-?\d*\.?\d+)/g)].map((t) => (t[1] !== undefined ? winAnsi(t[1]) : Number(t[2]))));
        continue;
      }
      if (tok.startsWith('/') || tok.startsWith('<')) {
        operands.push(tok);
        continue;
      }
      if (/^-?\d*\.?\d/.test(tok)) {
        operands.push(Number(tok));
        continue;
      }
      switch (tok) {
        case 'q':
          stack.push({ ctm, lineWidth, dashed, fill, stroke });
          break;
        case 'Q':
          ({ ctm, lineWidth, dashed, fill, stroke } = stack.pop()!);
          break;
        case 'cm':
          ctm = multiply([num(6), num(5), num(4), num(3), num(2), num(1)], ctm);
          break;
        case 'w':
          lineWidth = num(1);
          break;
        case 'd':
          dashed = (operands[operands.length - 2] as unknown[]).length > 0;
          break;
        case 'rg':
        case 'scn':
          fill = rgbHex([num(3), num(2), num(1)]);
          break;
        case 'RG':
        case 'SCN':
          stroke = rgbHex([num(3), num(2), num(1)]);
          break;
        case 're':
          path.rects.push(box(ctm, num(4), num(3), num(4) + num(2), num(3) + num(1)));
          break;
        case 'm':
          path.at = [num(2), num(1)];
          break;
        case 'l': {
          const [x, y] = path.at!;
          const a = apply(ctm, x, y);
          const b = apply(ctm, num(2), num(1));
          path.segments.push([a[0], height - a[1], b[0], height - b[1]]);
          path.at = [num(2), num(1)];
          break;
        }
        case 'S':
          for (const r of path.rects) out.strokedRects.push({ ...r, dashed, color: stroke });
          for (const [x1, y1, x2, y2] of path.segments) out.lines.push({ x1, y1, x2, y2, width: lineWidth, dashed, color: stroke });
          newPath();
          break;
        case 'f':
        case 'f*':
          if (path.rects.length) {
            const x0 = Math.min(...path.rects.map((r) => r.x));
            const y0 = Math.min(...path.rects.map((r) => r.y));
            out.fills.push({ x: x0, y: y0, w: Math.max(...path.rects.map((r) => r.x + r.w)) - x0, h: Math.max(...path.rects.map((r) => r.y + r.h)) - y0 });
          }
          newPath();
          break;
        case 'n':
          newPath();
          break;
        case 'BT':
          tm = [1, 0, 0, 1, 0, 0];
          break;
        case 'Tm':
          tm = [num(6), num(5), num(4), num(3), num(2), num(1)];
          break;
        case 'Tf':
          font = fonts.get((operands[operands.length - 2] as string).slice(1)) ?? '';
          size = num(1);
          break;
        case 'TJ': {
          const parts = operands[operands.length - 1] as (string | number)[];
          const text = parts.filter((p): p is string => typeof p === 'string').join('');
          const units = parts.reduce<number>((sum, p) => sum + (typeof p === 'string' ? [...p].reduce((s, ch) => s + advance(font, ch), 0) : -p), 0);
          const { ascender, descender } = afm(font);
          const m = multiply(tm, ctm);
          const b = box(m, 0, (descender / 1000) * size, (units / 1000) * size, (ascender / 1000) * size);
          out.texts.push({ ...b, text, font, size: size * Math.abs(m[3]), color: fill });
          break;
        }
        case 'Do':
          out.images.push(box(ctm, 0, 0, 1, 1));
          break;
      }
      operands.length = 0;
    }
    return out;
  });
}
