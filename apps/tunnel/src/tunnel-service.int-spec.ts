import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { TestDatabase } from '../../../test/setup/test-database';
import { createTestDatabase } from '../../../test/setup/test-database';
import type { TunnelConfig } from './config';
import { parseConfig } from './config';
import type { Logger } from './log';
import { TunnelService } from './tunnel-service';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32).toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64'),
  };
}

/** Polls a condition until it holds (returns its value) or the deadline passes. */
async function waitFor<T>(what: string, check: () => T | undefined | false | null | Promise<T | undefined | false | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Stand-ins for `wg`, `ip` and `wireguard-go` in a temp folder: they append every call to
 * calls.log, keep a copy (and the mode) of every file `wg syncconf` gets, serve `wg show dump`
 * from dump.txt and track which interfaces exist as link.<name> files. `wg pubkey` only answers
 * for the hub's private key, so the service must hand over the right key on stdin.
 */
class FakeWireGuard {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wavu-fake-wg-'));
  readonly hub = keyPair();

  constructor() {
    const d = this.dir;
    fs.mkdirSync(path.join(d, 'syncconf'));
    fs.writeFileSync(path.join(d, 'expected-private.key'), this.hub.privateKey);
    fs.writeFileSync(path.join(d, 'pubkey.out'), `${this.hub.publicKey}\n`);
    this.script(
      'wg',
      `#!/bin/sh
D='${d}'
printf '%s\\n' "wg $*" >> "$D/calls.log"
case "$1" in
  genkey) cat "$D/genkey.out" ;;
  pubkey)
    input=$(cat)
    if [ "$input" = "$(cat "$D/expected-private.key")" ]; then cat "$D/pubkey.out"; else echo "fake wg: not the hub's private key" >&2; exit 1; fi ;;
  set|syncconf|show)
    if [ ! -e "$D/link.$2" ]; then echo "Unable to access interface: No such device" >&2; exit 1; fi
    case "$1" in
      syncconf)
        mkdir "$D/syncing" 2>/dev/null || touch "$D/overlap"
        n=$(printf '%05d' "$(ls "$D/syncconf" | wc -l)")
        cp "$3" "$D/syncconf/$n.conf"
        printf '%s %s\\n' "$n" "$(stat -c %a "$3")" >> "$D/modes.log"
        rmdir "$D/syncing" ;;
      show) cat "$D/dump.txt" ;;
    esac ;;
  *) echo "fake wg: unexpected $*" >&2; exit 64 ;;
esac
`,
    );
    this.script(
      'ip',
      `#!/bin/sh
D='${d}'
printf '%s\\n' "ip $*" >> "$D/calls.log"
case "$1 $2" in
  "link show")
    if [ -e "$D/link.$4" ]; then echo "7: $4: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420"; else echo "Device \\"$4\\" does not exist." >&2; exit 1; fi ;;
  "link add")
    if [ -e "$D/no-kernel" ]; then echo "Error: Unknown device type." >&2; exit 2; fi
    touch "$D/link.$4" ;;
  "link set") [ -e "$D/link.$4" ] || { echo "Cannot find device \\"$4\\"" >&2; exit 1; } ;;
  "address replace") [ -e "$D/link.$5" ] || { echo "Cannot find device \\"$5\\"" >&2; exit 1; } ;;
  *) echo "fake ip: unexpected $*" >&2; exit 64 ;;
esac
`,
    );
    this.script(
      'wireguard-go',
      `#!${process.execPath}
const fs = require('node:fs');
const D = ${JSON.stringify(d)};
const name = process.argv[3];
fs.appendFileSync(D + '/calls.log', 'wireguard-go ' + process.argv.slice(2).join(' ') + ' WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=' + process.env.WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD + '\\n');
fs.writeFileSync(D + '/wireguard-go.pid', String(process.pid));
fs.writeFileSync(D + '/link.' + name, '');
console.log('┌────────────────────────────┐');
console.log('│   Running wireguard-go is not required   │');
console.log('└────────────────────────────┘');
console.log('INFO: (' + name + ') Device started');
process.on('SIGTERM', () => { fs.rmSync(D + '/link.' + name, { force: true }); process.exit(0); });
setInterval(() => undefined, 1 << 30);
`,
    );
  }

  private script(name: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, name), text, { mode: 0o755 });
  }

  bin(name: 'wg' | 'ip' | 'wireguard-go'): string {
    return path.join(this.dir, name);
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  calls(): string[] {
    return fs.existsSync(this.file('calls.log')) ? fs.readFileSync(this.file('calls.log'), 'utf8').split('\n').filter(Boolean) : [];
  }

  syncconfs(): string[] {
    const folder = this.file('syncconf');
    return fs
      .readdirSync(folder)
      .sort()
      .map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
  }

  latestSyncconf(): string | undefined {
    return this.syncconfs().at(-1);
  }

  /** Replaces dump.txt atomically: the service reads it at any moment. */
  writeDump(lines: string[][]): void {
    fs.writeFileSync(this.file('dump.next'), lines.map((fields) => fields.join('\t')).join('\n') + '\n');
    fs.renameSync(this.file('dump.next'), this.file('dump.txt'));
  }

  /** The interface line as wg prints it: private key, public key, port, fwmark. */
  ifaceLine(): string[] {
    return [this.hub.privateKey, this.hub.publicKey, '51820', 'off'];
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

interface LogEntry {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}

function captureLogger(entries: LogEntry[]): Logger {
  // errors become their message, as in jsonLogger
  const push =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      entries.push({ level, event, fields: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? value.message : value])) });
    };
  return { info: push('info'), warn: push('warn'), error: push('error') };
}

const peerBlock = (publicKey: string, address: string) => `[Peer]\nPublicKey = ${publicKey}\nAllowedIPs = ${address}/32\n`;

describe('TunnelService (PostgreSQL, fake wg and ip)', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  function configFor(fake: FakeWireGuard, env: Record<string, string> = {}, overrides: Partial<TunnelConfig> = {}): TunnelConfig {
    return {
      ...parseConfig({
        DATABASE_URL: db.url,
        TUNNEL_ENDPOINT: 'hub.wavu.test:51820',
        TUNNEL_INTERFACE: 'wgtest0',
        TUNNEL_PRIVATE_KEY_FILE: fake.file('keys/private.key'),
        WG_BIN: fake.bin('wg'),
        IP_BIN: fake.bin('ip'),
        WIREGUARD_GO_BIN: fake.bin('wireguard-go'),
        ...env,
      }),
      // only NOTIFY drives syncs here, unless a test asks for the periodic one
      resyncIntervalMs: 600_000,
      statsIntervalMs: 50,
      reconnectBaseMs: 100,
      ...overrides,
    };
  }

  function writeKey(fake: FakeWireGuard): void {
    fs.mkdirSync(fake.file('keys'), { mode: 0o700 });
    fs.writeFileSync(fake.file('keys/private.key'), `${fake.hub.privateKey}\n`, { mode: 0o600 });
  }

  async function insertTunnel(address: string, publicKey = keyPair().publicKey, hubId = 'default'): Promise<{ id: string; publicKey: string; address: string }> {
    const { rows } = await sql.query<{ id: string }>(
      `INSERT INTO router_tunnels (router_id, provider_id, hub_id, address, public_key, hub_public_key, hub_endpoint, hub_address)
       VALUES ($1, $2, $3, $4, $5, $6, 'hub.wavu.test:51820', '172.30.0.1') RETURNING id`,
      [randomUUID(), randomUUID(), hubId, address, publicKey, keyPair().publicKey],
    );
    return { id: rows[0].id, publicKey, address };
  }

  const hubRow = async (id = 'default') =>
    (await sql.query(`SELECT public_key, endpoint, prefix, host(address) AS address, interface_name, last_sync_at, last_sync_error, peer_count FROM tunnel_hubs WHERE id = $1`, [id])).rows[0];
  const tunnelRow = async (id: string) => (await sql.query(`SELECT enrolled_at, last_handshake_at, peer_endpoint, rx_bytes, tx_bytes, stats_at FROM router_tunnels WHERE id = $1`, [id])).rows[0];

  describe('with kernel WireGuard', () => {
    const logs: LogEntry[] = [];
    const stale = keyPair().publicKey;
    let fake: FakeWireGuard;
    let service: TunnelService;
    let fatal: Error | undefined;

    beforeAll(async () => {
      fake = new FakeWireGuard();
      writeKey(fake);
      // the interface still carries a peer whose row is gone: the first sync removes it
      fake.writeDump([fake.ifaceLine(), [stale, '(none)', '(none)', '172.30.9.9/32', '0', '0', '0', 'off']]);
      service = new TunnelService(configFor(fake), { logger: captureLogger(logs), onFatal: (error) => (fatal = error) });
      await service.start();
    });
    afterAll(async () => {
      await service?.stop();
      fake?.remove();
    });
    afterEach(() => {
      expect(fatal).toBeUndefined();
      expect(fs.existsSync(fake.file('overlap'))).toBe(false); // syncs never ran concurrently
    });

    it('creates the interface, publishes the hub and mirrors the peers at start', async () => {
      expect(await hubRow()).toMatchObject({
        public_key: fake.hub.publicKey,
        endpoint: 'hub.wavu.test:51820',
        prefix: '172.30.0.0/16',
        address: '172.30.0.1',
        interface_name: 'wgtest0',
        last_sync_error: null,
        peer_count: 0,
      });
      expect((await hubRow()).last_sync_at).toBeInstanceOf(Date);
      const keyFile = fake.file('keys/private.key');
      expect(fake.calls().filter((call) => !call.startsWith('wg show') && !call.startsWith('wg syncconf'))).toEqual([
        'wg pubkey',
        'ip link show dev wgtest0',
        'ip link add dev wgtest0 type wireguard',
        `wg set wgtest0 private-key ${keyFile} listen-port 51820`,
        'ip address replace 172.30.0.1/16 dev wgtest0',
        'ip link set dev wgtest0 up',
      ]);
      // the stale peer is gone: the whole desired config, no peers
      expect(fake.syncconfs()).toEqual([`[Interface]\nPrivateKey = ${fake.hub.privateKey}\nListenPort = 51820\n`]);
      // written private, and removed after use
      expect(fs.readFileSync(fake.file('modes.log'), 'utf8')).toBe('00000 600\n');
      const tempFile = fake
        .calls()
        .find((call) => call.startsWith('wg syncconf'))!
        .split(' ')[3];
      expect(fs.existsSync(tempFile)).toBe(false);
      expect(fs.existsSync(path.dirname(tempFile))).toBe(false);
      // the private key never reaches a log line
      expect(JSON.stringify(logs)).not.toContain(fake.hub.privateKey);
    });

    it('mirrors a new row at once, through NOTIFY', async () => {
      const row = await insertTunnel('172.30.0.10');
      await waitFor('the new peer in a syncconf', () => fake.latestSyncconf()?.includes(peerBlock(row.publicKey, '172.30.0.10')));
      await waitFor('peer_count 1', async () => (await hubRow()).peer_count === 1);
    });

    it("removes a released row's peer", async () => {
      const row = await insertTunnel('172.30.0.20');
      await waitFor('the peer added', () => fake.latestSyncconf()?.includes(row.publicKey));
      await sql.query(`UPDATE router_tunnels SET released_at = now(), router_id = NULL WHERE id = $1`, [row.id]);
      await waitFor('the peer removed', () => fake.latestSyncconf()?.includes('172.30.0.10/32') && !fake.latestSyncconf()?.includes(row.publicKey));
    });

    it('coalesces a burst of 20 inserts into one or two syncs', async () => {
      const before = fake.syncconfs().length;
      const rows: { publicKey: string; address: string }[] = [];
      for (let i = 0; i < 20; i++) rows.push(await insertTunnel(`172.30.1.${i + 1}`));
      await waitFor('all 20 peers in one syncconf', () => {
        const text = fake.latestSyncconf();
        return text && rows.every((row) => text.includes(peerBlock(row.publicKey, row.address)));
      });
      const syncs = fake.syncconfs().length - before;
      expect(syncs).toBeGreaterThanOrEqual(1);
      expect(syncs).toBeLessThanOrEqual(2);
    });

    it('skips an invalid row, says so once, and keeps mirroring the others', async () => {
      const outside = await insertTunnel('10.9.9.9');
      const hubAddress = await insertTunnel('172.30.0.1');
      const badKey = await insertTunnel('172.30.0.30', 'not-a-wireguard-key');
      const good = await insertTunnel('172.30.0.31');
      await waitFor('the good row mirrored', () => fake.latestSyncconf()?.includes(peerBlock(good.publicKey, '172.30.0.31')));
      const latest = fake.latestSyncconf()!;
      expect(latest).not.toContain(outside.publicKey);
      expect(latest).not.toContain(hubAddress.publicKey);
      expect(latest).not.toContain('not-a-wireguard-key');
      expect(latest).toContain('172.30.0.10/32');
      const skipped = () => logs.filter((entry) => entry.event === 'peer.skipped').map((entry) => entry.fields);
      expect(skipped()).toEqual([
        { rowId: outside.id, reason: 'address 10.9.9.9 is outside 172.30.0.0/16' },
        { rowId: hubAddress.id, reason: "address 172.30.0.1 is the hub's own" },
        { rowId: badKey.id, reason: expect.stringContaining('not a WireGuard key') },
      ]);
      // another sync with the same bad rows does not log them again
      const another = await insertTunnel('172.30.0.32');
      await waitFor('the next sync', () => fake.latestSyncconf()?.includes(another.publicKey));
      expect(skipped()).toHaveLength(3);
      const { rows: live } = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM router_tunnels WHERE released_at IS NULL AND hub_id = 'default'`);
      await waitFor('the heartbeat counting the valid peers', async () => (await hubRow()).peer_count === live[0].count - 3);
      expect((await hubRow()).last_sync_error).toBeNull();
    });

    it('leaves the interface alone when it already matches (no syncconf)', async () => {
      const { rows } = await sql.query<{ public_key: string; address: string }>(
        `SELECT public_key, host(address) AS address FROM router_tunnels WHERE released_at IS NULL AND address << '172.30.0.0/16' AND host(address) <> '172.30.0.1' AND length(public_key) = 44`,
      );
      expect(rows.length).toBeGreaterThan(0);
      fake.writeDump([fake.ifaceLine(), ...rows.map((row) => [row.public_key, '(none)', '(none)', `${row.address}/32`, '0', '0', '0', 'off'])]);
      const before = fake.syncconfs().length;
      const lastSync = (await hubRow()).last_sync_at as Date;
      // a statement that changes nothing still notifies (the trigger is per statement)
      await sql.query(`UPDATE router_tunnels SET router_id = router_id WHERE false`);
      await waitFor('a sync after the notification', async () => ((await hubRow()).last_sync_at as Date) > lastSync);
      expect(fake.syncconfs()).toHaveLength(before);
    });

    it('writes handshakes, endpoints and traffic back from wg show dump', async () => {
      const a = await insertTunnel('172.30.0.40');
      const quiet = await insertTunnel('172.30.0.41');
      const released = await insertTunnel('172.30.0.42');
      await sql.query(`UPDATE router_tunnels SET released_at = now() WHERE id = $1`, [released.id]);
      const t1 = 1_796_488_200;
      const peer = (key: string, address: string, endpoint: string, handshake: number, rx: number, tx: number) => [
        key,
        '(none)',
        endpoint,
        `${address}/32`,
        String(handshake),
        String(rx),
        String(tx),
        'off',
      ];
      fake.writeDump([
        fake.ifaceLine(),
        peer(a.publicKey, a.address, '41.90.12.7:61021', t1, 1000, 2000),
        peer(quiet.publicKey, quiet.address, '(none)', 0, 0, 0),
        peer(released.publicKey, released.address, '41.90.12.8:5000', t1, 10, 10),
        peer(keyPair().publicKey, '172.30.7.7', '41.90.12.9:5000', t1, 10, 10), // no row at all
        ['garbled', 'line'],
      ]);
      const first = await waitFor('stats of the first handshake', async () => {
        const row = await tunnelRow(a.id);
        return row.stats_at ? row : undefined;
      });
      expect(first).toMatchObject({ enrolled_at: new Date(t1 * 1000), last_handshake_at: new Date(t1 * 1000), peer_endpoint: '41.90.12.7:61021', rx_bytes: '1000', tx_bytes: '2000' });
      expect(await tunnelRow(quiet.id)).toMatchObject({ stats_at: null, enrolled_at: null, rx_bytes: '0' });
      expect(await tunnelRow(released.id)).toMatchObject({ stats_at: null, enrolled_at: null, rx_bytes: '0' });

      // a later handshake from a new NAT mapping, more traffic: enrolled_at stays the first handshake
      fake.writeDump([fake.ifaceLine(), peer(a.publicKey, a.address, '41.90.77.1:40000', t1 + 120, 5000, 7000)]);
      const second = await waitFor('stats of the second handshake', async () => {
        const row = await tunnelRow(a.id);
        return row.rx_bytes === '5000' ? row : undefined;
      });
      expect(second).toMatchObject({ enrolled_at: new Date(t1 * 1000), last_handshake_at: new Date((t1 + 120) * 1000), peer_endpoint: '41.90.77.1:40000', tx_bytes: '7000' });
      expect(logs.filter((entry) => entry.event === 'dump.unreadable-lines').map((entry) => entry.fields.count)).toEqual([1, 0]);
    });

    it('reconnects LISTEN when the connection drops, and keeps mirroring', async () => {
      const connected = () => logs.filter((entry) => entry.event === 'listen.connected').length;
      expect(connected()).toBe(1);
      const { rowCount } = await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'wavu-tunnel-listen'`, [db.name]);
      expect(rowCount).toBe(1);
      await waitFor('LISTEN connected again', () => connected() === 2);
      expect(logs.map((entry) => entry.event)).toEqual(expect.arrayContaining(['listen.lost', 'listen.reconnecting']));
      const row = await insertTunnel('172.30.0.50');
      await waitFor('the row inserted after the reconnect mirrored', () => fake.latestSyncconf()?.includes(peerBlock(row.publicKey, '172.30.0.50')));
    });
  });

  describe('starting and stopping', () => {
    let fake: FakeWireGuard;
    let service: TunnelService | undefined;
    beforeEach(() => {
      fake = new FakeWireGuard();
      fake.writeDump([fake.ifaceLine()]);
    });
    afterEach(async () => {
      await service?.stop();
      service = undefined;
      fake.remove();
    });

    it('runs wireguard-go when the kernel has no WireGuard, generates a missing key, and kills the child at stop', async () => {
      fs.writeFileSync(fake.file('no-kernel'), '');
      fs.writeFileSync(fake.file('genkey.out'), `${fake.hub.privateKey}\n`);
      const logs: LogEntry[] = [];
      service = new TunnelService(configFor(fake, { TUNNEL_HUB_ID: 'userspace' }), { logger: captureLogger(logs), onFatal: () => undefined });
      await service.start();

      const keyFile = fake.file('keys/private.key');
      expect(fs.readFileSync(keyFile, 'utf8')).toBe(`${fake.hub.privateKey}\n`);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
      expect(fake.calls().filter((call) => !call.startsWith('wg show') && !call.startsWith('ip link show'))).toEqual([
        'wg genkey',
        'wg pubkey',
        'ip link add dev wgtest0 type wireguard',
        'wireguard-go -f wgtest0 WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1',
        `wg set wgtest0 private-key ${keyFile} listen-port 51820`,
        'ip address replace 172.30.0.1/16 dev wgtest0',
        'ip link set dev wgtest0 up',
      ]);
      expect(logs.find((entry) => entry.event === 'interface.kernel-unavailable')?.fields.error).toMatch(/ip link add dev wgtest0 type wireguard: exited with code 2: Error: Unknown device type\.$/);
      // its output is logged line by line, the banner's box left out
      expect(logs.filter((entry) => entry.event === 'wireguard-go.output').map((entry) => entry.fields.line)).toEqual(['Running wireguard-go is not required', 'INFO: (wgtest0) Device started']);
      expect((await hubRow('userspace')).public_key).toBe(fake.hub.publicKey);

      const pid = Number(fs.readFileSync(fake.file('wireguard-go.pid'), 'utf8'));
      expect(() => process.kill(pid, 0)).not.toThrow();
      await service.stop();
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      expect(fs.existsSync(fake.file('link.wgtest0'))).toBe(false);
    });

    it('reports a fatal error when wireguard-go dies under it', async () => {
      writeKey(fake);
      let died!: (error: Error) => void;
      const fatal = new Promise<Error>((resolve) => (died = resolve));
      service = new TunnelService(configFor(fake, { TUNNEL_USERSPACE: 'always', TUNNEL_HUB_ID: 'userspace' }), { logger: captureLogger([]), onFatal: died });
      await service.start();
      expect(fake.calls()).not.toContain('ip link add dev wgtest0 type wireguard');
      process.kill(Number(fs.readFileSync(fake.file('wireguard-go.pid'), 'utf8')), 'SIGKILL');
      expect((await fatal).message).toMatch(/^wireguard-go exited with code null \(signal SIGKILL\): the interface wgtest0 is gone$/);
    });

    it('refuses to start without kernel WireGuard when TUNNEL_USERSPACE=never', async () => {
      writeKey(fake);
      fs.writeFileSync(fake.file('no-kernel'), '');
      service = new TunnelService(configFor(fake, { TUNNEL_USERSPACE: 'never' }), { logger: captureLogger([]), onFatal: () => undefined });
      await expect(service.start()).rejects.toThrow(
        /kernel WireGuard is unavailable and TUNNEL_USERSPACE=never: .*ip link add dev wgtest0 type wireguard: exited with code 2: Error: Unknown device type\./,
      );
      expect(fake.calls().some((call) => call.startsWith('wireguard-go'))).toBe(false);
    });

    it('keeps an interface that already exists (its peers and sessions stay)', async () => {
      writeKey(fake);
      fs.writeFileSync(fake.file('link.wgtest0'), '');
      service = new TunnelService(configFor(fake, { TUNNEL_HUB_ID: 'existing' }), { logger: captureLogger([]), onFatal: () => undefined });
      await service.start();
      const calls = fake.calls();
      expect(calls.some((call) => call.startsWith('ip link add') || call.startsWith('wireguard-go'))).toBe(false);
      expect(calls).toContain('ip link set dev wgtest0 up');
    });

    it('picks up a change whose notification never came at the periodic resync', async () => {
      writeKey(fake);
      service = new TunnelService(configFor(fake, { TUNNEL_HUB_ID: 'periodic' }, { resyncIntervalMs: 300 }), { logger: captureLogger([]), onFatal: () => undefined });
      await service.start();
      await sql.query(`ALTER TABLE router_tunnels DISABLE TRIGGER trg_router_tunnels_notify`);
      const row = await insertTunnel('172.30.3.1', undefined, 'periodic').finally(() => sql.query(`ALTER TABLE router_tunnels ENABLE TRIGGER trg_router_tunnels_notify`));
      await waitFor('the periodic resync', () => fake.latestSyncconf()?.includes(peerBlock(row.publicKey, '172.30.3.1')));
    });
  });
});
