import { isIPv4, isIPv6 } from 'node:net';

/** How the interface is created: kernel WireGuard first (`auto`), wireguard-go only (`always`), kernel only (`never`). */
type UserspaceMode = 'auto' | 'always' | 'never';

/** An IPv4 network, as 32-bit unsigned integers. */
export interface Ipv4Prefix {
  /** the network address, e.g. 172.30.0.0 as a number */
  network: number;
  length: number;
  /** canonical text, e.g. `172.30.0.0/16` */
  text: string;
}

export interface TunnelConfig {
  databaseUrl: string;
  interfaceName: string;
  listenPort: number;
  /** `host:port` routers dial (UDP) */
  endpoint: string;
  prefix: Ipv4Prefix;
  /** the hub's own address: the first host address of the prefix */
  hubAddress: string;
  privateKeyFile: string;
  hubId: string;
  resyncIntervalMs: number;
  statsIntervalMs: number;
  /** a NOTIFY waits this long for quiet before syncing, so a burst of changes gives one sync */
  debounceMs: number;
  /** ... but never longer than this after the first notification of a burst */
  debounceMaxMs: number;
  /** first delay before reconnecting the LISTEN connection; doubles up to 30 s */
  reconnectBaseMs: number;
  /** every `wg`/`ip` command is killed after this long */
  commandTimeoutMs: number;
  /** how long wireguard-go may take to create the interface */
  interfaceReadyTimeoutMs: number;
  userspace: UserspaceMode;
  wgBin: string;
  wireguardGoBin: string;
  ipBin: string;
}

/** Every problem with the environment at once, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid tunnel configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
const HUB_ID = /^[A-Za-z0-9_.-]{1,32}$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** `172.30.0.1` → its 32-bit value, or undefined when it is not a dotted IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The number of addresses in a prefix of this length. */
export function prefixSize(length: number): number {
  return 2 ** (32 - length);
}

/** Parses the whole environment; throws a ConfigError naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): TunnelConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const databaseUrl = read('DATABASE_URL') ?? '';
  if (!databaseUrl) problems.push('DATABASE_URL is required (postgres://user:password@host:5432/database)');
  else if (!/^postgres(ql)?:\/\/./.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');

  const interfaceName = read('TUNNEL_INTERFACE') ?? 'wg-wavu';
  if (!INTERFACE_NAME.test(interfaceName) || interfaceName === '.' || interfaceName === '..') {
    problems.push(`TUNNEL_INTERFACE must be 1 to 15 characters of A-Z a-z 0-9 _ . - (got "${interfaceName}")`);
  }

  const listenPort = integer('TUNNEL_LISTEN_PORT', 51820, 1, 65535);

  const endpoint = read('TUNNEL_ENDPOINT') ?? '';
  if (!endpoint) problems.push('TUNNEL_ENDPOINT is required: the host:port routers dial, e.g. wg.example.com:51820');
  else {
    const problem = endpointProblem(endpoint);
    if (problem) problems.push(`TUNNEL_ENDPOINT ${problem} (got "${endpoint}")`);
  }

  const prefixText = read('TUNNEL_PREFIX') ?? '172.30.0.0/16';
  const prefix = parsePrefix(prefixText);
  if (typeof prefix === 'string') problems.push(`TUNNEL_PREFIX ${prefix} (got "${prefixText}")`);

  const privateKeyFile = read('TUNNEL_PRIVATE_KEY_FILE') ?? '/var/lib/wavu-tunnel/private.key';

  const hubId = read('TUNNEL_HUB_ID') ?? 'default';
  if (!HUB_ID.test(hubId)) problems.push(`TUNNEL_HUB_ID must be 1 to 32 characters of A-Z a-z 0-9 _ . - (got "${hubId}")`);

  const resyncIntervalMs = integer('TUNNEL_RESYNC_INTERVAL_MS', 30_000, 1_000, 3_600_000);
  const statsIntervalMs = integer('TUNNEL_STATS_INTERVAL_MS', 10_000, 1_000, 3_600_000);

  const userspaceText = read('TUNNEL_USERSPACE') ?? 'auto';
  const userspace = (['auto', 'always', 'never'] as const).find((mode) => mode === userspaceText);
  if (!userspace) problems.push(`TUNNEL_USERSPACE must be auto, always or never (got "${userspaceText}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  const network = prefix as Ipv4Prefix;
  return {
    databaseUrl,
    interfaceName,
    listenPort,
    endpoint,
    prefix: network,
    hubAddress: formatIpv4(network.network + 1),
    privateKeyFile,
    hubId,
    resyncIntervalMs,
    statsIntervalMs,
    debounceMs: 100,
    debounceMaxMs: 1_000,
    reconnectBaseMs: 1_000,
    commandTimeoutMs: 10_000,
    interfaceReadyTimeoutMs: 10_000,
    userspace: userspace ?? 'auto',
    wgBin: read('WG_BIN') ?? 'wg',
    wireguardGoBin: read('WIREGUARD_GO_BIN') ?? 'wireguard-go',
    ipBin: read('IP_BIN') ?? 'ip',
  };
}

/** `172.30.0.0/16` → the prefix, or a sentence saying what is wrong. */
export function parsePrefix(text: string): Ipv4Prefix | string {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  const address = match ? parseIpv4(match[1]) : undefined;
  if (!match || address === undefined) return 'must be an IPv4 network in CIDR form, e.g. 172.30.0.0/16';
  const length = Number(match[2]);
  if (length < 8 || length > 30) return 'must have a prefix length from 8 to 30';
  const size = prefixSize(length);
  const network = Math.floor(address / size) * size;
  if (network !== address) return `must be a network address: ${formatIpv4(network)}/${length}, not a host inside it`;
  return { network, length, text: `${formatIpv4(network)}/${length}` };
}

/** Why `host:port` is not something a router can dial, or undefined when it is. */
function endpointProblem(endpoint: string): string | undefined {
  if (endpoint.length > 261) return 'must be at most 261 characters';
  const match = /^(\[([^\]]+)\]|[^:[\]]+):(\d{1,5})$/.exec(endpoint);
  if (!match) return 'must be host:port (an IPv6 address in brackets: [2001:db8::1]:51820)';
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return 'must have a port from 1 to 65535';
  if (match[2] !== undefined) return isIPv6(match[2]) ? undefined : 'has an invalid IPv6 address in brackets';
  const host = match[1];
  if (isIPv4(host)) return undefined;
  if (/^[0-9.]+$/.test(host)) return 'has an invalid IPv4 address';
  const labels = host.replace(/\.$/, '').split('.');
  if (host.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) return 'has an invalid host name';
  return undefined;
}
