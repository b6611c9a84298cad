import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { hotspotFiles } from './hotspot-html';
import type { SetupKitParams } from './rsc';
import { addressPlan, generateRsc, loginHtml, rosString } from './rsc';
import { generateWireGuardKeyPair } from '../tunnel/tunnel-keys';

const ROUTER_ID = '3f0c2a1e-5b6d-4c7e-8f90-a1b2c3d4e5f6';
const base: SetupKitParams = {
  routerId: ROUTER_ID,
  routerName: 'Mama "Njeri" $hop? \\ North',
  timeZone: 'Africa/Nairobi',
  wanInterface: 'ether1',
  lanInterfaces: ['ether2', 'wlan1'],
  gatewayAddress: '10.10.0.1',
  prefixLength: 22,
  dnsServers: ['1.1.1.1', '8.8.8.8'],
  hotspotServer: 'hotspot1',
  hotspotDnsName: 'wifi.njeri.test',
  htmlDirectory: 'wavu-hotspot',
  publicUrl: 'https://portal.wavu.test',
  platformAddress: '203.0.113.5',
  apiUser: 'wavu-api',
  apiPassword: 'p"a$s?w\\rd#1',
  apiPort: 8728,
  useTls: false,
  profiles: [
    { name: 'wavu-1h-5m', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 },
    { name: 'wavu-day', rateLimit: '1M/3M 2M/6M 1M/3M 10/10', sharedUsers: 2, idleTimeoutSeconds: 600 },
  ],
};

/**
 * A small RouterOS script lexer: walks a line, tracking double-quoted strings with escapes.
 * Returns the line's text outside strings and every string literal's raw content.
 */
function lex(line: string): { outside: string; strings: string[]; unterminated: boolean } {
  let outside = '';
  const strings: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '"') {
      outside += line[i++];
      continue;
    }
    let raw = '';
    i++;
    let closed = false;
    while (i < line.length) {
      if (line[i] === '\\') {
        raw += line.slice(i, i + 2);
        i += 2;
      } else if (line[i] === '"') {
        closed = true;
        i++;
        break;
      } else raw += line[i++];
    }
    if (!closed) return { outside, strings, unterminated: true };
    strings.push(raw);
  }
  return { outside, strings, unterminated: false };
}

describe('setup kit .rsc', () => {
  const script = generateRsc(base);
  const lines = script.split('\n');
  const routerKeys = generateWireGuardKeyPair();
  const hubKeys = generateWireGuardKeyPair();
  const tunnelParams: SetupKitParams = {
    ...base,
    platformAddress: '172.30.0.1',
    tunnel: { privateKey: routerKeys.privateKey, address: '172.30.4.17', hubPublicKey: hubKeys.publicKey, hubEndpoint: 'wg.wavu.test:51820' },
  };
  const tunnelScript = generateRsc(tunnelParams);
  const tunnelLines = tunnelScript.split('\n');
  // the syntax checks cover every variant (plaintext, api-ssl with its certificate, the tunnel)
  const allLines = [...lines, ...generateRsc({ ...base, useTls: true, apiPort: 8729 }).split('\n'), ...tunnelLines];

  it('has comments only at the start of a line and no continued or trailing-comment lines', () => {
    for (const line of allLines) {
      if (line === '' || line.startsWith('#')) continue;
      expect({ line, start: /^[/:]/.test(line) }).toEqual({ line, start: true });
      const { outside, unterminated } = lex(line);
      expect({ line, unterminated }).toEqual({ line, unterminated: false });
      expect({ line, comment: outside.includes('#') }).toEqual({ line, comment: false });
      expect({ line, continued: /\\\s*$/.test(outside) }).toEqual({ line, continued: false });
    }
  });

  it('escapes \\, ", $ and ? inside every string literal', () => {
    for (const line of allLines.filter((l) => !l.startsWith('#'))) {
      for (const raw of lex(line).strings) {
        // every $ and ? is escaped, and every backslash starts a known escape
        const unescaped = raw.replace(/\\[\\"$?]/g, '');
        expect({ raw, bad: /[\\$?]/.test(unescaped) }).toEqual({ raw, bad: false });
      }
    }
    expect(script).toContain('/system identity set name="Mama \\"Njeri\\" \\$hop\\? \\\\ North"');
    expect(script).toContain('password="p\\"a\\$s\\?w\\\\rd#1"');
  });

  it('fills in the hotspot, one user profile per plan, the walled garden and the restricted API access', () => {
    expect(script).toContain('/ip pool add name="wavu-pool" ranges="10.10.0.2-10.10.3.254"');
    expect(script).toContain('/ip dhcp-server network add address="10.10.0.0/22" gateway="10.10.0.1"');
    expect(script).toContain('dns-name="wifi.njeri.test" html-directory="wavu-hotspot"');
    expect(script).toContain('/interface bridge port add bridge="bridge-wavu" interface="wlan1"');
    expect(lines.filter((l) => l.includes('/ip hotspot user profile add'))).toHaveLength(2);
    expect(script).toContain('/ip hotspot user profile add name="wavu-1h-5m" rate-limit="2M/5M" shared-users=1 session-timeout=3600s idle-timeout=none');
    expect(script).toContain('name="wavu-day" rate-limit="1M/3M 2M/6M 1M/3M 10/10" shared-users=2 session-timeout=0s idle-timeout=600s');
    expect(script).toContain('/ip hotspot walled-garden add dst-host="portal.wavu.test" action=allow');
    expect(script).toContain('/ip hotspot walled-garden ip add dst-host="portal.wavu.test" action=accept');
    expect(script).not.toMatch(/gstatic|captive\.apple|0\.0\.0\.0\/0/);
    const group = /\/user group add name="wavu-api" policy=([^ ]+) } else={ \/user group set \[find name="wavu-api"\] policy=([^ ]+) }/.exec(script);
    expect(group).not.toBeNull();
    expect(group![2]).toBe(group![1]); // an older kit's wider group is narrowed on a re-run
    const granted = group![1].split(',').filter((p) => !p.startsWith('!'));
    // backups and restores need ftp, sensitive, test and reboot (docs/backups.md); nothing else
    expect(granted.sort()).toEqual(['api', 'ftp', 'read', 'reboot', 'sensitive', 'test', 'write']);
    for (const risky of ['policy', 'winbox', 'ssh', 'telnet', 'web', 'password', 'sniff', 'romon', 'local']) expect(group![1].split(',')).toContain(`!${risky}`);
    expect(script).toContain('group="wavu-api" address="203.0.113.5/32"');
    expect(script).toContain('/ip service set api address="203.0.113.5/32" port=8728 disabled=no');
    expect(script).toContain('# WARNING: the plaintext API');
  });

  it('with api-ssl: makes a certificate once, serves api-ssl with it, only to the platform, and turns the plaintext API off', () => {
    const tls = generateRsc({ ...base, useTls: true, apiPort: 8729 });
    const tlsLines = tls.split('\n');
    const cert = tlsLines.find((l) => l.includes('/certificate add'));
    expect(cert).toBe(
      ':if ([:len [/certificate find name="wavu-api"]] = 0) do={ /certificate add name="wavu-api" common-name="wavu-api" days-valid=3650 key-size=2048 key-usage=digital-signature,key-encipherment,tls-server; /certificate sign "wavu-api" }',
    );
    const service = tlsLines.findIndex((l) => l.startsWith('/ip service set api-ssl'));
    expect(tlsLines[service]).toBe('/ip service set api-ssl certificate="wavu-api" address="203.0.113.5/32" port=8729 disabled=no');
    expect(tlsLines.indexOf(cert!)).toBeLessThan(service); // the certificate exists before the service names it
    expect(tlsLines).toContain('/ip service set api disabled=yes');
    expect(tls).not.toMatch(/\/ip service set api address=/);
    expect(tls).not.toContain('WARNING: the plaintext API');
    expect(tls).toContain('dst-port=8729 src-address="203.0.113.5"');
  });

  it('tunnel: stops on RouterOS 6 before changing anything, then makes the WireGuard interface, the platform peer, the /32 and the route', () => {
    const first = tunnelLines.findIndex((l) => l.startsWith('/') || l.startsWith(':'));
    expect(tunnelLines[first]).toBe(
      ':if ([:pick [/system resource get version] 0 1] = "6") do={ :error "wavu: the management tunnel needs RouterOS 7 (v6 has no WireGuard); upgrade the router or add it as direct" }',
    );
    expect(tunnelScript).toContain(
      `:if ([:len [/interface wireguard find name="wavu-wg"]] = 0) do={ /interface wireguard add name="wavu-wg" private-key="${routerKeys.privateKey}" comment="wavu management tunnel" } else={ /interface wireguard set [find name="wavu-wg"] private-key="${routerKeys.privateKey}" }`,
    );
    const peer = `public-key="${hubKeys.publicKey}" endpoint-address="wg.wavu.test" endpoint-port=51820 allowed-address="172.30.0.1/32" persistent-keepalive=25s`;
    expect(tunnelScript).toContain(
      `:if ([:len [/interface wireguard peers find interface="wavu-wg"]] = 0) do={ /interface wireguard peers add interface="wavu-wg" ${peer} comment="wavu platform" } else={ /interface wireguard peers set [find interface="wavu-wg"] ${peer} }`,
    );
    expect(tunnelScript).toContain('/ip address add address="172.30.4.17/32" interface="wavu-wg"');
    expect(tunnelScript).toContain('/ip route add dst-address="172.30.0.1/32" gateway="wavu-wg"');
    // only the platform's address crosses the tunnel: customers' traffic never enters it
    expect(tunnelScript).not.toMatch(/allowed-address="(?!172\.30\.0\.1\/32")/);
    // the private key appears only in the interface line (twice: add or set)
    expect(tunnelScript.split(routerKeys.privateKey)).toHaveLength(3);
  });

  it('tunnel: the API, its user and the firewall accept only the hub, only from the tunnel interface, before the default drop', () => {
    expect(tunnelScript).toContain('group="wavu-api" address="172.30.0.1/32"');
    expect(tunnelScript).toContain('/ip service set api address="172.30.0.1/32" port=8728 disabled=no');
    expect(tunnelScript).toContain('# the plaintext API, inside the WireGuard tunnel only');
    expect(tunnelScript).not.toContain('WARNING: the plaintext API');
    const accept = 'chain=input action=accept protocol=tcp dst-port=8728 src-address="172.30.0.1" in-interface="wavu-wg" comment="wavu api"';
    expect(tunnelLines).toContain('/ip firewall filter remove [find comment="wavu api"]');
    expect(tunnelLines).toContain(`:do { /ip firewall filter add ${accept} place-before=0 } on-error={ /ip firewall filter add ${accept} }`);
    // the tunnel comes up before the API is locked to the hub's address
    expect(tunnelLines.findIndex((l) => l.includes('/interface wireguard add'))).toBeLessThan(tunnelLines.findIndex((l) => l.startsWith('/ip service set api ')));
  });

  it('tunnel: running the block twice leaves one interface, one peer, one address, one route (every add is guarded)', () => {
    const block = tunnelLines.filter((l) => /wireguard|wavu-wg/.test(l) && !l.startsWith('#'));
    for (const line of block.filter((l) => / add /.test(l) && !l.includes('/ip firewall'))) expect(line).toMatch(/^:if \(\[:len \[.* find .*\]\] = 0\) do={ .* } else={ .* set \[find /);
  });

  it('tunnel: refuses keys that are not WireGuard keys and endpoints that are not host:port', () => {
    const bad = (tunnel: Partial<NonNullable<SetupKitParams['tunnel']>>) => () => generateRsc({ ...tunnelParams, tunnel: { ...tunnelParams.tunnel!, ...tunnel } });
    expect(bad({ privateKey: 'x" ; /system reset-configuration ; "' })).toThrow(/WireGuard key/);
    expect(bad({ hubPublicKey: 'AAAA' })).toThrow(/WireGuard key/);
    expect(bad({ hubEndpoint: 'wg.wavu.test' })).toThrow(/host:port/);
    expect(bad({ hubEndpoint: 'wg.wavu.test:99999' })).toThrow(/host:port/);
    expect(bad({ hubEndpoint: 'wg"x:51820' })).toThrow(/host:port/);
    expect(bad({ address: '172.30.4' })).toThrow(/IPv4/);
  });

  it('writes login.html inline with the portal redirect, escaped for RouterOS', () => {
    const fileLine = lines.find((l) => l.startsWith('/file add'))!;
    const [, contents] = lex(fileLine).strings;
    const unescaped = contents.replace(/\\([\\"$?])/g, '$1');
    expect(unescaped).toBe(loginHtml(base.publicUrl, ROUTER_ID));
  });

  it('refuses unsafe or invalid inputs', () => {
    expect(() => generateRsc({ ...base, routerName: 'two\nlines' })).toThrow('routerName');
    expect(() => generateRsc({ ...base, wanInterface: 'ether1"; /system reset' })).toThrow('wanInterface');
    expect(() => generateRsc({ ...base, lanInterfaces: ['ether1'] })).toThrow('WAN interface');
    expect(() => generateRsc({ ...base, platformAddress: '300.1.1.1' })).toThrow('IPv4');
    expect(() => generateRsc({ ...base, apiUser: 'admin' })).toThrow('not admin');
    expect(() => generateRsc({ ...base, profiles: [{ name: 'x" y' }] })).toThrow('profiles[0].name');
    expect(() => generateRsc({ ...base, profiles: [{ name: 'ok', rateLimit: '2M/5M; /system reset' }] })).toThrow('rateLimit');
    expect(() => generateRsc({ ...base, gatewayAddress: '10.10.0.0' })).toThrow('host address');
    expect(() => rosString('caf\u00e9')).toThrow('printable ASCII');
  });

  it('plans the pool around the gateway', () => {
    expect(addressPlan('192.168.88.1', 24)).toEqual({ network: '192.168.88.0', pool: '192.168.88.2-192.168.88.254' });
    expect(addressPlan('192.168.88.100', 24)).toEqual({ network: '192.168.88.0', pool: '192.168.88.1-192.168.88.99,192.168.88.101-192.168.88.254' });
  });
});

describe('hotspot HTML files', () => {
  const files = hotspotFiles('https://portal.wavu.test', ROUTER_ID);

  it('login.html redirects to the portal with the router id and mac, ip, link-login-only, link-orig, error (escaped forms)', () => {
    const login = files['login.html'];
    const url = `https://portal.wavu.test/portal/${ROUTER_ID}?mac=$(mac-esc)&ip=$(ip-esc)&link-login-only=$(link-login-only-esc)&link-orig=$(link-orig-esc)&error=$(error-esc)&chap-id=$(chap-id-esc)&chap-challenge=$(chap-challenge-esc)`;
    expect(login).toContain(`<meta http-equiv="refresh" content="0; url=${url}">`);
    expect(login).toContain(`<a href="${url}">`);
    expect(login).not.toMatch(/\$\((mac|ip|link-login-only|link-orig|error|chap-id|chap-challenge)\)/);
  });

  it('has status, logout and error pages that link back to the portal', () => {
    expect(Object.keys(files).sort()).toEqual(['error.html', 'login.html', 'logout.html', 'status.html']);
    expect(files['status.html']).toContain('$(link-logout)');
    expect(files['error.html']).toContain('$(error)');
    for (const name of ['status.html', 'logout.html', 'error.html']) expect(files[name]).toContain(`https://portal.wavu.test/portal/${ROUTER_ID}?mac=$(mac-esc)`);
  });

  it('survive a zip round trip', () => {
    const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
    const back = unzipSync(zipped);
    expect(strFromU8(back['login.html'])).toBe(files['login.html']);
  });
});
