import type { PrintCard } from './voucher-print';
import type { PdfImage } from './voucher-print-draw';
import { drawCard } from './voucher-print-draw';
import type { RollPaper } from './voucher-print-geometry';
import { A4_CARD, A4_COLS, A4_MARGIN, A4_ROWS, GEOMETRY, ROLL_PAGE_MAX, ROLL_WIDTH, TEXT } from './voucher-print-geometry';
import type { CardOps } from './voucher-print-layout';

// The pages: cards laid out one by one (voucher-print-layout.ts) and drawn on A4 sheets or a thermal roll.

/** A4 sheets of 3 × 7 cut-out cards, a dashed border in the accent colour round each. */
export function printA4Sheets(doc: PDFKit.PDFDocument, cards: PrintCard[], layout: (v: PrintCard) => CardOps, logo: PdfImage | null, accent: string): void {
  const [w, h] = A4_CARD;
  cards.forEach((v, i) => {
    const slot = i % (A4_COLS * A4_ROWS);
    if (slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const x = A4_MARGIN + (slot % A4_COLS) * w;
    const y = A4_MARGIN + Math.floor(slot / A4_COLS) * h;
    doc.lineWidth(0.75).dash(3, { space: 2 }).rect(x, y, w, h).stroke(accent).undash();
    drawCard(doc, layout(v), logo, x, y);
  });
}

/** A thermal roll (80 or 58 mm): the tickets one after another, a dashed cut line between them, a new page after at most ROLL_PAGE_MAX. */
export function printRoll(doc: PDFKit.PDFDocument, paper: RollPaper, cards: PrintCard[], layout: (v: PrintCard) => CardOps, logo: PdfImage | null): void {
  const paperWidth = ROLL_WIDTH[paper];
  const side = (paperWidth - GEOMETRY[paper].width) / 2;
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
