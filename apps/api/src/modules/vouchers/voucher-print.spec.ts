import { pdfColors, pdfImageCount, pdfText } from '../../../../../test/pdf-text';
import { solidPng } from '../../../../../test/png';
import { hotspotLoginUrl } from './voucher-routers';
import { cardStyle, DEFAULT_ACCENT, describeValidity, qrEncoder, renderVoucherPdf } from './voucher-print';

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

  it('renders one 80 mm thermal ticket per voucher', async () => {
    const pdf = await renderVoucherPdf(cards.slice(0, 3), { providerName: 'Demo Hotspot', layout: 'thermal', title: 'Batch' });
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(3);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 226\.77/);
  });

  describe('branding', () => {
    const png = { contentType: 'image/png', bytes: solidPng(40, 20, [0x7a, 0x1f, 0xa2]) };
    const webp = { contentType: 'image/webp', bytes: Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1') };

    it('styles cards with the brand name, the accent colour and only an embeddable (PNG/JPEG) logo', () => {
      expect(cardStyle({ providerName: 'Mama Njeri WiFi', accentColor: '#7a1fa2', logo: png })).toEqual({ name: 'Mama Njeri WiFi', accent: '#7A1FA2', logo: png.bytes });
      expect(cardStyle({ providerName: 'X', accentColor: null, logo: null })).toEqual({ name: 'X', accent: DEFAULT_ACCENT, logo: null });
      expect(cardStyle({ providerName: 'X', accentColor: 'red', logo: { contentType: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff]) } })).toMatchObject({ accent: DEFAULT_ACCENT, logo: Buffer.from([0xff, 0xd8, 0xff]) });
      expect(cardStyle({ providerName: 'X', logo: webp }).logo).toBeNull();
      expect(cardStyle({ providerName: 'X', logo: { contentType: 'image/gif', bytes: Buffer.from('GIF89a') } }).logo).toBeNull();
    });

    it.each(['a4', 'thermal'] as const)('%s: prints the brand name, strokes borders and header in the accent colour, embeds the PNG logo once', async (layout) => {
      const pdf = await renderVoucherPdf(cards.slice(0, 22), { providerName: 'Mama Njeri WiFi', accentColor: '#7A1FA2', logo: png, layout, title: 'Batch' });
      expect(pdfText(pdf).split('\n').filter((l) => l === 'Mama Njeri WiFi')).toHaveLength(22);
      expect(pdfColors(pdf, 'stroke')).toEqual(new Set(['#7A1FA2']));
      expect(pdfColors(pdf, 'fill')).toContain('#7A1FA2');
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
});
