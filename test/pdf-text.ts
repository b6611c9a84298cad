import { inflateSync } from 'node:zlib';

/** The text pdfkit wrote (hex strings inside the content streams). */
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
      out.push([...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
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
    for (const c of content.matchAll(re)) colors.add('#' + [c[1], c[2], c[3]].map((v) => Math.round(Number(v) * 255).toString(16).padStart(2, '0')).join('').toUpperCase());
  }
  return colors;
}

/** How many image XObjects the PDF embeds. */
export function pdfImageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Subtype \/Image\b/g) ?? []).length;
}
