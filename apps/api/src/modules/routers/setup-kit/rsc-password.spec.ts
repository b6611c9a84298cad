import { generateRsc } from './rsc';
import { GENERATED_PASSWORD_LENGTH, generateRouterApiPassword } from './rsc-password';

describe('generateRouterApiPassword', () => {
  it('makes 24 letters and digits, never the same twice', () => {
    const many = Array.from({ length: 2000 }, () => generateRouterApiPassword());
    expect(GENERATED_PASSWORD_LENGTH).toBeGreaterThanOrEqual(20);
    for (const p of many) expect(p).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(new Set(many).size).toBe(many.length);
  });

  it('uses the whole alphabet roughly evenly (no modulo bias towards the first symbols)', () => {
    const counts = new Map<string, number>();
    const draws = 4000;
    for (let i = 0; i < draws; i++) for (const c of generateRouterApiPassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 57 symbols, 96,000 characters: about 1,684 each
    expect(counts.size).toBe(57);
    const expected = (draws * GENERATED_PASSWORD_LENGTH) / 57;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
    // look-alikes are left out, so a password read off a screen is typed right
    for (const c of '0O1lI') expect(counts.has(c)).toBe(false);
  });

  it('goes into the setup script verbatim (nothing to escape)', () => {
    const password = generateRouterApiPassword();
    const script = generateRsc({
      routerId: '00000000-0000-4000-8000-000000000001',
      routerName: 'Shop',
      timeZone: 'Africa/Nairobi',
      wanInterface: 'ether1',
      lanInterfaces: ['ether2'],
      gatewayAddress: '10.10.0.1',
      prefixLength: 22,
      dnsServers: ['1.1.1.1'],
      hotspotServer: 'wavu-hotspot',
      hotspotDnsName: 'wifi.hotspot.lan',
      htmlDirectory: 'wavu-hotspot',
      publicUrl: 'https://wavu.example.test',
      platformAddress: '203.0.113.9',
      apiUser: 'wavu-api',
      apiPassword: password,
      apiPort: 8728,
      useTls: false,
      profiles: [],
    });
    expect(script).toContain(`/user add name="wavu-api" password="${password}" group="wavu-api"`);
  });
});
