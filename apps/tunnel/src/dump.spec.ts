import { generateKeyPairSync } from 'node:crypto';
import { parseDump } from './dump';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32).toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64'),
  };
}

const hub = keyPair();
const a = keyPair().publicKey;
const b = keyPair().publicKey;
const psk = keyPair().privateKey;
const tab = (...fields: string[]) => fields.join('\t');
const ifaceLine = tab(hub.privateKey, hub.publicKey, '51820', 'off');

describe('parseDump', () => {
  it('reads the interface and its peers, as wg prints them', () => {
    const text = [
      ifaceLine,
      tab(a, '(none)', '41.90.12.7:61021', '172.30.0.10/32', '1796488200', '123456', '654321', 'off'),
      tab(b, psk, '[2001:db8::7]:51820', '172.30.0.11/32,fd00::11/128', '0', '0', '92', '25'),
      '',
    ].join('\n');
    expect(parseDump(text)).toEqual({
      iface: { publicKey: hub.publicKey, listenPort: 51820, fwmark: 'off' },
      peers: [
        {
          publicKey: a,
          hasPresharedKey: false,
          endpoint: '41.90.12.7:61021',
          allowedIps: ['172.30.0.10/32'],
          latestHandshake: 1796488200,
          rxBytes: 123456n,
          txBytes: 654321n,
          persistentKeepalive: null,
        },
        {
          publicKey: b,
          hasPresharedKey: true,
          endpoint: '[2001:db8::7]:51820',
          allowedIps: ['172.30.0.11/32', 'fd00::11/128'],
          latestHandshake: 0,
          rxBytes: 0n,
          txBytes: 92n,
          persistentKeepalive: 25,
        },
      ],
      skippedLines: 0,
    });
  });

  it('never keeps the private key', () => {
    const parsed = parseDump([ifaceLine, tab(a, '(none)', '(none)', '(none)', '0', '0', '0', 'off')].join('\n'));
    expect(JSON.stringify(parsed, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(hub.privateKey);
    expect(parsed.iface).not.toHaveProperty('privateKey');
  });

  it('reads (none) as absent: a new peer, an interface without a key', () => {
    const parsed = parseDump([tab('(none)', '(none)', '0', 'off'), tab(a, '(none)', '(none)', '(none)', '0', '0', '0', 'off')].join('\n'));
    expect(parsed.iface).toEqual({ publicKey: null, listenPort: 0, fwmark: 'off' });
    expect(parsed.peers).toEqual([{ publicKey: a, hasPresharedKey: false, endpoint: null, allowedIps: [], latestHandshake: 0, rxBytes: 0n, txBytes: 0n, persistentKeepalive: null }]);
  });

  it('skips garbled and hostile lines and keeps the good ones', () => {
    const good = tab(a, '(none)', '41.90.12.7:61021', '172.30.0.10/32', '1796488200', '10', '20', 'off');
    const lines = [
      ifaceLine,
      'interface: wg-wavu', // wg show's human format
      tab(b, '(none)', '(none)', '172.30.0.11/32', '0', '0', '0'), // seven fields
      tab(b, '(none)', '(none)', '172.30.0.11/32', '0', '0', '0', 'off', 'extra'), // nine fields
      tab('not-a-key', '(none)', '(none)', '172.30.0.11/32', '0', '0', '0', 'off'),
      tab(b.slice(0, 42) + 'B=', '(none)', '(none)', '172.30.0.11/32', '0', '0', '0', 'off'), // non-canonical base64
      tab(b, 'garbage', '(none)', '172.30.0.11/32', '0', '0', '0', 'off'),
      tab(b, '(none)', 'evil; rm -rf /', '172.30.0.11/32', '0', '0', '0', 'off'),
      tab(b, '(none)', '(none)', '172.30.0.11/32\u0000', '0', '0', '0', 'off'),
      tab(b, '(none)', '(none)', '172.30.0.11/32', '-5', '0', '0', 'off'),
      tab(b, '(none)', '(none)', '172.30.0.11/32', '1e9', '0', '0', 'off'),
      tab(b, '(none)', '(none)', '172.30.0.11/32', '0', '99999999999999999999', '0', 'off'), // beyond bigint
      tab(b, '(none)', '(none)', '172.30.0.11/32', '0', '0', '0', 'sometimes'),
      tab(b, '(none)', '(none)', `${'1'.repeat(20_000)}/32`, '0', '0', '0', 'off'), // too long
      good + '\r', // CRLF
      good, // the same peer twice: the first wins
    ];
    const parsed = parseDump(lines.join('\n'));
    expect(parsed.iface?.publicKey).toBe(hub.publicKey);
    expect(parsed.peers.map((p) => p.publicKey)).toEqual([a]);
    expect(parsed.peers[0]).toMatchObject({ rxBytes: 10n, txBytes: 20n, latestHandshake: 1796488200 });
    expect(parsed.skippedLines).toBe(lines.length - 2);
  });

  it('treats a missing interface line as no interface, not as a failure', () => {
    const parsed = parseDump(tab(a, '(none)', '(none)', '172.30.0.10/32', '0', '0', '0', 'off'));
    expect(parsed.iface).toBeNull();
    expect(parsed.peers).toHaveLength(1);
    expect(parseDump('')).toEqual({ iface: null, peers: [], skippedLines: 0 });
  });

  it('stops keeping peers past its bound', () => {
    const peers = Array.from({ length: 5 }, () => tab(keyPair().publicKey, '(none)', '(none)', '(none)', '0', '0', '0', 'off'));
    const parsed = parseDump([ifaceLine, ...peers].join('\n'), { maxPeers: 3, maxLineLength: 1000 });
    expect(parsed.peers).toHaveLength(3);
    expect(parsed.skippedLines).toBe(2);
  });
});
