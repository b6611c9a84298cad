/**
 * A network-namespace lab for the WireGuard management-tunnel end-to-end test: it builds the
 * router's side of the world (a site behind a NAT that drops every inbound new connection) and
 * runs the router's WireGuard client and a RouterOS simulator inside it. The hub (the platform's
 * WireGuard interface), the API, jest and PostgreSQL stay in the root network namespace.
 *
 *   root namespace: jest, API, PostgreSQL, the hub interface (apps/tunnel), UDP <hub port>
 *     wl<tag>a  10.X.Y.1/30   <- hubEndpointAddress: the router dials <this>:<hub port>
 *        │ veth
 *   ┌────┴──── nat namespace  wavu-lab-<pid>-<hex>-nat ──────────────────────────────┐
 *   │ wl<tag>b  10.X.Y.2/30   <- publicAddress: the site's "public" address           │
 *   │   ip_forward=1; nftables: masquerade out of wl<tag>b; forward policy drop except  │
 *   │   established/related and new from wl<tag>c; input drops new on wl<tag>b         │
 *   │ wl<tag>c  192.168.Z.1/24                                                         │
 *   └────┬─────────────────────────────────────────────────────────────────────────────┘
 *        │ veth
 *   ┌────┴──── router namespace  wavu-lab-<pid>-<hex>-router ─────────────────────────┐
 *   │ wl<tag>d  192.168.Z.2/24, default via 192.168.Z.1                                │
 *   │ wl<tag>w  wireguard-go: <address>/32, peer = hub (allowed <hubAddress>/32,        │
 *   │           endpoint <hubEndpointAddress>:<port>, keepalive), route hubAddress/32   │
 *   │ routeros-sim (libs/routeros-sim/src/cli.ts) listening on e.g. <address>:8728      │
 *   └──────────────────────────────────────────────────────────────────────────────────┘
 *
 * So from the root namespace the router answers only through the tunnel: a direct connection to
 * `publicAddress` times out (the NAT drops it), exactly like a router behind CGNAT.
 *
 * Needs root, `ip`, `nft`, `wg`, `wireguard-go` and /dev/net/tun (`wireGuardRequirements()` says
 * what is missing; `createWireGuardLab` fails with that list). The kernel needs no WireGuard
 * module: the router side runs `wireguard-go`.
 *
 * Usage in a spec (afterAll always cleans up, also after a failed beforeAll):
 *
 *   let lab: WireGuardLab | undefined;
 *   beforeAll(async () => { lab = await createWireGuardLab(); });
 *   afterAll(async () => { await lab?.destroy(); });
 *
 * `createWireGuardLab` tears down a half-built lab itself before it rethrows, `destroy()` is
 * idempotent, a lab still alive when the process ends (even by SIGKILL) is removed by its
 * watchdog process, and anything a dead process still left behind is swept by the next
 * `createWireGuardLab`.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RouterOsVersion } from '@wavu/routeros-sim';
import { backendEntry } from '../../setup/backend-build';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NAMESPACE_PREFIX = 'wavu-lab-';
const NAMESPACE_PATTERN = /^wavu-lab-(\d+)-([0-9a-f]{6})-(nat|router)$/;
/** where wireguard-go puts its control socket: one directory for every namespace */
const WG_SOCKET_DIR = '/var/run/wireguard';
const WG_ENV = { WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' };
/** keep the tail of a child's output for failure messages */
const LOG_LIMIT = 64 * 1024;

/** A TCP connect attempt's outcome: `code` is the socket error code when there was one. */
export interface TcpProbeResult {
  status: 'open' | 'refused' | 'timeout' | 'unreachable';
  code?: string;
  elapsedMs: number;
}

interface RouterWireGuard {
  /** the interface inside the router namespace (also the name of its socket in /var/run/wireguard) */
  readonly interfaceName: string;
  /** the router's public key (from `wg pubkey`): what the hub's peer entry names */
  readonly publicKey: string;
  readonly address: string;
  /** the last completed handshake as the router sees it, or null before the first */
  latestHandshake(): Promise<Date | null>;
  /** resolves with the handshake time once the router has completed one; rejects after `timeoutMs` */
  waitForHandshake(timeoutMs?: number): Promise<Date>;
  /** wireguard-go's output so far */
  logs(): string;
  /** stops wireguard-go (the interface goes with it); `destroy()` does it too */
  stop(): Promise<void>;
}

interface RouterSimulatorProcess {
  readonly host: string;
  /** the port it reported listening on */
  readonly port: number;
  readonly pid: number;
  /** the simulator's stdout and stderr so far */
  logs(): string;
  /** SIGTERM and wait for the exit (SIGKILL after 5 s); `destroy()` does it too */
  stop(): Promise<void>;
}

interface RouterWireGuardOptions {
  /** base64 private key, e.g. from the generated setup kit */
  privateKey: string;
  /** the router's tunnel address, `a.b.c.d` or `a.b.c.d/32` */
  address: string;
  hubPublicKey: string;
  /** `host:port` the router dials (normally `${lab.hubEndpointAddress}:${hubListenPort}`) */
  hubEndpoint: string;
  /** the hub's tunnel address, `a.b.c.d` or `a.b.c.d/32`: the peer's allowed-ips and a /32 route */
  hubAddress: string;
  /** default 25 */
  keepaliveSeconds?: number;
  /** how long wireguard-go may take to create its interface (default 10 s) */
  startTimeoutMs?: number;
}

interface RouterSimulatorOptions {
  /** the address to listen on inside the router namespace (e.g. the tunnel address) */
  host: string;
  /** default 8728 (the namespace is the router's own, so the port is always free) */
  port?: number;
  user: string;
  password: string;
  /** default 7.18 */
  version?: RouterOsVersion;
  /** more cli.ts options, e.g. ['--identity', 'Shop'] */
  extraArgs?: string[];
  /** how long the simulator may take to say it is listening (default 60 s) */
  startTimeoutMs?: number;
}

type Side = 'nat' | 'router';

export interface WireGuardLab {
  /** `<pid base36><6 hex>`: part of every name the lab creates */
  readonly tag: string;
  readonly natNamespace: string;
  readonly routerNamespace: string;
  /** the nat namespace's root-facing address: what a direct connection to the site targets */
  readonly publicAddress: string;
  /** the root side of the root↔nat veth: the router dials the hub at `<this>:<hub listen port>` */
  readonly hubEndpointAddress: string;
  /** the router's LAN address behind the NAT */
  readonly routerLanAddress: string;
  /** root-facing /30, e.g. 10.203.17.4/30 */
  readonly publicSubnet: string;
  /** starts the router's WireGuard client (once per lab) */
  startRouterWireGuard(options: RouterWireGuardOptions): Promise<RouterWireGuard>;
  /** starts `libs/routeros-sim/src/cli.ts` in the router namespace; resolves once it listens */
  startRouterSimulator(options: RouterSimulatorOptions): Promise<RouterSimulatorProcess>;
  /** a TCP connect attempt made from inside the nat or the router namespace */
  tcpProbeFrom(side: Side, host: string, port: number, timeoutMs: number): Promise<TcpProbeResult>;
  /** runs a command inside a namespace (`ip netns exec`) and resolves with its stdout */
  exec(side: Side, command: string, args: string[]): Promise<string>;
  /** kills the lab's processes, deletes both namespaces (and so the veths): idempotent */
  destroy(): Promise<void>;
}

// ───────────────────────── requirements ─────────────────────────

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').some((dir) => {
    try {
      accessSync(path.join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What this machine lacks to run the lab (empty when it can). */
export function wireGuardRequirements(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (uid 0): namespaces, veths and TUN devices need CAP_NET_ADMIN');
  for (const binary of ['ip', 'nft', 'wg', 'wireguard-go']) {
    if (!onPath(binary)) missing.push(`\`${binary}\` on PATH (Debian: ${binary === 'ip' ? 'iproute2' : binary === 'nft' ? 'nftables' : binary === 'wg' ? 'wireguard-tools' : 'wireguard-go'})`);
  }
  if (!existsSync('/dev/net/tun')) missing.push('/dev/net/tun (wireguard-go creates a TUN device)');
  return missing;
}

// ───────────────────────── commands ─────────────────────────

function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 15_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`\`${[command, ...args].join(' ')}\` failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    // a command that exits without reading its input (most do) must not turn into an EPIPE
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

const ip = (...args: string[]) => run('ip', args);

async function ipBatch(globalOptions: string[], lines: string[]): Promise<void> {
  try {
    await run('ip', [...globalOptions, '-batch', '-'], { input: `${lines.join('\n')}\n` });
  } catch (err) {
    throw new Error(`${(err as Error).message}\nbatch:\n${lines.map((l, i) => `${i + 1}: ${l}`).join('\n')}`);
  }
}

// ───────────────────────── addresses ─────────────────────────

const toInt = (a: string): number => a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toDotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function parseCidr(cidr: string): { start: number; end: number } | null {
  const [addr, bits = '32'] = cidr.split('/');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(addr)) return null;
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(toInt(addr) / size) * size;
  return { start, end: start + size - 1 };
}

/** An address without its prefix length: `172.30.0.5/32` → `172.30.0.5`. */
function bareAddress(address: string): string {
  const bare = address.split('/')[0];
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(bare)) throw new Error(`not an IPv4 address: ${address}`);
  return bare;
}

/** Every IPv4 prefix the root namespace routes or owns (all tables), as ranges. */
async function rootRanges(): Promise<{ start: number; end: number }[]> {
  const routes = JSON.parse(await ip('-j', '-4', 'route', 'show', 'table', 'all')) as { dst?: string }[];
  const addrs = JSON.parse(await ip('-j', '-4', 'addr', 'show')) as { addr_info?: { local?: string; prefixlen?: number }[] }[];
  const cidrs = [...routes.map((r) => r.dst ?? '').filter((d) => d !== 'default'), ...addrs.flatMap((l) => (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`))];
  return cidrs.map(parseCidr).filter((r): r is { start: number; end: number } => r !== null);
}

/**
 * A random IPv4 subnet of `/prefixLength` (16..30) inside 10.200.0.0/13 that no route or address of
 * the root namespace overlaps, as `a.b.c.d/len` (for a throwaway hub address, say). It is not
 * reserved: two callers racing could pick the same one, which the randomness makes unlikely.
 */
export async function pickUnusedSubnet(prefixLength: number, within = '10.200.0.0/13'): Promise<string> {
  const start = pickFree(await rootRanges(), within, prefixLength);
  return `${toDotted(start)}/${prefixLength}`;
}

/** The first address of a random `/prefixLength` inside `within` that overlaps none of `used`. */
function pickFree(used: { start: number; end: number }[], within: string, prefixLength: number, refuse: string[] = []): number {
  const pool = parseCidr(within);
  if (!pool || prefixLength < 16 || prefixLength > 30) throw new Error(`bad subnet request /${prefixLength} in ${within}`);
  const size = 2 ** (32 - prefixLength);
  const slots = (pool.end - pool.start + 1) / size;
  const taken = [...used, ...refuse.map((c) => parseCidr(c)!)];
  for (let attempt = 0; attempt < 200; attempt++) {
    const start = pool.start + randomInt(0, slots) * size;
    const end = start + size - 1;
    if (!taken.some((r) => r.start <= end && start <= r.end)) return start;
  }
  throw new Error(`no free /${prefixLength} found in ${within}`);
}

// ───────────────────────── children ─────────────────────────

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  hasExited(): boolean;
  logs(): string;
}

function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: string) => {
    out = (out + d).slice(-LOG_LIMIT);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    const finish = (why: string) => {
      if (done) return;
      done = true;
      keep(`\n[${why}]\n`);
      resolve();
    };
    child.once('exit', (code, signal) => finish(`exited with ${signal ?? code}`));
    child.once('error', (err) => finish(`failed to start: ${err.message}`));
  });
  return { process: child, exited, hasExited: () => done, logs: () => out };
}

async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([child.exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
  clearTimeout(timer);
  if (timedOut && !child.hasExited()) {
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

/** Polls `check` every `everyMs` until it returns a value (not undefined), or throws `describe()` after the deadline. */
async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ───────────────────────── probes ─────────────────────────

function classify(code: string | undefined): TcpProbeResult['status'] {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'unreachable';
}

/** One TCP connect attempt from this process (the root namespace): open, refused, timeout or unreachable. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<TcpProbeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (status: TcpProbeResult['status'], code?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, ...(code ? { code } : {}), elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(classify(err.code), err.code));
  });
}

/** The same probe as a script for `node -e` in another namespace: prints the result as JSON. */
const PROBE_SCRIPT = `
const net = require('node:net');
const [host, port, timeoutMs] = process.argv.slice(1);
const started = Date.now();
const socket = net.connect({ host, port: Number(port) });
const done = (status, code) => {
  clearTimeout(timer);
  socket.destroy();
  process.stdout.write(JSON.stringify({ status, ...(code ? { code } : {}), elapsedMs: Date.now() - started }));
};
const timer = setTimeout(() => done('timeout'), Number(timeoutMs));
socket.once('connect', () => done('open'));
socket.once('error', (err) => done(err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable', err.code));
`;

// ───────────────────────── the lab ─────────────────────────

interface LabNames {
  tag: string;
  nat: string;
  router: string;
  rootVeth: string;
  natPublicVeth: string;
  natLanVeth: string;
  routerVeth: string;
  wg: string;
}

function namesFor(pid: number, hex: string): LabNames {
  const tag = `${pid.toString(36)}${hex}`; // ≤ 5 + 6 chars: every interface name stays ≤ 15
  const ns = `${NAMESPACE_PREFIX}${pid}-${hex}`;
  return { tag, nat: `${ns}-nat`, router: `${ns}-router`, rootVeth: `wl${tag}a`, natPublicVeth: `wl${tag}b`, natLanVeth: `wl${tag}c`, routerVeth: `wl${tag}d`, wg: `wl${tag}w` };
}

async function listNamespaces(): Promise<string[]> {
  return (await ip('netns', 'list'))
    .split('\n')
    .map((l) => l.trim().split(' ')[0])
    .filter(Boolean);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills what still runs in a namespace (only the lab's own children ever do) and deletes it. */
async function deleteNamespace(ns: string): Promise<void> {
  const pids = (await ip('netns', 'pids', ns).catch(() => ''))
    .split('\n')
    .map(Number)
    .filter((p) => p > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await ip('netns', 'del', ns);
}

/** Namespaces of labs whose process died without cleaning up (SIGKILL, OOM): removed with their leftovers. */
async function sweepDeadLabs(): Promise<void> {
  for (const ns of await listNamespaces()) {
    const m = NAMESPACE_PATTERN.exec(ns);
    if (!m || pidAlive(Number(m[1]))) continue;
    await deleteNamespace(ns).catch(() => undefined);
    const n = namesFor(Number(m[1]), m[2]);
    rmSync(path.join(WG_SOCKET_DIR, `${n.wg}.sock`), { force: true });
    for (const f of await readdir(tmpdir())) if (f.startsWith(`wavu-wg-lab-${n.tag}-`)) await rm(path.join(tmpdir(), f), { recursive: true, force: true });
  }
}

/**
 * The watchdog: a detached `node -e` holding a pipe from this process. When this process dies
 * without `destroy()` (an exception, a forgotten afterAll, jest exiting, even SIGKILL), the pipe
 * closes and the watchdog kills what runs in the lab's namespaces, deletes them and the key
 * folder. `destroy()` ends the watchdog once it has cleaned up itself. (A `process.on('exit')`
 * hook would not do: in a jest sandbox it never fires.)
 * argv: namespaces (comma-separated), wireguard-go socket path, key folder.
 */
const WATCHDOG_SCRIPT = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const [namespaces, socket, folder] = process.argv.slice(1);
let done = false;
const cleanUp = () => {
  if (done) return;
  done = true;
  for (const ns of namespaces.split(',')) {
    try {
      for (const pid of execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\\n').map(Number).filter((p) => p > 0)) {
        try { process.kill(pid, 'SIGKILL'); } catch {}
      }
    } catch {}
    try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch {}
  }
  fs.rmSync(socket, { force: true });
  fs.rmSync(folder, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', cleanUp).on('error', cleanUp).resume();
`;

function startWatchdog(n: LabNames, folder: string): ChildProcess {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, `${n.router},${n.nat}`, path.join(WG_SOCKET_DIR, `${n.wg}.sock`), folder], {
    detached: true, // its own process group: a Ctrl-C to the test run does not reach it
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  watchdog.stdin.on('error', () => undefined);
  // neither the process nor the pipe keeps this process (jest) alive
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?(): void }).unref?.();
  return watchdog;
}

function nftRuleset(n: LabNames): string {
  // chain names: `in`/`fwd` and friends are nft keywords, hence the _chain suffix
  return `
table ip wavu_lab {
  chain postrouting_chain {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "${n.natPublicVeth}" masquerade
  }
  chain forward_chain {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "${n.natLanVeth}" oifname "${n.natPublicVeth}" ct state new accept
  }
  chain input_chain {
    type filter hook input priority filter; policy accept;
    iifname "${n.natPublicVeth}" ct state new drop
  }
}
`;
}

class Lab implements WireGuardLab {
  readonly tag: string;
  readonly natNamespace: string;
  readonly routerNamespace: string;
  publicAddress = '';
  hubEndpointAddress = '';
  routerLanAddress = '';
  publicSubnet = '';

  private readonly children = new Set<Child>();
  private tmpDir: string | undefined;
  private watchdog: ChildProcess | undefined;
  private wgStarted = false;
  private destroying: Promise<void> | undefined;

  constructor(private readonly names: LabNames) {
    this.tag = names.tag;
    this.natNamespace = names.nat;
    this.routerNamespace = names.router;
  }

  async build(): Promise<void> {
    const n = this.names;
    this.tmpDir = await mkdtemp(path.join(tmpdir(), `wavu-wg-lab-${n.tag}-`)); // mode 0700
    this.watchdog = startWatchdog(n, this.tmpDir);
    const used = await rootRanges();
    const publicNet = pickFree(used, '10.200.0.0/13', 30);
    // RouterOS' default LAN (192.168.88.0/24) stays out, as does anything root routes
    const lanNet = pickFree(used, '192.168.0.0/16', 24, ['192.168.0.0/24', '192.168.88.0/24', '192.168.255.0/24']);
    this.hubEndpointAddress = toDotted(publicNet + 1);
    this.publicAddress = toDotted(publicNet + 2);
    this.publicSubnet = `${toDotted(publicNet)}/30`;
    const natLan = toDotted(lanNet + 1);
    this.routerLanAddress = toDotted(lanNet + 2);

    // three `ip -batch` runs (one per namespace) instead of ~20 processes; a failing line stops its
    // batch and names itself ("Command failed -:N")
    await ipBatch(
      [],
      [
        `netns add ${n.nat}`,
        `netns add ${n.router}`,
        // root ↔ nat, created with its far end already in nat
        `link add ${n.rootVeth} type veth peer name ${n.natPublicVeth} netns ${n.nat}`,
        `addr add ${this.hubEndpointAddress}/30 dev ${n.rootVeth}`,
        `link set ${n.rootVeth} up`,
      ],
    );
    await ipBatch(
      ['-n', n.nat],
      [
        'link set lo up',
        `addr add ${this.publicAddress}/30 dev ${n.natPublicVeth}`,
        `link set ${n.natPublicVeth} up`,
        // anything the router dials goes to the root namespace (the "internet"; root answers for its own addresses)
        `route add default via ${this.hubEndpointAddress}`,
        // nat ↔ router
        `link add ${n.natLanVeth} type veth peer name ${n.routerVeth} netns ${n.router}`,
        `addr add ${natLan}/24 dev ${n.natLanVeth}`,
        `link set ${n.natLanVeth} up`,
      ],
    );
    await ipBatch(['-n', n.router], ['link set lo up', `addr add ${this.routerLanAddress}/24 dev ${n.routerVeth}`, `link set ${n.routerVeth} up`, `route add default via ${natLan}`]);
    // the NAT
    await run('ip', ['netns', 'exec', n.nat, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await run('ip', ['netns', 'exec', n.nat, 'nft', '-f', '-'], { input: nftRuleset(n) });
  }

  async exec(side: Side, command: string, args: string[]): Promise<string> {
    return run('ip', ['netns', 'exec', side === 'nat' ? this.natNamespace : this.routerNamespace, command, ...args]);
  }

  private spawnIn(ns: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
    if (this.destroying) throw new Error('the lab is destroyed');
    const child = spawnChild('ip', ['netns', 'exec', ns, command, ...args], env);
    this.children.add(child);
    void child.exited.then(() => this.children.delete(child));
    return child;
  }

  async startRouterWireGuard(options: RouterWireGuardOptions): Promise<RouterWireGuard> {
    if (this.wgStarted) throw new Error('the router WireGuard client is already started in this lab');
    this.wgStarted = true;
    const ifName = this.names.wg;
    const ns = this.routerNamespace;
    const address = bareAddress(options.address);
    const hubAddress = bareAddress(options.hubAddress);
    const keyFile = path.join(this.tmpDir!, 'router.key');
    await writeFile(keyFile, `${options.privateKey.trim()}\n`, { mode: 0o600 });
    const publicKey = (await run('wg', ['pubkey'], { input: `${options.privateKey.trim()}\n` })).trim();

    const child = this.spawnIn(ns, 'wireguard-go', ['-f', ifName], { ...process.env, ...WG_ENV, LOG_LEVEL: 'verbose' });
    const socket = path.join(WG_SOCKET_DIR, `${ifName}.sock`);
    await until(
      () => (existsSync(socket) ? true : child.hasExited() ? false : undefined),
      options.startTimeoutMs ?? 10_000,
      () => `wireguard-go did not create ${ifName} in time:\n${child.logs()}`,
    ).then((ok) => {
      if (!ok) throw new Error(`wireguard-go exited before creating ${ifName}:\n${child.logs()}`);
    });
    const withLogs = async (step: Promise<unknown>) => {
      try {
        await step;
      } catch (err) {
        throw new Error(`${(err as Error).message}\nwireguard-go output:\n${child.logs()}`);
      }
    };
    const keepalive = String(options.keepaliveSeconds ?? 25);
    await withLogs(
      this.exec('router', 'wg', [
        'set',
        ifName,
        'private-key',
        keyFile,
        'peer',
        options.hubPublicKey,
        'endpoint',
        options.hubEndpoint,
        'allowed-ips',
        `${hubAddress}/32`,
        'persistent-keepalive',
        keepalive,
      ]),
    );
    await withLogs(ip('-n', ns, 'addr', 'add', `${address}/32`, 'dev', ifName));
    await withLogs(ip('-n', ns, 'link', 'set', ifName, 'up'));
    await withLogs(ip('-n', ns, 'route', 'add', `${hubAddress}/32`, 'dev', ifName));

    const latestHandshake = async (): Promise<Date | null> => {
      const out = await this.exec('router', 'wg', ['show', ifName, 'latest-handshakes']);
      const seconds = Number(out.trim().split(/\s+/)[1] ?? '0');
      return seconds > 0 ? new Date(seconds * 1000) : null;
    };
    return {
      interfaceName: ifName,
      publicKey,
      address,
      latestHandshake,
      waitForHandshake: (timeoutMs = 15_000) =>
        until(
          async () => (await latestHandshake()) ?? undefined,
          timeoutMs,
          () => `no WireGuard handshake with the hub (${options.hubEndpoint}) within ${timeoutMs} ms:\n${child.logs()}`,
          25,
        ),
      logs: () => child.logs(),
      stop: async () => {
        await stopChild(child);
        rmSync(socket, { force: true });
      },
    };
  }

  async startRouterSimulator(options: RouterSimulatorOptions): Promise<RouterSimulatorProcess> {
    const args = [
      ...backendEntry('libs/routeros-sim/src/cli.ts'),
      '--host',
      options.host,
      '--port',
      String(options.port ?? 8728),
      '--user',
      options.user,
      '--password',
      options.password,
      '--version',
      options.version ?? '7.18',
      ...(options.extraArgs ?? []),
    ];
    const env = { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') };
    const child = this.spawnIn(this.routerNamespace, process.execPath, args, env);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const listening = await until(
      () => {
        const m = /listening on (\S+):(\d+)/.exec(child.logs());
        if (m) return { host: m[1], port: Number(m[2]) };
        return child.hasExited() ? null : undefined;
      },
      timeoutMs,
      () => `the RouterOS simulator did not report listening within ${timeoutMs} ms:\n${child.logs()}`,
    ).catch(async (err: Error) => {
      await stopChild(child);
      throw err;
    });
    if (!listening) throw new Error(`the RouterOS simulator exited before listening:\n${child.logs()}`);
    return { host: listening.host, port: listening.port, pid: child.process.pid!, logs: () => child.logs(), stop: () => stopChild(child) };
  }

  async tcpProbeFrom(side: Side, host: string, port: number, timeoutMs: number): Promise<TcpProbeResult> {
    const ns = side === 'nat' ? this.natNamespace : this.routerNamespace;
    const out = await run('ip', ['netns', 'exec', ns, process.execPath, '-e', PROBE_SCRIPT, host, String(port), String(timeoutMs)], { timeoutMs: timeoutMs + 15_000 });
    return JSON.parse(out) as TcpProbeResult;
  }

  destroy(): Promise<void> {
    this.destroying ??= this.teardown();
    return this.destroying;
  }

  private async teardown(): Promise<void> {
    const n = this.names;
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (err) {
        problems.push(`${what}: ${(err as Error).message}`);
      }
    };
    await Promise.all([...this.children].map((c) => stopChild(c)));
    const present = await listNamespaces().catch(() => [n.nat, n.router]);
    for (const ns of [n.router, n.nat]) {
      if (present.includes(ns)) await attempt(`delete namespace ${ns}`, () => deleteNamespace(ns));
    }
    // the kernel frees a namespace, and with it the veth pair reaching into root, shortly after its
    // last user goes (`ip link add … peer … netns` is atomic, so the root end never exists alone)
    const rootVethGone = () => !existsSync(`/sys/class/net/${n.rootVeth}`);
    const gone = await until(
      () => (rootVethGone() ? true : undefined),
      10_000,
      () => 'still there',
    ).then(
      () => true,
      () => false,
    );
    if (!gone) await attempt(`delete ${n.rootVeth}`, () => ip('link', 'del', n.rootVeth).catch((err: Error) => (rootVethGone() ? undefined : Promise.reject(err))));
    rmSync(path.join(WG_SOCKET_DIR, `${n.wg}.sock`), { force: true });
    if (this.tmpDir) await attempt('remove the key folder', () => rm(this.tmpDir!, { recursive: true, force: true }));
    // on a problem the watchdog stays: it tries again when this process ends
    if (!problems.length) this.watchdog?.kill('SIGTERM');
    if (problems.length) throw new Error(`WireGuard lab ${n.tag} teardown incomplete:\n${problems.join('\n')}`);
  }
}

/**
 * Builds the nat and router namespaces and their veths (see the top of this file). Fails with what
 * is missing when `wireGuardRequirements()` lists anything. On a failure part-way, removes what it made.
 */
export async function createWireGuardLab(): Promise<WireGuardLab> {
  const missing = wireGuardRequirements();
  if (missing.length) throw new Error(`the WireGuard lab cannot run here; missing:\n- ${missing.join('\n- ')}`);
  await sweepDeadLabs();
  const lab = new Lab(namesFor(process.pid, randomBytes(3).toString('hex')));
  try {
    await lab.build();
  } catch (err) {
    await lab.destroy().catch((cleanup: Error) => {
      (err as Error).message += `\n(and cleaning up failed: ${cleanup.message})`;
    });
    throw err;
  }
  return lab;
}
