import { connectSteps as pdfSteps, describeValidity as pdfValidity } from '../../apps/api/src/modules/vouchers/voucher-print';
import { connectSteps as previewSteps, describeValidity as previewValidity } from '../../apps/web/src/features/vouchers/components/print-words';

/** The SPA's print preview and the PDF print the same words on a card. */
describe('print preview words = PDF words', () => {
  it.each([
    ['Mama Njeri WiFi', 'wifi.demo.test', false],
    ['Kiosk Bros', null, true],
    ['Demo Hotspot Kawangware', 'login.demo-hotspot.test', true],
    ['Cafe Wi-Fi', null, false],
  ] as const)('the connection steps for %s (login host %s, password %s), English and Swahili', (wifi, host, password) => {
    for (const lang of ['en', 'sw'] as const) expect(previewSteps(wifi, host, password, lang)).toEqual(pdfSteps(wifi, host, password, lang));
  });

  it.each([
    { validitySeconds: 86400, validityFrom: 'first_login', uptimeLimitSeconds: 3600, dataLimitBytes: null },
    { validitySeconds: 2592000, validityFrom: 'purchase', uptimeLimitSeconds: null, dataLimitBytes: 1073741824 },
    { validitySeconds: 5400, validityFrom: 'first_login', uptimeLimitSeconds: 90, dataLimitBytes: 524288000 },
    { validitySeconds: null, validityFrom: 'first_login', uptimeLimitSeconds: null, dataLimitBytes: null },
    { validitySeconds: 604800, validityFrom: 'purchase', uptimeLimitSeconds: 7200, dataLimitBytes: 10737418240 },
  ])('the validity line for %o', (v) => {
    expect(previewValidity(v)).toBe(pdfValidity(v));
  });
});
