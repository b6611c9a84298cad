import { cpuPercent, interfaceRates, MAX_INTERFACES_KEPT, MAX_RATE_BPS, memoryUsedPercent, rateBps, sessionCount, validCounter, type CounterReading } from './router-history.rates';

const t0 = new Date('2026-12-01T10:00:00Z');
const plus = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('router history rate maths', () => {
  it('turns a byte-counter delta into bits per second over the real time between readings', () => {
    // 7,500,000 bytes in 60 s = 1,000,000 bit/s
    expect(rateBps(1_000_000, t0, 8_500_000, plus(60))).toBe(1_000_000);
    // the same delta over 30 s (an on-demand refresh in between) is twice the rate
    expect(rateBps(1_000_000, t0, 8_500_000, plus(30))).toBe(2_000_000);
    expect(rateBps(5, t0, 5, plus(60))).toBe(0);
  });

  it('gives no rate when the counter went down (reboot, reset), never a negative or wrapped figure', () => {
    expect(rateBps(9_000_000, t0, 1_000, plus(60))).toBeNull();
  });

  it('gives no rate when time did not move forward or the gap is too long to call it a minute', () => {
    expect(rateBps(0, t0, 1_000, t0)).toBeNull();
    expect(rateBps(0, plus(60), 1_000, t0)).toBeNull();
    expect(rateBps(0, t0, 1_000, plus(16 * 60))).toBeNull();
    expect(rateBps(0, t0, 1_000, plus(15 * 60))).toBe(9);
  });

  it('refuses a rate beyond any real link instead of drawing a spike', () => {
    const bytesAtMax = (MAX_RATE_BPS / 8) * 60;
    expect(rateBps(0, t0, bytesAtMax, plus(60))).toBe(MAX_RATE_BPS);
    expect(rateBps(0, t0, bytesAtMax + 1_000_000, plus(60))).toBeNull();
  });

  it('accepts only non-negative whole counters JavaScript can subtract exactly', () => {
    expect(validCounter(0)).toBe(0);
    expect(validCounter(123)).toBe(123);
    for (const bad of [-1, 1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 2, '12', null, undefined]) expect(validCounter(bad)).toBeNull();
  });

  it('clamps CPU to 0–100 and rejects what is not a number', () => {
    expect(cpuPercent(37.4)).toBe(37);
    expect(cpuPercent(250)).toBe(100);
    expect(cpuPercent(-3)).toBe(0);
    expect(cpuPercent(NaN)).toBeNull();
    expect(cpuPercent('50')).toBeNull();
  });

  it('computes used memory as a percentage and rejects impossible free/total pairs', () => {
    expect(memoryUsedPercent(256, 1024)).toBe(75);
    expect(memoryUsedPercent('268435456', '1073741824')).toBe(75);
    expect(memoryUsedPercent(0, 0)).toBeNull();
    expect(memoryUsedPercent(2048, 1024)).toBeNull();
    expect(memoryUsedPercent(-1, 1024)).toBeNull();
    expect(memoryUsedPercent(null, 1024)).toBeNull();
  });

  it('accepts only plausible session counts', () => {
    expect(sessionCount(12)).toBe(12);
    expect(sessionCount(-1)).toBeNull();
    expect(sessionCount(2.5)).toBeNull();
    expect(sessionCount(5_000_000)).toBeNull();
  });

  describe('interfaceRates', () => {
    const iface = (name: unknown, rxBytes: unknown, txBytes: unknown, extra: Partial<{ running: unknown; disabled: unknown }> = {}) => ({
      name,
      rxBytes,
      txBytes,
      running: true,
      disabled: false,
      ...extra,
    });

    it('keeps interfaces that carried traffic, busiest first, and remembers every usable counter', () => {
      const previous = new Map<string, CounterReading>([
        ['ether1', { rxBytes: 1000, txBytes: 1000, at: t0 }],
        ['bridge-hotspot', { rxBytes: 0, txBytes: 0, at: t0 }],
        ['ether2', { rxBytes: 50, txBytes: 50, at: t0 }],
      ]);
      const { rates, counters } = interfaceRates(
        previous,
        [iface('ether2', 50, 50), iface('ether1', 1000 + 750_000, 1000 + 75_000), iface('bridge-hotspot', 75_000, 750_000), iface('ether3', 10, 10)],
        plus(60),
      );
      expect(rates).toEqual([
        { name: 'bridge-hotspot', rxBps: 10_000, txBps: 100_000 },
        { name: 'ether1', rxBps: 100_000, txBps: 10_000 },
      ]);
      // ether2 was idle, ether3 is new: no rate, but both are the next minute's base
      expect([...counters.keys()].sort()).toEqual(['bridge-hotspot', 'ether1', 'ether2', 'ether3']);
      expect(counters.get('ether3')).toEqual({ rxBytes: 10, txBytes: 10, at: plus(60) });
    });

    it('drops an interface whose counter went down this minute and restarts from its new counters', () => {
      const previous = new Map<string, CounterReading>([['ether1', { rxBytes: 9_000_000, txBytes: 9_000_000, at: t0 }]]);
      const first = interfaceRates(previous, [iface('ether1', 1_000, 9_500_000)], plus(60));
      expect(first.rates).toEqual([]);
      const second = interfaceRates(first.counters, [iface('ether1', 751_000, 9_500_000 + 7_500)], plus(120));
      expect(second.rates).toEqual([{ name: 'ether1', rxBps: 100_000, txBps: 1_000 }]);
    });

    it('ignores hostile readings: bad names, flags and counters, duplicates, down or disabled ports', () => {
      const previous = new Map<string, CounterReading>([
        ['ether1', { rxBytes: 0, txBytes: 0, at: t0 }],
        ['x'.repeat(64), { rxBytes: 0, txBytes: 0, at: t0 }],
      ]);
      const { rates, counters } = interfaceRates(
        previous,
        [
          iface(42, 100, 100),
          iface('  \u0000 ', 100, 100),
          iface('ether1', 60_000, 60_000),
          iface('ether1', 999_999_999, 999_999_999),
          iface('x'.repeat(300), 600, 600),
          iface('down', 100, 100, { running: false }),
          iface('off', 100, 100, { disabled: true }),
          iface('truthy', 100, 100, { running: 'yes' }),
          iface('neg', -5, 100),
          iface('float', 1.5, 100),
        ],
        plus(60),
      );
      expect(rates).toEqual([
        { name: 'ether1', rxBps: 8_000, txBps: 8_000 },
        { name: 'x'.repeat(64), rxBps: 80, txBps: 80 },
      ]);
      expect([...counters.keys()]).toEqual(['ether1', 'x'.repeat(64)]);
    });

    it(`keeps at most ${MAX_INTERFACES_KEPT} interfaces, the busiest`, () => {
      const readings = Array.from({ length: 40 }, (_, i) => iface(`vlan${i}`, 7_500 * (i + 1), 0));
      const previous = new Map(readings.map((r) => [r.name as string, { rxBytes: 0, txBytes: 0, at: t0 }]));
      const { rates } = interfaceRates(previous, readings, plus(60));
      expect(rates).toHaveLength(MAX_INTERFACES_KEPT);
      expect(rates[0]).toEqual({ name: 'vlan39', rxBps: 40 * 1_000, txBps: 0 });
      expect(rates.at(-1)!.name).toBe(`vlan${40 - MAX_INTERFACES_KEPT}`);
    });
  });
});
