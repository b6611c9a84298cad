import { DeviceCheckLimiter } from './device-limit';

describe('DeviceCheckLimiter', () => {
  it('never forgets every device when full: a device that used up its wrong codes stays limited', () => {
    const limiter = new DeviceCheckLimiter();
    const now = 1_000_000;
    // 50,000 devices behind 50,000 addresses: 100,000 windows, the cap
    for (let i = 0; i < 50_000; i++) limiter.miss('router', `filler-${i}`, `10.1.${i >> 8}.${i & 255}`, now);
    for (let i = 0; i < 10; i++) limiter.miss('router', 'guesser', '192.0.2.1', now);
    expect(() => limiter.assertAllowed('router', 'guesser', '192.0.2.1', now)).toThrow(/Too many wrong codes/);
    // more devices push the map over its cap: only the oldest windows go
    for (let i = 0; i < 10; i++) limiter.miss('router', `late-${i}`, `10.2.0.${i}`, now + 1);
    expect(() => limiter.assertAllowed('router', 'guesser', '192.0.2.1', now + 2)).toThrow(/Too many wrong codes/);
  });

  it('holds one address to 30 wrong codes a minute however many MACs it makes up; other addresses and the next minute go on', () => {
    const limiter = new DeviceCheckLimiter();
    const now = 2_000_000;
    for (let i = 0; i < 30; i++) {
      const mac = `02:00:00:00:00:${String(i).padStart(2, '0')}`;
      expect(() => limiter.assertAllowed('router', mac, '198.51.100.7', now)).not.toThrow();
      limiter.miss('router', mac, '198.51.100.7', now);
    }
    expect(() => limiter.assertAllowed('router', '02:00:00:00:01:00', '198.51.100.7', now)).toThrow(/Too many wrong codes/);
    // an IPv6 guesser's /64 is one address
    for (let i = 0; i < 30; i++) limiter.miss('router', `02:00:00:00:02:${String(i).padStart(2, '0')}`, `2001:db8:5:6::${i.toString(16)}`, now);
    expect(() => limiter.assertAllowed('router', '02:00:00:00:03:00', '2001:db8:5:6:ffff::1', now)).toThrow(/Too many wrong codes/);
    expect(() => limiter.assertAllowed('router', '02:00:00:00:01:00', '198.51.100.8', now)).not.toThrow();
    expect(() => limiter.assertAllowed('router', '02:00:00:00:01:00', '198.51.100.7', now + 60_000)).not.toThrow();
  });
});
