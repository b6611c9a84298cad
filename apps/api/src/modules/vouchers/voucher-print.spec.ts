import { pdfText } from '../../../../../test/pdf-text';
import { hotspotLoginUrl } from './voucher-routers';
import { describeValidity, qrEncoder, renderVoucherPdf } from './voucher-print';

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

  it('puts the code in the login URL, URL-encoded', () => {
    expect(hotspotLoginUrl('wifi.demo.test', 'AB+2', 'p w')).toBe('http://wifi.demo.test/login?username=AB%2B2&password=p%20w');
  });

  it('describes validity for the card', () => {
    expect(describeValidity({ validitySeconds: 86400, validityFrom: 'first_login', uptimeLimitSeconds: 3600, dataLimitBytes: null })).toBe('1 hour online, valid 1 day from first login');
    expect(describeValidity({ validitySeconds: 2592000, validityFrom: 'purchase', uptimeLimitSeconds: null, dataLimitBytes: 1073741824 })).toBe('1 GB, valid 30 days from purchase');
  });
});
