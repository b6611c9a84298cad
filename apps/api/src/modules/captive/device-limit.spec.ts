import { DeviceCheckLimiter } from './device-limit';

describe('DeviceCheckLimiter', () => {
  it('never forgets every device when full: a device that used up its wrong codes stays limited', () => {
    const limiter = new DeviceCheckLimiter();
    const now = 1_000_000;
    for (let i = 0; i < 50_000; i++) limiter.miss('router', `filler-${i}`, now);
    for (let i = 0; i < 10; i++) limiter.miss('router', 'guesser', now);
    expect(() => limiter.assertAllowed('router', 'guesser', now)).toThrow(/Too many wrong codes/);
    // more devices push the map over its cap: only the oldest windows go
    for (let i = 0; i < 10; i++) limiter.miss('router', `late-${i}`, now + 1);
    expect(() => limiter.assertAllowed('router', 'guesser', now + 2)).toThrow(/Too many wrong codes/);
  });
});
