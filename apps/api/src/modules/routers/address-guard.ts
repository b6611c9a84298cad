import { Inject, Injectable, Optional } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ErrorDetail } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { parseCidr, PortRange } from '../../config/network-lists';
import { RouterTunnelsService } from './tunnel/router-tunnels.service';
import { ADDRESS_NOT_ALLOWED_CODE, LOGIN_LOCKED_CODE, RouterAddressResolver, RouterGatewayError } from './gateway/router-gateway';

/**
 * Router addresses (issue 17): a provider types a router's host and port, and any signed-up
 * account can aim a connection test anywhere. Without a guard the platform is an SSRF and
 * port-scanning tool for the network it runs in (127.0.0.1:5432, 169.254.169.254, 10.x…).
 *
 * The guard resolves a host once, refuses it when any of its addresses is internal (unless an
 * operator opened the range with ROUTER_ALLOWED_CIDRS), and hands back the checked address:
 * the socket is opened to that address, never to the name again (a second lookup could answer
 * differently: DNS rebinding). See docs/router-addresses.md.
 */

/** Why an address is refused. */
export type AddressClass = 'unspecified' | 'loopback' | 'private' | 'shared (CGNAT)' | 'link-local' | 'multicast' | 'broadcast' | 'reserved' | 'unique-local';

/** Refused IPv4 ranges (RFC 6890 special-purpose blocks that can reach inside or nowhere). */
const V4_RANGES: Array<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // incl. 169.254.169.254, the cloud metadata service
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Refused IPv6 ranges; IPv4 embedded in IPv6 (mapped, NAT64, 6to4) is checked as IPv4. */
const V6_RANGES: Array<[string, number, AddressClass]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // IPv4-compatible (deprecated)
  ['100::', 64, 'reserved'], // discard-only
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
];

const DEFAULT_PORTS = [8728, 8729];

/** A refused target: which request field is at fault and a message safe to show the caller. */
export class RouterAddressRefused extends Error {
  override readonly name = 'RouterAddressRefused';
  constructor(
    readonly field: 'host' | 'apiPort',
    message: string,
  ) {
    super(message);
  }
}

/** The host could not be resolved (not a refusal: the name may exist later). */
export class RouterHostNotFound extends Error {
  override readonly name = 'RouterHostNotFound';
}

/**
 * Parses an IPv4 address the way inet_aton (and so getaddrinfo, and so the OS) does: one to four
 * parts, each decimal, `0x` hex or `0`-leading octal, the last part filling the remaining bytes
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1` are all 127.0.0.1). Null when not such a form.
 */
export function parseIpv4Like(text: string): string | null {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = parseInt(part, 10);
    else return null;
    if (!Number.isSafeInteger(value)) return null;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255)) return null;
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return null;
  const bytes = [...values];
  for (let i = lastBytes - 1; i >= 0; i--) bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes.join('.');
}

/** Expands an IPv6 literal to its 8 groups (accepts `::` and a trailing dotted quad). */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  const groups = [...h, ...fill, ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IPv4 address carried inside an IPv6 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedIpv4(groups: number[]): string | null {
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return quad(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return quad(groups[6], groups[7]);
  if (groups[0] === 0x2002) return quad(groups[1], groups[2]);
  return null;
}

/** The literal address a host stands for (brackets stripped, odd IPv4 forms normalised), or null for a name. */
export function literalAddress(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return bare.toLowerCase();
  if (isIPv4(bare)) return bare;
  return parseIpv4Like(bare);
}

/** one list per range, checked in order (255.255.255.255 is a broadcast before it is in 240/4) */
function blockLists(ranges: Array<[string, number, AddressClass]>, type: 'ipv4' | 'ipv6'): Array<[AddressClass, BlockList]> {
  return ranges.map(([net, prefix, cls]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return [cls, list];
  });
}

const V4_LISTS = blockLists(V4_RANGES, 'ipv4');
const V6_LISTS = blockLists(V6_RANGES, 'ipv6');

/** Why this address may not be a router, or null for a public address. */
export function classifyAddress(address: string): AddressClass | null {
  if (isIPv4(address)) {
    for (const [cls, list] of V4_LISTS) if (list.check(address, 'ipv4')) return cls;
    return null;
  }
  const groups = ipv6Groups(address);
  if (!groups) return 'reserved';
  const v4 = embeddedIpv4(groups);
  if (v4) return classifyAddress(v4);
  for (const [cls, list] of V6_LISTS) if (list.check(address.split('%')[0], 'ipv6')) return cls;
  return null;
}

/** Looks a host name up; the guard's only contact with DNS (tests replace it with a spy). */
@Injectable()
export class HostResolver {
  async lookup(host: string): Promise<string[]> {
    const found = await dns.lookup(host, { all: true, verbatim: true });
    return found.map((a) => a.address);
  }
}

export interface RouterAddressPolicy {
  /** CIDRs whose addresses are allowed although internal */
  allowedCidrs: string[];
  /** ports besides 8728/8729 */
  allowedPorts: PortRange[];
  /** a lookup that takes longer fails (the name is treated as not found) */
  lookupTimeoutMs: number;
}

/** A checked target: connect to `address`; `host` is what the provider typed (display, TLS name). */
export interface CheckedAddress {
  host: string;
  address: string;
  port: number;
}

@Injectable()
export class RouterAddressGuard {
  private readonly allowed = new BlockList();
  private readonly policy: RouterAddressPolicy;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    readonly resolver: HostResolver,
    @Optional() private readonly tunnels?: RouterTunnelsService,
  ) {
    this.policy = { allowedCidrs: config.routers.allowedCidrs, allowedPorts: config.routers.allowedPorts, lookupTimeoutMs: Math.min(config.routers.callTimeoutMs, 5_000) };
    for (const cidr of this.policy.allowedCidrs) {
      const { address, prefix, type } = parseCidr(cidr);
      this.allowed.addSubnet(address, prefix, type);
    }
  }

  portAllowed(port: number): boolean {
    return DEFAULT_PORTS.includes(port) || this.policy.allowedPorts.some(([from, to]) => port >= from && port <= to);
  }

  /** null when the address may be a router's, else why not */
  refusal(address: string): AddressClass | null {
    const cls = classifyAddress(address);
    if (!cls) return null;
    const groups = isIPv6(address) ? ipv6Groups(address) : null;
    const v4 = groups ? embeddedIpv4(groups) : null;
    if (v4 ? this.allowed.check(v4, 'ipv4') : this.allowed.check(address.split('%')[0], isIPv4(address) ? 'ipv4' : 'ipv6')) return null;
    return cls;
  }

  /**
   * Resolves the host once and checks every address and the port. Throws RouterAddressRefused
   * (never touching the network beyond the lookup) or RouterHostNotFound; returns the first
   * address, which is what the caller must connect to.
   */
  async check(host: string, port: number): Promise<CheckedAddress> {
    if (!this.portAllowed(port)) {
      throw new RouterAddressRefused('apiPort', `port ${port} is not allowed for routers: use 8728 (api) or 8729 (api-ssl)`);
    }
    const literal = literalAddress(host);
    const addresses = literal ? [literal] : await this.lookup(host);
    for (const address of addresses) {
      // the tunnel prefix holds other providers' routers: only the platform puts a router there,
      // whatever ROUTER_ALLOWED_CIDRS opens (docs/tunnel.md)
      if (await this.tunnels?.inTunnelPrefix(address)) {
        throw new RouterAddressRefused(
          'host',
          literal ? `${host} is inside the platform's management tunnel: add the router with connectionMode tunnel instead` : `${host} resolves to an address that is not allowed for routers`,
        );
      }
      const cls = this.refusal(address);
      if (!cls) continue;
      // a name's internal address is not echoed back (that would map the internal DNS for the caller)
      throw new RouterAddressRefused(
        'host',
        literal
          ? `${host} is a ${cls} address; routers must be reached at a public address (or through the management tunnel)`
          : `${host} resolves to an address that is not allowed; routers must be reached at a public address (or through the management tunnel)`,
      );
    }
    return { host, address: addresses[0], port };
  }

  /** Like check(), but a name that does not resolve now is accepted (saving a router; connects check again). */
  async checkForSave(host: string, port: number): Promise<void> {
    try {
      await this.check(host, port);
    } catch (err) {
      if (!(err instanceof RouterHostNotFound)) throw err;
    }
  }

  /** checkForSave()'s refusal as an error detail (field host or apiPort); null when the address may be saved. */
  async saveProblem(host: string, port: number): Promise<ErrorDetail | null> {
    try {
      await this.checkForSave(host, port);
      return null;
    } catch (err) {
      if (err instanceof RouterAddressRefused) return { field: err.field, messages: [err.message] };
      throw err;
    }
  }

  private async lookup(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        this.resolver.lookup(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RouterHostNotFound(`host name ${host} did not resolve within ${this.policy.lookupTimeoutMs} ms`)), this.policy.lookupTimeoutMs);
        }),
      ]);
      const addresses = found.map((a) => literalAddress(a) ?? a);
      if (addresses.length === 0) throw new RouterHostNotFound(`host name not found: ${host}`);
      return addresses;
    } catch (err) {
      if (err instanceof RouterHostNotFound) throw err;
      throw new RouterHostNotFound(`host name not found: ${host}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The gateway's resolveAddress: every connect checks the address (then goes to the checked
 * address) and, when given, the failed-login lock of that address:port.
 */
export function gatewayResolver(guard: RouterAddressGuard, logins?: { admit(routerId: string | null, address: string, port: number): Promise<void> }): RouterAddressResolver {
  return async (target) => {
    let address: string;
    try {
      address = (await guard.check(target.host, target.port)).address;
    } catch (err) {
      if (err instanceof RouterAddressRefused) throw new RouterGatewayError('ADDRESS_NOT_ALLOWED', `${ADDRESS_NOT_ALLOWED_CODE}: ${err.message}`);
      if (err instanceof RouterHostNotFound) throw new RouterGatewayError('CONNECTION', err.message);
      throw err;
    }
    try {
      await logins?.admit(target.routerId ?? null, address, target.port);
    } catch (err) {
      if (err instanceof Error && err.name === 'RouterLoginLocked') throw new RouterGatewayError('LOGIN_LOCKED', `${LOGIN_LOCKED_CODE}: ${err.message}`);
      throw err;
    }
    return address;
  };
}
