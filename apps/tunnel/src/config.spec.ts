import { ConfigError, parseConfig, parsePrefix } from './config';

const minimal = { DATABASE_URL: 'postgres://wavu@db:5432/wavu', TUNNEL_ENDPOINT: 'wg.example.com:51820' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('fills the defaults around the two required variables', () => {
    expect(parseConfig(minimal)).toEqual({
      databaseUrl: 'postgres://wavu@db:5432/wavu',
      interfaceName: 'wg-wavu',
      listenPort: 51820,
      endpoint: 'wg.example.com:51820',
      prefix: { network: 0xac1e0000, length: 16, text: '172.30.0.0/16' },
      hubAddress: '172.30.0.1',
      privateKeyFile: '/var/lib/wavu-tunnel/private.key',
      hubId: 'default',
      resyncIntervalMs: 30_000,
      statsIntervalMs: 10_000,
      debounceMs: 100,
      debounceMaxMs: 1_000,
      reconnectBaseMs: 1_000,
      commandTimeoutMs: 10_000,
      interfaceReadyTimeoutMs: 10_000,
      userspace: 'auto',
      wgBin: 'wg',
      wireguardGoBin: 'wireguard-go',
      ipBin: 'ip',
    });
  });

  it('reads every variable', () => {
    const config = parseConfig({
      ...minimal,
      TUNNEL_INTERFACE: 'wg_hub.1',
      TUNNEL_LISTEN_PORT: '443',
      TUNNEL_ENDPOINT: '[2001:db8::1]:443',
      TUNNEL_PREFIX: '10.77.128.0/20',
      TUNNEL_PRIVATE_KEY_FILE: '/run/keys/hub.key',
      TUNNEL_HUB_ID: 'nairobi-1',
      TUNNEL_RESYNC_INTERVAL_MS: '5000',
      TUNNEL_STATS_INTERVAL_MS: '2000',
      TUNNEL_USERSPACE: 'always',
      WG_BIN: '/usr/bin/wg',
      WIREGUARD_GO_BIN: '/opt/wireguard-go',
      IP_BIN: '/sbin/ip',
    });
    expect(config).toMatchObject({
      interfaceName: 'wg_hub.1',
      listenPort: 443,
      endpoint: '[2001:db8::1]:443',
      prefix: { length: 20, text: '10.77.128.0/20' },
      hubAddress: '10.77.128.1',
      privateKeyFile: '/run/keys/hub.key',
      hubId: 'nairobi-1',
      resyncIntervalMs: 5000,
      statsIntervalMs: 2000,
      userspace: 'always',
      wgBin: '/usr/bin/wg',
      wireguardGoBin: '/opt/wireguard-go',
      ipBin: '/sbin/ip',
    });
  });

  it('accepts the endpoint forms a router can dial', () => {
    for (const endpoint of ['41.90.12.7:51820', 'wg.nbo.wavu.example:1', 'hub:65535', 'wg.example.com.:51820', '[::1]:51820']) {
      expect(parseConfig({ ...minimal, TUNNEL_ENDPOINT: endpoint }).endpoint).toBe(endpoint);
    }
  });

  it('names the two required variables when they are missing', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^DATABASE_URL is required/), expect.stringMatching(/^TUNNEL_ENDPOINT is required/)]);
  });

  it('reports every bad variable at once, each with what it got', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://root@db/wavu',
      TUNNEL_ENDPOINT: 'wg.example.com',
      TUNNEL_INTERFACE: 'wg-wavu-far-too-long',
      TUNNEL_LISTEN_PORT: '70000',
      TUNNEL_PREFIX: '172.30.0.0/31',
      TUNNEL_HUB_ID: 'has space',
      TUNNEL_RESYNC_INTERVAL_MS: '10',
      TUNNEL_STATS_INTERVAL_MS: 'often',
      TUNNEL_USERSPACE: 'sometimes',
    });
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
      expect.stringContaining('TUNNEL_INTERFACE must be 1 to 15 characters'),
      'TUNNEL_LISTEN_PORT must be a whole number from 1 to 65535 (got "70000")',
      expect.stringContaining('TUNNEL_ENDPOINT must be host:port'),
      'TUNNEL_PREFIX must have a prefix length from 8 to 30 (got "172.30.0.0/31")',
      expect.stringContaining('TUNNEL_HUB_ID must be'),
      'TUNNEL_RESYNC_INTERVAL_MS must be a whole number from 1000 to 3600000 (got "10")',
      'TUNNEL_STATS_INTERVAL_MS must be a whole number from 1000 to 3600000 (got "often")',
      'TUNNEL_USERSPACE must be auto, always or never (got "sometimes")',
    ]);
    const error = (() => {
      try {
        parseConfig({});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/^invalid tunnel configuration:\n {2}- DATABASE_URL/);
  });

  it('refuses endpoints a router cannot dial', () => {
    const cases: Record<string, RegExp> = {
      'wg.example.com:0': /port from 1 to 65535/,
      'wg.example.com:99999': /port from 1 to 65535/,
      '2001:db8::1:51820': /must be host:port/,
      '[not-v6]:51820': /invalid IPv6/,
      '300.1.1.1:51820': /invalid IPv4/,
      'bad_host.example:51820': /invalid host name/,
      '-lead.example:51820': /invalid host name/,
      'wg.example.com:51820 ; reboot': /must be host:port/,
      [`${'a'.repeat(262)}:1`]: /at most 261/,
    };
    for (const [endpoint, message] of Object.entries(cases)) {
      expect(problemsOf({ ...minimal, TUNNEL_ENDPOINT: endpoint })).toEqual([expect.stringMatching(message)]);
    }
  });

  it('refuses interface names the kernel would refuse or that could be a path', () => {
    for (const name of ['wg wavu', 'wg/wavu', '..', 'a'.repeat(16)]) {
      expect(problemsOf({ ...minimal, TUNNEL_INTERFACE: name })).toEqual([expect.stringContaining('TUNNEL_INTERFACE')]);
    }
  });
});

describe('parsePrefix', () => {
  it('takes an IPv4 network with a length from 8 to 30', () => {
    expect(parsePrefix('10.0.0.0/8')).toEqual({ network: 0x0a000000, length: 8, text: '10.0.0.0/8' });
    expect(parsePrefix('192.168.77.252/30')).toEqual({ network: 0xc0a84dfc, length: 30, text: '192.168.77.252/30' });
  });

  it('says what is wrong otherwise', () => {
    expect(parsePrefix('172.30.0.5/16')).toBe('must be a network address: 172.30.0.0/16, not a host inside it');
    expect(parsePrefix('10.0.0.0/7')).toBe('must have a prefix length from 8 to 30');
    expect(parsePrefix('fd00::/64')).toMatch(/IPv4 network in CIDR form/);
    expect(parsePrefix('172.30.0.0')).toMatch(/IPv4 network in CIDR form/);
    expect(parsePrefix('172.30.0.256/16')).toMatch(/IPv4 network in CIDR form/);
  });
});
