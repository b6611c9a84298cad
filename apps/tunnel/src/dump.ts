import { isWireGuardKey } from './peers';

/**
 * `wg show <if> dump` (wg(8)): tab-separated lines, the interface first
 * (private-key public-key listen-port fwmark), then one per peer (public-key preshared-key
 * endpoint allowed-ips latest-handshake transfer-rx transfer-tx persistent-keepalive).
 * Absent values are `(none)`, `off` or `0`. The parser keeps what the tunnel process needs,
 * drops the interface's private key on the spot, and skips (and counts) any line it cannot read,
 * so a garbled line never costs the other peers.
 */
interface DumpInterface {
  /** null while the interface has no private key */
  publicKey: string | null;
  listenPort: number;
  /** `off`, or the mark as printed */
  fwmark: string;
}

interface DumpPeer {
  publicKey: string;
  hasPresharedKey: boolean;
  /** `ip:port` / `[ip6]:port` as the hub last saw it, or null */
  endpoint: string | null;
  /** e.g. `172.30.0.10/32`; empty when `(none)` */
  allowedIps: string[];
  /** latest handshake, seconds since the epoch; 0 = never */
  latestHandshake: number;
  rxBytes: bigint;
  txBytes: bigint;
  /** seconds, or null when `off` */
  persistentKeepalive: number | null;
}

export interface Dump {
  iface: DumpInterface | null;
  peers: DumpPeer[];
  /** lines that could not be read (or were beyond the limits) */
  skippedLines: number;
}

/** Bounds: a dump from a hub with this many peers is already far past what one interface serves. */
const DUMP_LIMITS = { maxPeers: 100_000, maxLineLength: 16_384 };

const MAX_BYTES = 2n ** 63n - 1n; // PostgreSQL bigint
const ENDPOINT = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]{1,16})?\]):\d{1,5}$/;
const ALLOWED_IP = /^[0-9A-Fa-f:.]{2,39}\/\d{1,3}$/;

export function parseDump(text: string, limits = DUMP_LIMITS): Dump {
  const dump: Dump = { iface: null, peers: [], skippedLines: 0 };
  const seen = new Set<string>();
  let first = true;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const isFirst = first;
    first = false;
    if (line.length > limits.maxLineLength || dump.peers.length >= limits.maxPeers) {
      dump.skippedLines++;
      continue;
    }
    const fields = line.split('\t');
    if (isFirst && fields.length === 4) {
      const iface = parseInterface(fields);
      if (iface) dump.iface = iface;
      else dump.skippedLines++;
      continue;
    }
    const peer = fields.length === 8 ? parsePeer(fields) : undefined;
    if (!peer || seen.has(peer.publicKey)) {
      dump.skippedLines++;
      continue;
    }
    seen.add(peer.publicKey);
    dump.peers.push(peer);
  }
  return dump;
}

function parseInterface(fields: string[]): DumpInterface | undefined {
  // fields[0] is the private key: never kept
  const [, publicKey, port, fwmark] = fields;
  const listenPort = wholeNumber(port, 65535);
  if ((publicKey !== '(none)' && !isWireGuardKey(publicKey)) || listenPort === undefined || !/^(off|0x[0-9a-f]{1,8}|\d{1,10})$/.test(fwmark)) return undefined;
  return { publicKey: publicKey === '(none)' ? null : publicKey, listenPort, fwmark };
}

function parsePeer(fields: string[]): DumpPeer | undefined {
  const [publicKey, preshared, endpoint, allowed, handshake, rx, tx, keepalive] = fields;
  if (!isWireGuardKey(publicKey)) return undefined;
  if (preshared !== '(none)' && !isWireGuardKey(preshared)) return undefined;
  if (endpoint !== '(none)' && (endpoint.length > 64 || !ENDPOINT.test(endpoint))) return undefined;
  const allowedIps = allowed === '(none)' ? [] : allowed.split(',');
  if (!allowedIps.every((cidr) => ALLOWED_IP.test(cidr))) return undefined;
  const latestHandshake = wholeNumber(handshake, 2 ** 40);
  const rxBytes = byteCount(rx);
  const txBytes = byteCount(tx);
  const persistentKeepalive = keepalive === 'off' ? null : wholeNumber(keepalive, 65535);
  if (latestHandshake === undefined || rxBytes === undefined || txBytes === undefined || persistentKeepalive === undefined) return undefined;
  return {
    publicKey,
    hasPresharedKey: preshared !== '(none)',
    endpoint: endpoint === '(none)' ? null : endpoint,
    allowedIps,
    latestHandshake,
    rxBytes,
    txBytes,
    persistentKeepalive,
  };
}

function wholeNumber(text: string, max: number): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function byteCount(text: string): bigint | undefined {
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= MAX_BYTES ? value : undefined;
}
