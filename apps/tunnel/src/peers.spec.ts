import { generateKeyPairSync } from 'node:crypto';
import { parsePrefix } from './config';
import type { Ipv4Prefix } from './config';
import type { Dump } from './dump';
import type { TunnelRow } from './peers';
import { desiredPeers, interfaceMatches, isWireGuardKey, renderConfig } from './peers';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32).toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64'),
  };
}

const hub = keyPair();
const config = { prefix: parsePrefix('172.30.0.0/16') as Ipv4Prefix, hubAddress: '172.30.0.1' };
const row = (id: string, address: string, publicKey: string, extra: Partial<TunnelRow> = {}): TunnelRow => ({ id, address, family: 4, masklen: 32, publicKey, ...extra });

describe('isWireGuardKey', () => {
  it('accepts canonical base64 of 32 bytes only', () => {
    const key = keyPair().publicKey;
    expect(isWireGuardKey(key)).toBe(true);
    expect(isWireGuardKey(key.slice(0, 43))).toBe(false); // no padding
    expect(isWireGuardKey(key.slice(0, 42) + 'B=')).toBe(false); // stray bits in the last character
    expect(isWireGuardKey(Buffer.alloc(31, 7).toString('base64'))).toBe(false);
    expect(isWireGuardKey(Buffer.alloc(33, 7).toString('base64'))).toBe(false);
    expect(isWireGuardKey(key.replace(/.$/, '=\n'))).toBe(false);
    expect(isWireGuardKey('-'.repeat(43) + '=')).toBe(false); // base64url is not wg's alphabet
  });
});

describe('desiredPeers', () => {
  it('keeps valid rows and skips each bad one with its reason', () => {
    const good = [keyPair().publicKey, keyPair().publicKey];
    const shared = keyPair().publicKey;
    const rows = [
      row('ok-1', '172.30.0.10', good[0]),
      row('bad-key', '172.30.0.11', 'not-a-key'),
      row('zero-key', '172.30.0.12', 'A'.repeat(43) + '='),
      row('hub-key', '172.30.0.13', hub.publicKey),
      row('shared-1', '172.30.0.14', shared),
      row('shared-2', '172.30.0.15', shared),
      row('outside', '10.0.0.5', keyPair().publicKey),
      row('hub-address', '172.30.0.1', keyPair().publicKey),
      row('network', '172.30.0.0', keyPair().publicKey),
      row('broadcast', '172.30.255.255', keyPair().publicKey),
      row('wide', '172.30.0.16', keyPair().publicKey, { masklen: 24 }),
      row('ipv6', 'fd00::5', keyPair().publicKey, { family: 6, masklen: 128 }),
      row('ok-2', '172.30.255.254', good[1]),
    ];
    const { peers, skipped } = desiredPeers(rows, config, hub.publicKey);
    expect(peers).toEqual([
      { rowId: 'ok-1', publicKey: good[0], address: '172.30.0.10' },
      { rowId: 'shared-1', publicKey: shared, address: '172.30.0.14' },
      { rowId: 'ok-2', publicKey: good[1], address: '172.30.255.254' },
    ]);
    expect(Object.fromEntries(skipped.map((s) => [s.rowId, s.reason]))).toEqual({
      'bad-key': expect.stringContaining('not a WireGuard key'),
      'zero-key': expect.stringContaining('not a WireGuard key'),
      'hub-key': "public key is the hub's own",
      'shared-2': 'public key is used by another row',
      outside: 'address 10.0.0.5 is outside 172.30.0.0/16',
      'hub-address': "address 172.30.0.1 is the hub's own",
      network: expect.stringContaining('network or broadcast'),
      broadcast: expect.stringContaining('network or broadcast'),
      wide: 'address 172.30.0.16/24 is not an IPv4 /32',
      ipv6: 'address fd00::5/128 is not an IPv4 /32',
    });
  });
});

describe('renderConfig', () => {
  it('renders the interface and one /32 peer per row, in wg(8) format', () => {
    const [a, b] = [keyPair().publicKey, keyPair().publicKey];
    const text = renderConfig(hub.privateKey, 51820, [
      { rowId: '1', publicKey: a, address: '172.30.0.10' },
      { rowId: '2', publicKey: b, address: '172.30.0.11' },
    ]);
    expect(text).toBe(
      [
        '[Interface]',
        `PrivateKey = ${hub.privateKey}`,
        'ListenPort = 51820',
        '',
        '[Peer]',
        `PublicKey = ${a}`,
        'AllowedIPs = 172.30.0.10/32',
        '',
        '[Peer]',
        `PublicKey = ${b}`,
        'AllowedIPs = 172.30.0.11/32',
        '',
      ].join('\n'),
    );
  });

  it('renders an interface without peers when there are none (syncconf then removes every peer)', () => {
    expect(renderConfig(hub.privateKey, 51999, [])).toBe(`[Interface]\nPrivateKey = ${hub.privateKey}\nListenPort = 51999\n`);
  });
});

describe('interfaceMatches', () => {
  const a = keyPair().publicKey;
  const peers = [{ rowId: '1', publicKey: a, address: '172.30.0.10' }];
  const peer = { publicKey: a, hasPresharedKey: false, endpoint: '41.90.12.7:61021', allowedIps: ['172.30.0.10/32'], latestHandshake: 1, rxBytes: 5n, txBytes: 6n, persistentKeepalive: null };
  const dump = (changes: Partial<Dump> = {}): Dump => ({ iface: { publicKey: hub.publicKey, listenPort: 51820, fwmark: 'off' }, peers: [peer], skippedLines: 0, ...changes });
  const expected = { publicKey: hub.publicKey, listenPort: 51820 };

  it('matches when the interface already has exactly the desired peers (traffic and endpoints do not matter)', () => {
    expect(interfaceMatches(dump(), expected, peers)).toBe(true);
  });

  it('differs on anything syncconf would change', () => {
    expect(interfaceMatches(dump({ iface: null }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ iface: { publicKey: keyPair().publicKey, listenPort: 51820, fwmark: 'off' } }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ iface: { publicKey: hub.publicKey, listenPort: 40000, fwmark: 'off' } }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ iface: { publicKey: hub.publicKey, listenPort: 51820, fwmark: '0x1' } }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ peers: [] }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ peers: [peer, { ...peer, publicKey: keyPair().publicKey }] }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ peers: [{ ...peer, allowedIps: ['172.30.0.99/32'] }] }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ peers: [{ ...peer, allowedIps: ['172.30.0.10/32', '10.0.0.0/8'] }] }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ peers: [{ ...peer, hasPresharedKey: true }] }), expected, peers)).toBe(false);
    expect(interfaceMatches(dump({ skippedLines: 1 }), expected, peers)).toBe(false);
  });
});
