import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** One port or an inclusive range. */
export type PortRange = [number, number];

/** Parses `a.b.c.d/n`, `x::/n` or a single address into a BlockList entry; throws on nonsense. */
export function parseCidr(text: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) throw new Error(`"${text}" is not a CIDR`);
  const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : null;
  if (!type) throw new Error(`"${text}" is not a CIDR (address ${addr})`);
  const max = type === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${text}" has a bad prefix length`);
  return { address: addr, prefix, type };
}

/** Parses `8000,9000-9010` into ranges; throws on nonsense. */
export function parsePortRanges(text: string): PortRange[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
      const from = m ? Number(m[1]) : NaN;
      const to = m ? Number(m[2] ?? m[1]) : NaN;
      if (!(from >= 1 && to <= 65535 && from <= to)) throw new Error(`"${p}" is not a port or port range (1-65535)`);
      return [from, to] as PortRange;
    });
}

/** Loopback, private (RFC 1918, unique local) and link-local ranges: addresses the internet cannot reach. */
const LOCAL_NETWORKS = (() => {
  const list = new BlockList();
  for (const [address, prefix] of [
    ['127.0.0.0', 8],
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['169.254.0.0', 16],
  ] as const)
    list.addSubnet(address, prefix, 'ipv4');
  for (const [address, prefix] of [
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
  ] as const)
    list.addSubnet(address, prefix, 'ipv6');
  return list;
})();

/**
 * Whether a URL names this machine or a private network: localhost (and *.localhost), the
 * never-public .local and .test names, or a loopback, private or link-local address.
 */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || /\.(localhost|local|test)$/.test(host)) return true;
  if (isIPv4(host)) return LOCAL_NETWORKS.check(host, 'ipv4');
  if (isIPv6(host)) return LOCAL_NETWORKS.check(host, 'ipv6');
  return false;
}
