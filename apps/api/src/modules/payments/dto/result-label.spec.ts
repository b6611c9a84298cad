import { KNOWN_RESULT_CODES } from '@wavu/daraja';
import { MAGIC_SUFFIXES, RESULT_DESC } from '@wavu/daraja-sim';
import { paymentResultLabel, RESULT_LABELS } from './result-label';

describe('paymentResultLabel', () => {
  it('says the examples from the walk-through in plain words', () => {
    expect(paymentResultLabel('failed', '2001')).toBe('Wrong M-Pesa PIN');
    expect(paymentResultLabel('cancelled', '1032')).toBe('Customer cancelled');
    expect(paymentResultLabel('failed', '1037')).toBe('Phone could not be reached (off or no network)');
    expect(paymentResultLabel('failed', '1')).toBe('Not enough money in M-Pesa');
  });

  it('has its own words for every ResultCode the Daraja client knows', () => {
    for (const code of KNOWN_RESULT_CODES) {
      expect([code, RESULT_LABELS[code]]).toEqual([code, expect.any(String)]);
    }
  });

  it('labels every result the simulator can produce, and never echoes Daraja’s text', () => {
    // the simulator's ResultDesc table covers its named phone actions (cancel 1032, timeout 1037, wrong-pin 2001, insufficient-funds 1)
    const codes = new Set([...Object.keys(RESULT_DESC), ...Object.values(MAGIC_SUFFIXES).flatMap((a) => (typeof a === 'object' ? [String(a.resultCode)] : []))]);
    for (const code of codes) {
      if (code === '0') continue;
      const label = paymentResultLabel('failed', code);
      expect(label).not.toMatch(/^M-Pesa said no/);
      expect(label).not.toBe(RESULT_DESC[code]);
    }
  });

  it('is empty while pending, once paid and when flagged (settledVia / flagReason say more)', () => {
    expect(paymentResultLabel('pending', null)).toBeNull();
    expect(paymentResultLabel('paid', '0')).toBeNull();
    expect(paymentResultLabel('flagged', '0')).toBeNull();
  });

  it('falls back on the status, a refused push or the bare code', () => {
    expect(paymentResultLabel('expired', null)).toBe('No answer from M-Pesa in time');
    expect(paymentResultLabel('failed', null)).toBe('The M-Pesa prompt could not be sent');
    expect(paymentResultLabel('failed', '400.002.02')).toBe('M-Pesa refused to send the prompt');
    expect(paymentResultLabel('failed', ' 4242 ')).toBe('M-Pesa said no (code 4242)');
  });
});
