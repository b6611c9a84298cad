import { loadConfig } from '../../config/load-config';
import { classifyAddress, HostResolver, literalAddress, parseIpv4Like, RouterAddressGuard, RouterAddressRefused, RouterHostNotFound } from './address-guard';

/** A resolver that answers from a table (no DNS). */
class TableResolver extends HostResolver {
  constructor(private readonly table: Record<string, string[]>) {
    super();
  }
  override async lookup(host: string): Promise<string[]> {
    const found = this.table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  }
}

const NAMES: Record<string, string[]> = {
  'router.example.test': ['203.0.113.10'],
  'dual.example.test': ['203.0.113.10', '2001:db8::10'],
  'internal.example.test': ['10.1.2.3'],
  'metadata.example.test': ['169.254.169.254'],
  'mixed.example.test': ['203.0.113.10', '192.168.1.1'],
  'v6loop.example.test': ['::1'],
  'tunnel.example.test': ['10.8.0.5'],
};

function guard(env: Record<string, string> = {}, names = NAMES): RouterAddressGuard {
  const config = loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent', ...env });
  return new RouterAddressGuard(config, new TableResolver(names));
}

describe('router address guard', () => {
  it('parses IPv4 the way inet_aton (the OS) does', () => {
    expect(parseIpv4Like('2130706433')).toBe('127.0.0.1');
    expect(parseIpv4Like('0x7f.1')).toBe('127.0.0.1');
    expect(parseIpv4Like('0177.0.0.1')).toBe('127.0.0.1');
    expect(parseIpv4Like('127.1')).toBe('127.0.0.1');
    expect(parseIpv4Like('0x7f000001')).toBe('127.0.0.1');
    expect(parseIpv4Like('10.0x10.1')).toBe('10.16.0.1');
    expect(parseIpv4Like('0')).toBe('0.0.0.0');
    expect(parseIpv4Like('256.1.1.1')).toBeNull();
    expect(parseIpv4Like('4294967296')).toBeNull();
    expect(parseIpv4Like('08.1.1.1')).toBeNull(); // 8 is not an octal digit
    expect(parseIpv4Like('router.example.test')).toBeNull();
    expect(parseIpv4Like('1.2.3.4.5')).toBeNull();
    expect(literalAddress('[::1]')).toBe('::1');
    expect(literalAddress('::FFFF:127.0.0.1')).toBe('::ffff:127.0.0.1');
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['::127.0.0.1', 'reserved'], // IPv4-compatible (deprecated): refused whatever it embeds
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
  ])('classifies %s as %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it.each(['203.0.113.10', '8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2001:db8::1', '2a00:1450::1', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  const refused: Array<[string, string, number, 'host' | 'apiPort']> = [
    ['localhost', 'localhost', 8728, 'host'],
    ['127.0.0.1', '127.0.0.1', 8728, 'host'],
    ['decimal', '2130706433', 8728, 'host'],
    ['hex', '0x7f.1', 8728, 'host'],
    ['octal', '0177.0.0.1', 8728, 'host'],
    ['bracketed ::1', '[::1]', 8728, 'host'],
    ['mapped', '::ffff:127.0.0.1', 8728, 'host'],
    ['metadata', '169.254.169.254', 8728, 'host'],
    ['metadata by name', 'metadata.example.test', 8728, 'host'],
    ['rfc1918 10/8', '10.0.0.1', 8728, 'host'],
    ['rfc1918 172.16/12', '172.16.0.1', 8729, 'host'],
    ['rfc1918 192.168/16', '192.168.88.1', 8728, 'host'],
    ['cgnat', '100.64.1.1', 8728, 'host'],
    ['ula', 'fd12::1', 8728, 'host'],
    ['internal name', 'internal.example.test', 8728, 'host'],
    ['name with one internal address', 'mixed.example.test', 8728, 'host'],
    ['name resolving to ::1', 'v6loop.example.test', 8728, 'host'],
    ['port 22', '203.0.113.10', 22, 'apiPort'],
    ['port 5432', 'router.example.test', 5432, 'apiPort'],
  ];

  it.each(refused)('outside demo mode refuses %s (%s:%d)', async (_label, host, port, field) => {
    const g = guard(
      { DEMO_MODE: 'false', JWT_SECRET: 'x'.repeat(40), SECRET_BOX_KEYS: `k:${Buffer.alloc(32, 7).toString('base64')}`, ROUTER_ALLOWED_CIDRS: '10.8.0.0/16' },
      { ...NAMES, localhost: ['127.0.0.1', '::1'] },
    );
    const err = await g.check(host, port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterAddressRefused);
    expect((err as RouterAddressRefused).field).toBe(field);
    // a name's internal address is never echoed back
    if (!literalAddress(host)) expect((err as Error).message).not.toMatch(/10\.1\.2\.3|169\.254|192\.168|::1\b/);
  });

  it.each([
    ['public literal', '203.0.113.10', 8728, '203.0.113.10'],
    ['public name (api-ssl)', 'router.example.test', 8729, '203.0.113.10'],
    ['public name, first address', 'dual.example.test', 8728, '203.0.113.10'],
    ['allowed CIDR (tunnel)', '10.8.3.4', 8728, '10.8.3.4'],
    ['allowed CIDR by name', 'tunnel.example.test', 8728, '10.8.0.5'],
    ['allowed port', '203.0.113.10', 9000, '203.0.113.10'],
    ['allowed port range', '203.0.113.10', 9105, '203.0.113.10'],
  ])('allows %s (%s:%d) and answers the checked address', async (_label, host, port, address) => {
    const g = guard({
      DEMO_MODE: 'false',
      JWT_SECRET: 'x'.repeat(40),
      SECRET_BOX_KEYS: `k:${Buffer.alloc(32, 7).toString('base64')}`,
      ROUTER_ALLOWED_CIDRS: '10.8.0.0/16',
      ROUTER_ALLOWED_PORTS: '9000,9100-9110',
    });
    await expect(g.check(host, port)).resolves.toEqual({ host, address, port });
  });

  it('demo mode allows loopback on any port (the simulated routers); an explicit setting replaces the default', async () => {
    await expect(guard().check('127.0.0.1', 41234)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(guard().check('0x7f.1', 8728)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(guard().check('::ffff:127.0.0.1', 8728)).resolves.toMatchObject({ address: '::ffff:127.0.0.1' });
    await expect(guard().check('10.0.0.1', 8728)).rejects.toBeInstanceOf(RouterAddressRefused);
    await expect(guard({ ROUTER_ALLOWED_CIDRS: '10.8.0.0/16' }).check('127.0.0.1', 8728)).rejects.toBeInstanceOf(RouterAddressRefused);
  });

  it('a name that does not resolve is "not found" (accepted when saving), a slow lookup times out', async () => {
    const g = guard();
    await expect(g.check('nowhere.example.test', 8728)).rejects.toBeInstanceOf(RouterHostNotFound);
    await expect(g.checkForSave('nowhere.example.test', 8728)).resolves.toBeUndefined();
    const slow = new RouterAddressGuard(loadConfig({ DEMO_MODE: 'true', ROUTER_CALL_TIMEOUT_MS: '100' }), { lookup: () => new Promise<string[]>(() => undefined) });
    await expect(slow.check('slow.example.test', 8728)).rejects.toThrow(/did not resolve within 100 ms/);
  });

  it('resolves each check again (a rebinding name is caught at the next connect)', async () => {
    const answers = [['203.0.113.10'], ['127.0.0.1']];
    const g = new RouterAddressGuard(loadConfig({ DEMO_MODE: 'true', ROUTER_ALLOWED_CIDRS: '10.8.0.0/16' }), { lookup: async () => answers.shift()! });
    await expect(g.check('rebind.example.test', 8728)).resolves.toMatchObject({ address: '203.0.113.10' });
    await expect(g.check('rebind.example.test', 8728)).rejects.toBeInstanceOf(RouterAddressRefused);
  });

  it('config: bad CIDRs and ports are reported by name', () => {
    expect(() => loadConfig({ DEMO_MODE: 'true', ROUTER_ALLOWED_CIDRS: '10.0.0.0/33' })).toThrow(/ROUTER_ALLOWED_CIDRS: "10.0.0.0\/33" has a bad prefix length/);
    expect(() => loadConfig({ DEMO_MODE: 'true', ROUTER_ALLOWED_CIDRS: 'intranet' })).toThrow(/ROUTER_ALLOWED_CIDRS/);
    expect(() => loadConfig({ DEMO_MODE: 'true', ROUTER_ALLOWED_PORTS: '9000-8000' })).toThrow(/ROUTER_ALLOWED_PORTS: "9000-8000" is not a port or port range/);
    expect(loadConfig({ DEMO_MODE: 'true' }).routers).toMatchObject({ allowedCidrs: ['127.0.0.0/8'], allowedPorts: [[1, 65535]] });
    expect(loadConfig({ DEMO_MODE: 'true', ROUTER_ALLOWED_CIDRS: '10.8.0.0/16, fd00:8::/64', ROUTER_ALLOWED_PORTS: '9000' }).routers).toMatchObject({
      allowedCidrs: ['10.8.0.0/16', 'fd00:8::/64'],
      allowedPorts: [[9000, 9000]],
    });
  });
});
