import type { PdfBox, PdfPage, PdfTextRun } from '../../../../../test/pdf-text';
import { pdfColors, pdfImageCount, pdfPages, pdfText } from '../../../../../test/pdf-text';
import { solidPng } from '../../../../../test/png';
import { hotspotLoginUrl } from './voucher-routers';
import type { PrintCard, PrintOptions, PrintPaper } from './voucher-print';
import { cardStyle, connectSteps, DEFAULT_ACCENT, describeValidity, printable, renderVoucherPdf } from './voucher-print';
import { qrEncoder } from './voucher-print-draw';

const MM = 72 / 25.4;

describe('voucher print', () => {
  const cards = Array.from({ length: 25 }, (_, i) => ({
    code: `CODE${String(i).padStart(4, '2')}`,
    password: null,
    paymentReference: `REF${i}`,
    planName: '1 day',
    price: 'KES 50',
    validity: 'Valid 1 day from first login',
    loginUrl: hotspotLoginUrl('wifi.demo.test', `CODE${i}`, `CODE${i}`),
  }));

  it('renders an A4 sheet with every card and a QR code of each login URL', async () => {
    const spy = jest.spyOn(qrEncoder, 'encode');
    const pdf = await renderVoucherPdf(cards, { providerName: 'Demo Hotspot', layout: 'a4', title: 'Batch' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(2); // 21 per page
    const text = pdfText(pdf);
    for (const c of cards) expect(text).toContain(c.code);
    expect(spy.mock.calls.map((call) => call[0])).toEqual(cards.map((c) => c.loginUrl));
    spy.mockRestore();
  });

  it('renders thermal tickets one after another on an 80 mm roll, a dashed cut line between them', async () => {
    const pdf = await renderVoucherPdf(cards.slice(0, 3), { providerName: 'Demo Hotspot', layout: 'thermal', title: 'Batch' });
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0].width).toBeCloseTo(80 * MM, 1);
    expect(pages[0].lines.filter((l) => l.dashed)).toHaveLength(2);
    // three tickets of a few centimetres, not three A4-length pages
    expect(pages[0].height).toBeGreaterThan(3 * 40 * MM);
    expect(pages[0].height).toBeLessThan(3 * 90 * MM);
  });

  describe('branding', () => {
    const png = { contentType: 'image/png', bytes: solidPng(40, 20, [0x7a, 0x1f, 0xa2]) };
    const webp = { contentType: 'image/webp', bytes: Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1') };

    it('styles cards with the brand name, the accent colour and only an embeddable (PNG/JPEG) logo', () => {
      expect(cardStyle({ providerName: 'Mama Njeri WiFi', accentColor: '#7a1fa2', logo: png })).toEqual({ name: 'Mama Njeri WiFi', accent: '#7A1FA2', logo: png.bytes });
      expect(cardStyle({ providerName: 'X', accentColor: null, logo: null })).toEqual({ name: 'X', accent: DEFAULT_ACCENT, logo: null });
      expect(cardStyle({ providerName: 'X', accentColor: 'red', logo: { contentType: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]) } })).toMatchObject({
        accent: DEFAULT_ACCENT,
        logo: Buffer.from([0xff, 0xd8, 0xff]),
      });
      expect(cardStyle({ providerName: 'X', logo: webp }).logo).toBeNull();
      expect(cardStyle({ providerName: 'X', logo: { contentType: 'image/gif', bytes: Buffer.from('GIF89a') } }).logo).toBeNull();
    });

    it('A4: prints the brand name, strokes borders and header in the accent colour, embeds the PNG logo once', async () => {
      const pdf = await renderVoucherPdf(cards.slice(0, 22), { providerName: 'Mama Njeri WiFi', accentColor: '#7A1FA2', logo: png, layout: 'a4', title: 'Batch' });
      expect(
        pdfText(pdf)
          .split('\n')
          .filter((l) => l === 'Mama Njeri WiFi'),
      ).toHaveLength(22);
      expect(pdfColors(pdf, 'stroke')).toEqual(new Set(['#7A1FA2']));
      expect(pdfColors(pdf, 'fill')).toContain('#7A1FA2');
      expect(pdfImageCount(pdf)).toBe(1);
    });

    it.each(['thermal', 'thermal58'] as const)('%s: prints the brand name and the logo, but every line and letter in black (a thermal head has no colour or grey)', async (layout) => {
      const pdf = await renderVoucherPdf(cards.slice(0, 22), { providerName: 'Mama Njeri WiFi', accentColor: '#7A1FA2', logo: png, layout, title: 'Batch' });
      expect(
        pdfText(pdf)
          .split('\n')
          .filter((l) => l === 'Mama Njeri WiFi'),
      ).toHaveLength(22);
      expect(pdfColors(pdf, 'stroke')).toEqual(new Set(['#000000']));
      expect(pdfColors(pdf, 'fill')).toEqual(new Set(['#000000']));
      expect(pdfImageCount(pdf)).toBe(1);
    });

    it('falls back to the name only for a WebP logo or bytes pdfkit cannot decode, and to the default colour', async () => {
      for (const logo of [webp, { contentType: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) }]) {
        const pdf = await renderVoucherPdf(cards.slice(0, 2), { providerName: 'Demo Hotspot', logo, layout: 'a4', title: 'Batch' });
        expect(pdfText(pdf)).toContain('Demo Hotspot');
        expect(pdfImageCount(pdf)).toBe(0);
        expect(pdfColors(pdf, 'stroke')).toEqual(new Set([DEFAULT_ACCENT]));
      }
    });
  });

  it('puts the code in the login URL, URL-encoded', () => {
    expect(hotspotLoginUrl('wifi.demo.test', 'AB+2', 'p w')).toBe('http://wifi.demo.test/login?username=AB%2B2&password=p%20w');
  });

  it('describes validity for the card', () => {
    expect(describeValidity({ validitySeconds: 86400, validityFrom: 'first_login', uptimeLimitSeconds: 3600, dataLimitBytes: null })).toBe('1 hour online, valid 1 day from first login');
    expect(describeValidity({ validitySeconds: 2592000, validityFrom: 'purchase', uptimeLimitSeconds: null, dataLimitBytes: 1073741824 })).toBe('1 GB, valid 30 days from purchase');
  });

  describe('connection instructions', () => {
    it('names the WiFi, says how to reach the login page and what to type, in English and Swahili', () => {
      expect(connectSteps('Mama Njeri WiFi', 'wifi.demo.test', false)).toEqual(['1. Connect to Mama Njeri WiFi', '2. Open any page (or http://wifi.demo.test)', '3. Type the code']);
      expect(connectSteps('Kiosk Bros', null, true)).toEqual(['1. Connect to the Kiosk Bros WiFi', '2. Open any page', '3. Type the username and password']);
      expect(connectSteps('Kiosk Bros', 'login.kiosk', false, 'sw')).toEqual(['1. Unganisha na WiFi ya Kiosk Bros', '2. Fungua ukurasa wowote (au http://login.kiosk)', '3. Andika nambari ya vocha']);
      expect(connectSteps('Mama Njeri Wi-Fi', null, true, 'sw')).toEqual(['1. Unganisha na Mama Njeri Wi-Fi', '2. Fungua ukurasa wowote', '3. Andika jina la mtumiaji na nenosiri']);
    });

    it('keeps only what the built-in PDF fonts can print', () => {
      expect(printable('  Café  Ñjeri\t“Fast” – WiFi ')).toBe('Café Ñjeri “Fast” – WiFi');
      expect(printable('Ōmari 🔥 Daily ✓ plan')).toBe('Omari Daily plan');
    });
  });

  /**
   * Measures every card of the real PDF: each text run's glyph box from its position, font and size;
   * the QR code and logo as boxes; cards as the A4 cut-out borders or the roll between cut lines.
   */
  describe('card layout, measured in the PDF', () => {
    const PROVIDER_MAX = 'Mama Njeri Wanjiku Enterprises Cyber Cafe, Printing, M-Pesa Agent and Super Fast WiFi Hotspot of Kawangware Stage 2'.padEnd(120, '!');
    const BRAND_MAX = 'Mama Njeri Wanjiku Cyber & Super Fast WiFi, Kawangware Stage'.padEnd(60, '!');
    const PLAN_MAX = 'Mwezi mzima bila kikomo: unlimited browsing, streaming and downloads, all month'.padEnd(80, '!');
    const PLAN_ONE_WORD = 'X'.repeat(80);
    const DNS = 'hotspot.mama-njeri-wanjiku-enterprises.co.ke';
    const png = { contentType: 'image/png', bytes: solidPng(60, 20, [0x7a, 0x1f, 0xa2]) };

    interface Case {
      name: string;
      providerName: string;
      planName: string;
      codeLength: number;
      password: boolean;
      price: string;
      validity: string;
      dns: string | null;
      logo: boolean;
    }
    const CASES: Case[] = [
      {
        name: 'a short plan and provider',
        providerName: 'Demo Hotspot',
        planName: '1 day',
        codeLength: 8,
        password: false,
        price: 'KES 50',
        validity: 'Valid 1 day from first login',
        dns: 'wifi.demo.test',
        logo: false,
      },
      {
        name: 'the longest business name (120) and plan name (80), logo, password, 22-character codes',
        providerName: PROVIDER_MAX,
        planName: PLAN_MAX,
        codeLength: 22,
        password: true,
        price: 'KES 1,000,000',
        validity: '2 hours online, 10 GB, valid 30 days from first login',
        dns: DNS,
        logo: true,
      },
      {
        name: 'the longest brand name (60), an 80-character plan name without spaces, no QR',
        providerName: BRAND_MAX,
        planName: PLAN_ONE_WORD,
        codeLength: 16,
        password: false,
        price: 'KES 999,999',
        validity: '1 hour online, valid 1 day from purchase',
        dns: null,
        logo: true,
      },
    ];

    const cardsFor = (c: Case, n: number): PrintCard[] =>
      Array.from({ length: n }, (_, i) => {
        const code = `KW${String(i).padStart(c.codeLength - 2, '7')}`.slice(0, c.codeLength);
        return {
          code,
          password: c.password ? String(482913 + i) : null,
          paymentReference: `R${String(i).padStart(7, '3')}`,
          planName: c.planName,
          price: c.price,
          validity: c.validity,
          loginUrl: c.dns ? hotspotLoginUrl(c.dns, code, code) : null,
        };
      });

    const EPS = 0.01;
    const overlap = (a: PdfBox, b: PdfBox) => a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
    const inside = (a: PdfBox, card: PdfBox) => a.x >= card.x - EPS && a.y >= card.y - EPS && a.x + a.w <= card.x + card.w + EPS && a.y + a.h <= card.y + card.h + EPS;
    const centreIn = (a: PdfBox, card: PdfBox) => inside({ x: a.x + a.w / 2, y: a.y + a.h / 2, w: 0, h: 0 }, card);
    const PRINTED_WIDTH: Record<Exclude<PrintPaper, 'a4'>, number> = { thermal: 72 * MM, thermal58: 48 * MM };

    /** The cards of a page: A4 dashed borders; on a roll the printable width between cut lines (and the page ends). */
    function cardBoxes(page: PdfPage, paper: PrintPaper): PdfBox[] {
      if (paper === 'a4') return page.strokedRects.filter((r) => r.dashed);
      const w = PRINTED_WIDTH[paper];
      const cuts = page.lines.filter((l) => l.dashed && l.y1 === l.y2).map((l) => l.y1);
      const ys = [0, ...cuts.sort((a, b) => a - b), page.height];
      return ys.slice(1).map((y, i) => ({ x: (page.width - w) / 2, y: ys[i], w, h: y - ys[i] }));
    }

    interface MeasuredCard {
      box: PdfBox;
      texts: PdfTextRun[];
      qr: PdfBox[];
      images: PdfBox[];
      rules: PdfBox[];
    }
    function measure(pdf: Buffer, paper: PrintPaper): MeasuredCard[] {
      const out: MeasuredCard[] = [];
      for (const page of pdfPages(pdf)) {
        const cards = cardBoxes(page, paper).map((box): MeasuredCard => ({ box, texts: [], qr: [], images: [], rules: [] }));
        const owner = (b: PdfBox, what: string) => {
          const card = cards.find((c) => centreIn(b, c.box));
          if (!card) throw new Error(`${what} at ${JSON.stringify(b)} is on no card`);
          return card;
        };
        for (const t of page.texts) owner(t, `text "${t.text}"`).texts.push(t);
        for (const f of page.fills) owner(f, 'a filled shape').qr.push(f);
        for (const i of page.images) owner(i, 'an image').images.push(i);
        for (const l of page.lines.filter((l) => !l.dashed)) {
          const rule = { x: Math.min(l.x1, l.x2), y: Math.min(l.y1, l.y2) - l.width / 2, w: Math.abs(l.x2 - l.x1), h: Math.abs(l.y2 - l.y1) + l.width };
          owner(rule, 'a rule').rules.push(rule);
        }
        out.push(...cards);
      }
      return out;
    }

    /** The card's words with the spaces taken out (a host name broken over two lines is still found). */
    const squeezed = (text: string) => text.replace(/\s/g, '');
    const joined = (card: MeasuredCard) => squeezed(card.texts.map((t) => t.text).join(''));

    const LAYOUTS: { paper: PrintPaper; count: number }[] = [
      { paper: 'a4', count: 24 },
      { paper: 'thermal', count: 5 },
      { paper: 'thermal58', count: 5 },
    ];
    describe.each(LAYOUTS)('$paper', ({ paper, count }) => {
      it.each(CASES)('$name: no two text boxes overlap, none leaves its card or touches the QR code, logo or rule; instructions and code on every card', async (c) => {
        const vouchers = cardsFor(c, count);
        const options: PrintOptions = { providerName: c.providerName, loginHost: c.dns, layout: paper, title: 'Batch', logo: c.logo ? png : null };
        const cards = measure(await renderVoucherPdf(vouchers, options), paper);
        expect(cards).toHaveLength(vouchers.length);
        cards.forEach((card, i) => {
          const v = vouchers[i];
          const label = `${paper} card ${i}`;
          const obstacles = [...card.qr, ...card.images, ...card.rules];
          for (const t of card.texts) {
            expect({ label, text: t.text, inside: inside(t, card.box) }).toEqual({ label, text: t.text, inside: true });
            for (const o of obstacles) expect({ label, text: t.text, hits: overlap(t, o) }).toEqual({ label, text: t.text, hits: false });
          }
          for (const [a, b] of card.texts.flatMap((a, k) => card.texts.slice(k + 1).map((b) => [a, b] as const))) {
            expect({ label, a: a.text, b: b.text, overlap: overlap(a, b) }).toEqual({ label, a: a.text, b: b.text, overlap: false });
          }
          for (const o of obstacles) expect(inside(o, card.box)).toBe(true);
          expect(card.qr).toHaveLength(v.loginUrl ? 1 : 0);
          expect(card.images).toHaveLength(c.logo ? 1 : 0);

          const text = joined(card);
          const code = card.texts.find((t) => t.text === v.code);
          expect(code?.font).toBe('Courier-Bold');
          // the code is larger than any other text, or as wide as the card lets it be
          const largestOther = Math.max(...card.texts.filter((t) => t.font !== 'Courier-Bold').map((t) => t.size));
          expect(code!.size > largestOther || code!.w > 0.8 * card.box.w).toBe(true);
          if (v.password) expect(card.texts.find((t) => t.text === v.password)?.font).toBe('Courier-Bold');
          const wifi = c.providerName;
          for (const step of connectSteps(wifi, c.dns, Boolean(v.password))) expect(text).toContain(squeezed(step));
          if (paper !== 'a4') for (const step of connectSteps(wifi, c.dns, Boolean(v.password), 'sw')) expect(text).toContain(squeezed(step));
          expect(text).toContain(squeezed(`Ref ${v.paymentReference}`));
          expect(text).toContain(squeezed(v.validity));
          // plan names are wrapped, broken or shrunk, never cut, up to the longest the API takes
          expect(text).toContain(squeezed(`${v.planName} · ${v.price}`));
        });
      });
    });

    it('A4: a short code is printed at least 12 pt, a 22-character one still fits at 8 pt or more; thermal codes are larger', async () => {
      const sizes = async (paper: PrintPaper, c: Case) =>
        measure(await renderVoucherPdf(cardsFor(c, 2), { providerName: c.providerName, loginHost: c.dns, layout: paper, title: 'B' }), paper).map((card) => Math.max(...card.texts.map((t) => t.size)));
      const [short, longest] = [CASES[0], CASES[1]];
      expect(Math.min(...(await sizes('a4', short)))).toBeGreaterThanOrEqual(12);
      expect(Math.min(...(await sizes('a4', longest)))).toBeGreaterThanOrEqual(8);
      expect(Math.min(...(await sizes('thermal', short)))).toBeGreaterThanOrEqual(24);
      expect(Math.min(...(await sizes('thermal58', longest)))).toBeGreaterThanOrEqual(9);
    });

    it('a roll wastes no paper: each ticket ends a few millimetres under its last line, pages stay under a metre', async () => {
      for (const paper of ['thermal', 'thermal58'] as const) {
        const pages = pdfPages(await renderVoucherPdf(cardsFor(CASES[0], 40), { providerName: 'Demo Hotspot', loginHost: 'wifi.demo.test', layout: paper, title: 'B' }));
        expect(pages.length).toBeGreaterThan(1);
        for (const page of pages) expect(page.height).toBeLessThanOrEqual(1000 * MM);
        const cards = measure(await renderVoucherPdf(cardsFor(CASES[0], 40), { providerName: 'Demo Hotspot', loginHost: 'wifi.demo.test', layout: paper, title: 'B' }), paper);
        expect(cards).toHaveLength(40);
        for (const card of cards) {
          const content = [...card.texts, ...card.qr];
          const top = Math.min(...content.map((b) => b.y)) - card.box.y;
          const bottom = card.box.y + card.box.h - Math.max(...content.map((b) => b.y + b.h));
          expect(top).toBeLessThanOrEqual(6 * MM);
          expect(bottom).toBeLessThanOrEqual(6 * MM);
        }
      }
    });
  });
});
