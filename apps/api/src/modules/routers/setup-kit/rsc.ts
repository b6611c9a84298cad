import { isSafeRouterText } from '@wavu/routeros';
import type { HotspotProfileSpec } from '../provisioning.types';
import { PROFILE_NAME_RE, RATE_LIMIT_RE } from '../provisioning.validation';
import { isWireGuardKey } from '../tunnel/tunnel-keys';

/**
 * RouterOS 7 setup script generator (docs/routeros.md §5). Every value is written as a
 * double-quoted RouterOS string with `\`, `"`, `$` and `?` escaped; comments only ever start a
 * line; no line is continued with a backslash. Inputs are validated before anything is built.
 */

export class SetupKitInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A RouterOS double-quoted string literal. */
export function rosString(value: string, field = 'value'): string {
  if (!isSafeRouterText(value)) throw new SetupKitInputError(field, `${field} must be printable ASCII (no line breaks)`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/\?/g, '\\?')}"`;
}

export interface SetupKitParams {
  routerId: string;
  routerName: string;
  timeZone: string;
  wanInterface: string;
  lanInterfaces: string[];
  gatewayAddress: string;
  prefixLength: number;
  dnsServers: string[];
  hotspotServer: string;
  hotspotDnsName: string;
  htmlDirectory: string;
  /** e.g. https://wavu.example.com */
  publicUrl: string;
  platformAddress: string;
  apiUser: string;
  apiPassword: string;
  apiPort: number;
  useTls: boolean;
  profiles: HotspotProfileSpec[];
  /** set for a tunnel router: the script makes it dial the platform's WireGuard hub (docs/tunnel.md) */
  tunnel?: TunnelKitParams;
}

/** What the router needs to join the management tunnel. platformAddress is then the hub's tunnel address. */
export interface TunnelKitParams {
  /** the router's WireGuard private key (only ever in the kit) */
  privateKey: string;
  /** the router's tunnel address (/32) */
  address: string;
  hubPublicKey: string;
  /** `host:port` the router dials (UDP) */
  hubEndpoint: string;
}

/** Name of the WireGuard interface the script makes. */
/** The hotspot DNS name the kit gives a router whose record names none (its login page links use it). */
export const KIT_HOTSPOT_DNS_NAME = 'wifi.hotspot.lan';
export const TUNNEL_INTERFACE = 'wavu-wg';
/** Keeps the carrier's NAT mapping open so the platform can always reach the router (seconds). */
const TUNNEL_KEEPALIVE_SECONDS = 25;

const IFACE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@+ -]{0,63}$/;
const HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const TZ = /^[A-Za-z]+(\/[A-Za-z0-9_+-]+){0,2}$/;

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new SetupKitInputError('address', `${ip} is not an IPv4 address`);
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Network, broadcast and the DHCP pool (every host address but the gateway's) of gateway/prefix. */
export function addressPlan(gateway: string, prefix: number): { network: string; pool: string } {
  if (!Number.isInteger(prefix) || prefix < 16 || prefix > 29) throw new SetupKitInputError('prefixLength', 'prefixLength must be between 16 and 29');
  const gw = ipToInt(gateway);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (gw & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  if (gw === network || gw === broadcast) throw new SetupKitInputError('gatewayAddress', 'gatewayAddress must be a host address of its network');
  const first = network + 1;
  const last = broadcast - 1;
  const ranges: string[] = [];
  if (gw > first) ranges.push(`${intToIp(first)}-${intToIp(gw - 1)}`);
  if (gw < last) ranges.push(`${intToIp(gw + 1)}-${intToIp(last)}`);
  return { network: intToIp(network), pool: ranges.join(',') };
}

function check(field: string, value: string, re: RegExp, what: string): void {
  if (typeof value !== 'string' || !re.test(value)) throw new SetupKitInputError(field, `${field} must be ${what}`);
}

function validateParams(p: SetupKitParams): void {
  if (!isSafeRouterText(p.routerName) || p.routerName.length === 0 || p.routerName.length > 80) throw new SetupKitInputError('routerName', 'routerName must be 1-80 printable ASCII characters');
  check('timeZone', p.timeZone, TZ, 'a time zone name such as Africa/Nairobi');
  check('wanInterface', p.wanInterface, IFACE, 'an interface name such as ether1');
  if (p.lanInterfaces.length === 0 || p.lanInterfaces.length > 8) throw new SetupKitInputError('lanInterfaces', 'lanInterfaces must list 1-8 interfaces');
  p.lanInterfaces.forEach((i) => check('lanInterfaces', i, IFACE, 'interface names such as ether2'));
  if (p.lanInterfaces.includes(p.wanInterface)) throw new SetupKitInputError('lanInterfaces', 'the WAN interface cannot also be a hotspot port');
  ipToInt(p.gatewayAddress);
  ipToInt(p.platformAddress);
  p.dnsServers.forEach((d) => ipToInt(d));
  check('hotspotServer', p.hotspotServer, NAME, 'a RouterOS name');
  check('hotspotDnsName', p.hotspotDnsName, HOST, 'a host name');
  check('htmlDirectory', p.htmlDirectory, /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'a folder name');
  check('apiUser', p.apiUser, NAME, 'a RouterOS user name');
  if (p.apiUser.toLowerCase() === 'admin') throw new SetupKitInputError('username', 'the setup kit creates a restricted API user; give the router a dedicated user name (not admin)');
  if (!isSafeRouterText(p.apiPassword) || p.apiPassword.length === 0) throw new SetupKitInputError('password', 'the router password must be non-empty printable ASCII for the setup kit');
  if (!Number.isInteger(p.apiPort) || p.apiPort < 1 || p.apiPort > 65535) throw new SetupKitInputError('apiPort', 'apiPort must be a port number');
  let url: URL;
  try {
    url = new URL(p.publicUrl);
  } catch {
    throw new SetupKitInputError('publicUrl', 'PUBLIC_URL must be an absolute URL');
  }
  if (!/^https?:$/.test(url.protocol) || !HOST.test(url.hostname)) throw new SetupKitInputError('publicUrl', 'PUBLIC_URL must be an http(s) URL with a host name');
  if (p.tunnel) {
    if (!isWireGuardKey(p.tunnel.privateKey)) throw new SetupKitInputError('tunnel.privateKey', 'the tunnel private key must be a WireGuard key');
    if (!isWireGuardKey(p.tunnel.hubPublicKey)) throw new SetupKitInputError('tunnel.hubPublicKey', "the hub's public key must be a WireGuard key");
    ipToInt(p.tunnel.address);
    splitEndpoint(p.tunnel.hubEndpoint);
  }
  for (const [i, prof] of p.profiles.entries()) {
    check(`profiles[${i}].name`, prof.name, PROFILE_NAME_RE, 'a profile name');
    if (prof.rateLimit !== undefined && prof.rateLimit !== '') check(`profiles[${i}].rateLimit`, prof.rateLimit, RATE_LIMIT_RE, 'a rate limit such as 2M/5M');
  }
}

/** `host:port` → its parts (host name or IPv4; port 1-65535). */
function splitEndpoint(endpoint: string): { host: string; port: number } {
  const m = /^([^:\s]+):(\d{1,5})$/.exec(endpoint);
  const port = m ? Number(m[2]) : 0;
  if (!m || !HOST.test(m[1]) || port < 1 || port > 65535) throw new SetupKitInputError('tunnel.hubEndpoint', 'the tunnel endpoint must be host:port');
  return { host: m[1], port };
}

/**
 * RouterOS 7: the WireGuard interface, the platform as its only peer (allowed-address = the
 * hub's address only, so no customer traffic enters the tunnel), the router's /32 and a route to
 * the hub. Idempotent: run twice, the router ends in the same state. RouterOS 6 stops here.
 */
function tunnelBlock(t: TunnelKitParams, hubAddress: string): string[] {
  const q = rosString;
  const wg = q(TUNNEL_INTERFACE);
  const { host, port } = splitEndpoint(t.hubEndpoint);
  const peer = `public-key=${q(t.hubPublicKey)} endpoint-address=${q(host)} endpoint-port=${port} allowed-address=${q(`${hubAddress}/32`)} persistent-keepalive=${TUNNEL_KEEPALIVE_SECONDS}s`;
  return [
    '# --- management tunnel: this router dials the platform over WireGuard (no public IP needed) ---',
    '# RouterOS 6 has no WireGuard: the script stops here on v6 (upgrade, or add the router as direct).',
    ':if ([:pick [/system resource get version] 0 1] = "6") do={ :error "wavu: the management tunnel needs RouterOS 7 (v6 has no WireGuard); upgrade the router or add it as direct" }',
    "# the private key below is this router's alone: keep the kit private",
    `:if ([:len [/interface wireguard find name=${wg}]] = 0) do={ /interface wireguard add name=${wg} private-key=${q(t.privateKey, 'tunnel.privateKey')} comment="wavu management tunnel" } else={ /interface wireguard set [find name=${wg}] private-key=${q(t.privateKey, 'tunnel.privateKey')} }`,
    `:if ([:len [/interface wireguard peers find interface=${wg}]] = 0) do={ /interface wireguard peers add interface=${wg} ${peer} comment="wavu platform" } else={ /interface wireguard peers set [find interface=${wg}] ${peer} }`,
    `:if ([:len [/ip address find interface=${wg}]] = 0) do={ /ip address add address=${q(`${t.address}/32`)} interface=${wg} comment="wavu management tunnel" } else={ /ip address set [find interface=${wg}] address=${q(`${t.address}/32`)} }`,
    `:if ([:len [/ip route find dst-address=${q(`${hubAddress}/32`)}]] = 0) do={ /ip route add dst-address=${q(`${hubAddress}/32`)} gateway=${wg} comment="wavu management tunnel" } else={ /ip route set [find dst-address=${q(`${hubAddress}/32`)}] gateway=${wg} }`,
    '',
  ];
}

export function portalUrl(publicUrl: string, routerId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/portal/${routerId}`;
}

const seconds = (s: number | undefined): string => (s && s > 0 ? `${Math.floor(s)}s` : '0s');

/** The login page the router serves: sends every client to the captive portal with its details. */
export function loginHtml(publicUrl: string, routerId: string): string {
  const target = `${portalUrl(publicUrl, routerId)}?mac=$(mac-esc)&ip=$(ip-esc)&link-login-only=$(link-login-only-esc)&link-orig=$(link-orig-esc)&error=$(error-esc)&chap-id=$(chap-id-esc)&chap-challenge=$(chap-challenge-esc)`;
  return `<html><head><meta http-equiv="refresh" content="0; url=${target}"><title>WiFi</title></head><body><a href="${target}">Continue to the WiFi portal</a></body></html>`;
}

/**
 * The API user's group: exactly the policies the platform uses (why each: the script's comments,
 * docs/routeros.md and docs/backups.md). ftp, sensitive, test and reboot are for backups and restores.
 */
/** What the kit's wavu-api group may do (the demo router's API user gets the same). */
export const API_GROUP_GRANTS = ['read', 'write', 'api', 'ftp', 'sensitive', 'test', 'reboot'];
const API_GROUP_POLICY = [...API_GROUP_GRANTS, '!local', '!telnet', '!ssh', '!policy', '!winbox', '!password', '!web', '!sniff', '!romon'].join(',');
/** Name of the api-ssl certificate the script makes on the router. */
const API_CERTIFICATE = 'wavu-api';

export function generateRsc(p: SetupKitParams): string {
  validateParams(p);
  const q = rosString;
  const { network, pool } = addressPlan(p.gatewayAddress, p.prefixLength);
  const portalHost = new URL(p.publicUrl).hostname;
  const bridge = 'bridge-wavu';
  const cidr = `${network}/${p.prefixLength}`;
  const apiAccept = `chain=input action=accept protocol=tcp dst-port=${p.apiPort} src-address=${q(p.platformAddress)}${p.tunnel ? ` in-interface=${q(TUNNEL_INTERFACE)}` : ''} comment="wavu api"`;
  const lines: string[] = [
    '# ===================== WAVU HOTSPOT SETUP (RouterOS 7.x) =====================',
    `# Router ${p.routerId}`,
    '# Paste into a terminal or upload and run /import file-name=wavu-setup.rsc on a router with',
    '# RouterOS 7.',
    ...(p.tunnel
      ? ["# This router is reached through the platform's WireGuard tunnel (next section): it needs no public IP."]
      : ["# The platform connects to this router's API: a router behind NAT or CGNAT has no address it can reach,", '# so choose "through the Wavu tunnel" for it on the router page instead.']),
    '',
    ...(p.tunnel ? tunnelBlock(p.tunnel, p.platformAddress) : []),
    '# --- 0. device-mode must allow the hotspot ---',
    ':do { :if ([/system device-mode get hotspot] != true) do={ :error "device-mode: hotspot disabled; run /system device-mode update mode=advanced and power-cycle" } } on-error={ :log warning "device-mode check skipped or failed" }',
    '',
    '# --- 1. identity and time ---',
    `/system identity set name=${q(p.routerName, 'routerName')}`,
    `/system clock set time-zone-name=${q(p.timeZone)}`,
    '/system ntp client set enabled=yes servers="pool.ntp.org"',
    '',
    '# --- 2. hotspot bridge and its ports ---',
    `:if ([:len [/interface bridge find name=${q(bridge)}]] = 0) do={ /interface bridge add name=${q(bridge)} comment="wavu-hotspot" }`,
  ];
  for (const port of p.lanInterfaces) {
    lines.push(`/interface bridge port remove [find interface=${q(port)}]`);
    lines.push(`/interface bridge port add bridge=${q(bridge)} interface=${q(port)} comment="wavu-hotspot"`);
  }
  lines.push(
    '',
    '# --- 3. addressing, pool, DHCP, DNS, NAT ---',
    `/ip address add address=${q(`${p.gatewayAddress}/${p.prefixLength}`)} interface=${q(bridge)} comment="wavu-hotspot"`,
    `/ip pool add name="wavu-pool" ranges=${q(pool)}`,
    `/ip dhcp-server add name="wavu-dhcp" interface=${q(bridge)} address-pool="wavu-pool" lease-time=1h disabled=no`,
    `/ip dhcp-server network add address=${q(cidr)} gateway=${q(p.gatewayAddress)} dns-server=${q(p.gatewayAddress)} comment="wavu-hotspot"`,
    `/ip dns set allow-remote-requests=yes servers=${q(p.dnsServers.join(','))}`,
    `/ip firewall nat add chain=srcnat action=masquerade src-address=${q(cidr)} out-interface=${q(p.wanInterface)} comment="wavu-hotspot masquerade"`,
    '',
    '# --- 4. hotspot server profile and server ---',
    `/ip hotspot profile add name="wavu-hsprof" hotspot-address=${q(p.gatewayAddress)} dns-name=${q(p.hotspotDnsName)} html-directory=${q(p.htmlDirectory)} login-by=http-chap,http-pap,cookie,mac-cookie http-cookie-lifetime=1d use-radius=no`,
    `/ip hotspot add name=${q(p.hotspotServer)} interface=${q(bridge)} profile="wavu-hsprof" address-pool=none addresses-per-mac=2 idle-timeout=5m disabled=no`,
    '',
    '# --- 5. user profiles, one per plan ---',
  );
  if (p.profiles.length === 0) lines.push('# (no plans yet: the platform adds their profiles over the API)');
  for (const prof of p.profiles) {
    const attrs = `rate-limit=${q(prof.rateLimit ?? '')} shared-users=${prof.sharedUsers ?? 1} session-timeout=${seconds(prof.sessionTimeoutSeconds)} idle-timeout=${prof.idleTimeoutSeconds ? seconds(prof.idleTimeoutSeconds) : 'none'} keepalive-timeout=2m add-mac-cookie=yes mac-cookie-timeout=1d status-autorefresh=1m`;
    lines.push(
      `:if ([:len [/ip hotspot user profile find name=${q(prof.name)}]] = 0) do={ /ip hotspot user profile add name=${q(prof.name)} ${attrs} } else={ /ip hotspot user profile set [find name=${q(prof.name)}] ${attrs} }`,
    );
  }
  lines.push(
    '',
    '# --- 6. walled garden: the portal only (never the OS captive-portal probe hosts) ---',
    `/ip hotspot walled-garden add dst-host=${q(portalHost)} action=allow comment="wavu portal"`,
    `/ip hotspot walled-garden ip add dst-host=${q(portalHost)} action=accept comment="wavu portal https"`,
    '',
    '# --- 7. login page: every unauthenticated client goes to the portal ---',
    `/file add name=${q(`${p.htmlDirectory}/login.html`)} contents=${q(loginHtml(p.publicUrl, p.routerId))}`,
    '',
    '# --- 8. API access for the platform only ---',
    '# The wavu-api group has only what the platform uses: api (log in over the API), read (see the',
    '# router, its hotspot users and sessions) and write (add, change and remove hotspot users and',
    '# profiles, end sessions); for backups and restores: ftp (read, write and remove its own backup',
    '# files), sensitive (exports and backups that include passwords), test (/tool fetch pulls a',
    '# restore file from the platform) and reboot (loading a binary backup restarts the router).',
    '# No policy (user management) and no interactive logins (winbox, ssh, telnet, web, local).',
    `:if ([:len [/user group find name="wavu-api"]] = 0) do={ /user group add name="wavu-api" policy=${API_GROUP_POLICY} } else={ /user group set [find name="wavu-api"] policy=${API_GROUP_POLICY} }`,
    `:if ([:len [/user find name=${q(p.apiUser)}]] = 0) do={ /user add name=${q(p.apiUser)} password=${q(p.apiPassword, 'password')} group="wavu-api" address=${q(`${p.platformAddress}/32`)} comment="wavu platform" } else={ /user set [find name=${q(p.apiUser)}] password=${q(p.apiPassword, 'password')} group="wavu-api" address=${q(`${p.platformAddress}/32`)} }`,
    ...(p.useTls
      ? [
          '# api-ssl: a certificate made on this router (its key never leaves it); the platform records',
          '# its fingerprint on the first connection and refuses another one until the owner accepts it.',
          `:if ([:len [/certificate find name=${q(API_CERTIFICATE)}]] = 0) do={ /certificate add name=${q(API_CERTIFICATE)} common-name=${q(API_CERTIFICATE)} days-valid=3650 key-size=2048 key-usage=digital-signature,key-encipherment,tls-server; /certificate sign ${q(API_CERTIFICATE)} }`,
          `/ip service set api-ssl certificate=${q(API_CERTIFICATE)} address=${q(`${p.platformAddress}/32`)} port=${p.apiPort} disabled=no`,
          '# the plaintext API stays off: the password would cross the internet readable',
          '/ip service set api disabled=yes',
        ]
      : [
          ...(p.tunnel
            ? ['# the plaintext API, inside the WireGuard tunnel only (WireGuard encrypts it on the way)']
            : [
                '# WARNING: the plaintext API (the password and every reply cross the network readable). Use it',
                '# only inside a VPN/tunnel; otherwise switch the router to api-ssl in the dashboard.',
              ]),
          `/ip service set api address=${q(`${p.platformAddress}/32`)} port=${p.apiPort} disabled=no`,
          `/ip service set api-ssl address=${q(`${p.platformAddress}/32`)}`,
        ]),
    '# accept the API from the platform before the default drop (replaced, not added twice, on a re-run)',
    '/ip firewall filter remove [find comment="wavu api"]',
    `:do { /ip firewall filter add ${apiAccept} place-before=0 } on-error={ /ip firewall filter add ${apiAccept} }`,
    ':log info "wavu hotspot setup finished"',
    '',
  );
  return lines.join('\n');
}
