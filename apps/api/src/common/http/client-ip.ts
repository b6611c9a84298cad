import { isIPv4, isIPv6 } from 'node:net';

/** Express's compiled `trust proxy` test: is the address at this hop a proxy we trust? */
export type TrustFn = (address: string, hop: number) => boolean;

/**
 * The client address as Express computes `req.ip` under a `trust proxy` setting: walk from the
 * socket address back through X-Forwarded-For (right to left) and stop at the first address
 * that is not a trusted proxy. Used to explain the effective setting in the start log.
 */
export function effectiveClientIp(socketAddress: string, forwardedFor: string | undefined, trust: TrustFn): string {
  const chain = [
    socketAddress,
    ...(forwardedFor ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .reverse(),
  ];
  for (let hop = 0; hop < chain.length - 1; hop++) if (!trust(chain[hop], hop)) return chain[hop];
  return chain[chain.length - 1];
}

/** `::ffff:203.0.113.7` → `203.0.113.7`; other addresses unchanged. */
function unmapIPv4(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip.split('%')[0].toLowerCase();
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16));
}

/**
 * The key a per-client limit counts under: an IPv4 address as is (an IPv4-mapped IPv6 address is
 * its IPv4), an IPv6 address by its /64 — one subscriber line or device usually holds a whole /64
 * and can pick any address in it. Anything unreadable counts as `unknown` (one shared bucket).
 */
export function clientKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const address = unmapIPv4(ip.trim());
  if (isIPv4(address)) return address;
  if (isIPv6(address.split('%')[0])) {
    const groups = ipv6Groups(address);
    if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
    return `${groups
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`;
  }
  return 'unknown';
}
