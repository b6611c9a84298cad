import type { TunnelConfig } from './config';
import { formatIpv4, parseIpv4, prefixSize } from './config';
import type { Dump } from './dump';

/** A live router_tunnels row as the store reads it (address split by PostgreSQL's host()/family()/masklen()). */
export interface TunnelRow {
  id: string;
  address: string;
  family: number;
  masklen: number;
  publicKey: string;
}

/** One `[Peer]` of the rendered config. */
export interface DesiredPeer {
  rowId: string;
  publicKey: string;
  /** the router's /32, e.g. 172.30.0.10 */
  address: string;
}

export interface SkippedRow {
  rowId: string;
  reason: string;
}

const KEY_TEXT = /^[A-Za-z0-9+/]{43}=$/;
const ZERO_KEY = 'A'.repeat(43) + '=';

/** A Curve25519 key in WireGuard's form: canonical base64 of exactly 32 bytes (44 characters). */
export function isWireGuardKey(text: string): boolean {
  return KEY_TEXT.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

/**
 * The peers to mirror: every row that is a valid /32 inside the prefix with a valid key. A bad row
 * is returned in `skipped` with the reason and never stops the others.
 */
export function desiredPeers(rows: TunnelRow[], config: Pick<TunnelConfig, 'prefix' | 'hubAddress'>, hubPublicKey: string): { peers: DesiredPeer[]; skipped: SkippedRow[] } {
  const peers: DesiredPeer[] = [];
  const skipped: SkippedRow[] = [];
  const keys = new Set<string>();
  const { network, length } = config.prefix;
  const last = network + prefixSize(length) - 1;
  const hub = parseIpv4(config.hubAddress);
  for (const row of rows) {
    const value = row.family === 4 ? parseIpv4(row.address) : undefined;
    let reason: string | undefined;
    if (!isWireGuardKey(row.publicKey) || row.publicKey === ZERO_KEY) reason = 'public key is not a WireGuard key (44-character base64 of 32 bytes)';
    else if (row.publicKey === hubPublicKey) reason = "public key is the hub's own";
    else if (keys.has(row.publicKey)) reason = 'public key is used by another row';
    else if (value === undefined || row.masklen !== 32) reason = `address ${row.address}/${row.masklen} is not an IPv4 /32`;
    else if (value < network || value > last) reason = `address ${row.address} is outside ${config.prefix.text}`;
    else if (value === network || value === last) reason = `address ${row.address} is the network or broadcast address of ${config.prefix.text}`;
    else if (value === hub) reason = `address ${row.address} is the hub's own`;
    if (reason || value === undefined) {
      skipped.push({ rowId: row.id, reason: reason ?? 'no address' });
      continue;
    }
    keys.add(row.publicKey);
    peers.push({ rowId: row.id, publicKey: row.publicKey, address: formatIpv4(value) });
  }
  return { peers, skipped };
}

/**
 * The whole desired configuration in wg(8)'s format, for `wg syncconf`. PrivateKey and ListenPort
 * must be there: syncconf resets whatever device field the file leaves out (no ListenPort = a
 * random port, no PrivateKey = no key).
 */
export function renderConfig(privateKey: string, listenPort: number, peers: DesiredPeer[]): string {
  const lines = ['[Interface]', `PrivateKey = ${privateKey}`, `ListenPort = ${listenPort}`];
  for (const peer of peers) lines.push('', '[Peer]', `PublicKey = ${peer.publicKey}`, `AllowedIPs = ${peer.address}/32`);
  return lines.join('\n') + '\n';
}

/**
 * Whether the interface already is what renderConfig describes (key, port, no fwmark, exactly these
 * peers with exactly their /32 and no preshared key). Then syncconf is skipped: wireguard-go
 * rebinds its UDP socket on every syncconf, even when nothing changed.
 */
export function interfaceMatches(dump: Dump, expected: { publicKey: string; listenPort: number }, peers: DesiredPeer[]): boolean {
  const iface = dump.iface;
  if (!iface || iface.publicKey !== expected.publicKey || iface.listenPort !== expected.listenPort || iface.fwmark !== 'off') return false;
  if (dump.skippedLines > 0 || dump.peers.length !== peers.length) return false;
  const current = new Map(dump.peers.map((peer) => [peer.publicKey, peer]));
  return peers.every((peer) => {
    const found = current.get(peer.publicKey);
    return found !== undefined && !found.hasPresharedKey && found.allowedIps.length === 1 && found.allowedIps[0] === `${peer.address}/32`;
  });
}
