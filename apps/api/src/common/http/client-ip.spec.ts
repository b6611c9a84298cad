import { clientKey, effectiveClientIp } from './client-ip';
import { MemoryRateLimiter, rateLimitKey } from './rate-limit';
import type { Request } from 'express';

describe('clientKey', () => {
  it('keys IPv4 as is and an IPv4-mapped IPv6 address as its IPv4', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
  });

  it('keys IPv6 by its /64, whatever the spelling', () => {
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('puts anything unreadable in one bucket', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('')).toBe('unknown');
    expect(clientKey('not-an-ip')).toBe('unknown');
  });
});

describe('effectiveClientIp', () => {
  const loopback = (a: string) => a === '127.0.0.1';
  it('walks X-Forwarded-For from the right while the hop is trusted', () => {
    expect(effectiveClientIp('127.0.0.1', '203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(effectiveClientIp('10.0.0.2', '203.0.113.7', loopback)).toBe('10.0.0.2');
    expect(effectiveClientIp('127.0.0.1', '198.51.100.1, 203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(effectiveClientIp('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
    expect(effectiveClientIp('10.0.0.2', '198.51.100.1, 203.0.113.7', (_a, hop) => hop < 1)).toBe('203.0.113.7');
  });
});

describe('rateLimitKey', () => {
  const req = (parts: Partial<Request>) => ({ params: {}, query: {}, body: {}, ip: '::ffff:198.51.100.4', ...parts }) as unknown as Request;
  const routerId = '8b7d8c1e-0c1a-4c5e-9a55-3f0c9d0b1a22';

  it('keys a device rule on router + MAC (normalised), else on the client IP', () => {
    const device = { name: 'x', limit: 1, windowSeconds: 60, key: 'device' as const };
    expect(rateLimitKey(device, req({ body: { routerId, mac: 'aa-bb-cc-dd-ee-01' } }))).toBe(`device:${routerId}:AA:BB:CC:DD:EE:01`);
    expect(rateLimitKey(device, req({ params: { routerId }, query: { mac: 'AA:BB:CC:DD:EE:02' } }))).toBe(`device:${routerId}:AA:BB:CC:DD:EE:02`);
    expect(rateLimitKey(device, req({ body: { routerId } }))).toBe('ip:198.51.100.4');
    expect(rateLimitKey(device, req({ body: { routerId: 'nope', mac: 'AA:BB:CC:DD:EE:02' } }))).toBe('ip:198.51.100.4');
    expect(rateLimitKey(device, req({ body: { routerId, mac: { $ne: 1 } } }))).toBe('ip:198.51.100.4');
    expect(rateLimitKey({ name: 'x', limit: 1, windowSeconds: 60 }, req({ body: { routerId, mac: 'AA:BB:CC:DD:EE:02' }, ip: '2001:db8:9:9::5' }))).toBe('ip:2001:db8:9:9::/64');
  });
});

describe('MemoryRateLimiter', () => {
  it('never clears every counter when full: it evicts the oldest windows only', () => {
    const limiter = new MemoryRateLimiter();
    limiter.maxKeys = 1000;
    const now = 1_000_000;
    expect(limiter.hit('attacker', 1, 60, now)).toBe(0);
    for (let i = 0; i < 999; i++) limiter.hit(`filler-${i}`, 1, 60, now);
    expect(limiter.hit('recent', 1, 60, now)).toBe(0);
    // the map is over its cap: only the oldest window went; the recent client is still counted
    expect(limiter.size).toBe(1000);
    expect(limiter.hit('recent', 1, 60, now + 1)).toBeGreaterThan(0);
    expect(limiter.hit('filler-998', 1, 60, now + 1)).toBeGreaterThan(0);
    for (let i = 0; i < 5000; i++) limiter.hit(`more-${i}`, 1, 60, now + 2);
    expect(limiter.size).toBe(1000);
    expect(limiter.hit('more-4999', 1, 60, now + 3)).toBeGreaterThan(0);
  });

  it('forgets ended windows', () => {
    const limiter = new MemoryRateLimiter();
    expect(limiter.hit('a', 1, 60, 0)).toBe(0);
    expect(limiter.hit('a', 1, 60, 1000)).toBe(59);
    expect(limiter.hit('a', 1, 60, 60_000)).toBe(0);
  });
});
