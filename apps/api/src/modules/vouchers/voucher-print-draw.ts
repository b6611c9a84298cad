import * as QRCode from 'qrcode';
import { TEXT } from './voucher-print-geometry';
import type { CardOps } from './voucher-print-layout';

/** pdfkit opens an image once and reuses the object on every card (a Buffer source is re-embedded per call). */
export type PdfImage = { width: number; height: number };
export function openLogo(doc: PDFKit.PDFDocument, bytes: Buffer | null): PdfImage | null {
  if (!bytes) return null;
  try {
    return (doc as unknown as { openImage(src: Buffer): PdfImage }).openImage(bytes);
  } catch {
    return null; // bytes that pass the magic-byte check but pdfkit cannot decode: name only
  }
}

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

export function drawCard(doc: PDFKit.PDFDocument, ops: CardOps, logo: PdfImage | null, x: number, y: number): void {
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
