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

export interface PrintOptions {
  /** The provider's brand name (its branding name, else the business name). */
  providerName: string;
  /** The provider's accent colour (#RRGGBB): card border and header; null = the platform default. */
  accentColor?: string | null;
  /** The provider's logo (decoded data URL); PNG and JPEG are embedded, other types fall back to the name only. */
  logo?: { contentType: string; bytes: Buffer } | null;
  layout: 'a4' | 'thermal';
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

/** Draws a QR code as vector rectangles (one per horizontal run of dark modules). */
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

function card(doc: PDFKit.PDFDocument, v: PrintCard, style: CardStyle, logo: PdfImage | null, x: number, y: number, w: number, h: number, qrSize: number): void {
  const pad = 6;
  doc.lineWidth(0.75).dash(3, { space: 2 }).rect(x, y, w, h).stroke(style.accent).undash();
  const textW = w - pad * 3 - (v.loginUrl ? qrSize : 0);
  let ty = y + pad;
  // header: logo (if embeddable) and the brand name in the accent colour, underlined by an accent rule
  let nameX = x + pad;
  const logoH = 12;
  if (logo) {
    const logoW = Math.min(36, (logo.width / logo.height) * logoH);
    (doc as unknown as { image(src: PdfImage, x: number, y: number, o: object): void }).image(logo, x + pad, ty - 2, { fit: [logoW, logoH], valign: 'center' });
    nameX += logoW + 4;
  }
  // the header spans the card (the QR code sits below it, vertically centred)
  const headerRight = x + w - pad;
  doc.fillColor(style.accent).font('Helvetica-Bold').fontSize(8).text(style.name, nameX, ty + (logo ? 1 : 0), { width: headerRight - nameX, lineBreak: false, ellipsis: true });
  ty += logo ? 13 : 11;
  doc.moveTo(x + pad, ty - 2).lineTo(headerRight, ty - 2).lineWidth(0.75).stroke(style.accent);
  ty += 1;
  doc.fillColor('#000000');
  doc.font('Helvetica').fontSize(8).text(`${v.planName} · ${v.price}`, x + pad, ty, { width: textW, lineBreak: false, ellipsis: true });
  ty += 12;
  doc.font('Helvetica').fontSize(6.5).fillColor('#444444').text(v.password ? 'USERNAME' : 'VOUCHER CODE', x + pad, ty, { width: textW, lineBreak: false });
  ty += 8;
  doc.font('Courier-Bold').fontSize(v.code.length > 12 ? 11 : 15).fillColor('#000000').text(v.code, x + pad, ty, { width: textW, lineBreak: false });
  ty += 18;
  if (v.password) {
    doc.font('Helvetica').fontSize(6.5).fillColor('#444444').text('PASSWORD', x + pad, ty, { width: textW, lineBreak: false });
    ty += 8;
    doc.font('Courier-Bold').fontSize(11).fillColor('#000000').text(v.password, x + pad, ty, { width: textW, lineBreak: false });
    ty += 14;
  }
  doc.font('Helvetica').fontSize(6.5).fillColor('#444444').text(v.validity, x + pad, ty, { width: textW, lineBreak: false, ellipsis: true });
  ty += 9;
  doc.text(`Ref ${v.paymentReference}`, x + pad, ty, { width: textW, lineBreak: false });
  if (v.loginUrl) {
    drawQr(doc, v.loginUrl, x + w - pad - qrSize, y + (h - qrSize) / 2, qrSize);
    doc.font('Helvetica').fontSize(5.5).fillColor('#444444').text('Scan to log in', x + w - pad - qrSize, y + (h + qrSize) / 2 - 2, { width: qrSize, align: 'center', lineBreak: false });
  }
  doc.fillColor('#000000');
}

/**
 * The printable sheet: A4 with 3 × 7 cut-out cards, or an 80 mm thermal roll with one ticket
 * per page. Resolves with the whole PDF.
 */
export function renderVoucherPdf(cards: PrintCard[], options: PrintOptions): Promise<Buffer> {
  const thermal = options.layout === 'thermal';
  const doc = new PDFDocument({
    size: thermal ? [80 * MM, 62 * MM] : 'A4',
    margin: thermal ? 4 * MM : 10 * MM,
    autoFirstPage: false,
    info: { Title: options.title, Author: options.providerName, Creator: 'Wavu' },
  });
  const style = cardStyle(options);
  const logo = openLogo(doc, style.logo);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (thermal) {
    for (const v of cards) {
      doc.addPage();
      const m = 4 * MM;
      card(doc, v, style, logo, m, m, 80 * MM - 2 * m, 62 * MM - 2 * m, 30 * MM);
    }
  } else {
    const cols = 3;
    const rows = 7;
    const m = 10 * MM;
    const w = (210 * MM - 2 * m) / cols;
    const h = (297 * MM - 2 * m) / rows;
    cards.forEach((v, i) => {
      const slot = i % (cols * rows);
      if (slot === 0) doc.addPage();
      card(doc, v, style, logo, m + (slot % cols) * w, m + Math.floor(slot / cols) * h, w, h, 24 * MM);
    });
  }
  if (cards.length === 0) doc.addPage().font('Helvetica').fontSize(12).text('No vouchers to print.');
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
