import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { createServer, request } from 'http';
import type { SimRouter } from '../src';
import { RouterOsSimulator } from '../src';
import { RawClient } from './raw-client';

const attrs = (s: string[]): Record<string, string> => Object.fromEntries(s.filter((w) => w.startsWith('=')).map((w) => [w.slice(1, w.indexOf('=', 1)), w.slice(w.indexOf('=', 1) + 1)]));

/** The configuration `/import` must reproduce: every row minus ids, counters and run-time fields. */
function hotspotConfig(r: SimRouter): Record<string, Array<Record<string, string>>> {
  const hs = r.state.hotspot;
  const strip = (rows: Array<Record<string, string>>, drop: string[] = []): Array<Record<string, string>> =>
    rows
      .filter((row) => row.dynamic !== 'true')
      .map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !['.id', 'uptime', 'bytes-in', 'bytes-out', 'packets-in', 'packets-out', ...drop].includes(k))));
  return {
    profiles: strip(hs.serverProfiles.all()),
    servers: strip(hs.servers.all()),
    userProfiles: strip(hs.userProfiles.all()),
    users: strip(hs.users.all()),
    walledGarden: strip(hs.walledGarden.all()),
    walledGardenIp: strip(hs.walledGardenIp.all()),
  };
}

function controlCall(url: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function pollUntil(predicate: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const canConnect = (port: number): Promise<boolean> =>
  RawClient.open(port).then(
    (c) => {
      c.close();
      return true;
    },
    () => false,
  );

describe('simulated router: files, export/import, backups, fetch', () => {
  const sim = new RouterOsSimulator();
  const clients: RawClient[] = [];
  let seq = 0;
  const open = async (r: SimRouter, user = 'admin', password = 'pw'): Promise<RawClient> => {
    const c = await RawClient.open(r.port);
    clients.push(c);
    await c.login(user, password);
    return c;
  };
  /** Sends one command and returns its sentences up to its `!done`. */
  const run = async (c: RawClient, ...words: string[]): Promise<string[][]> => {
    const tag = `t${seq++}`;
    c.send(...words, `.tag=${tag}`);
    return c.until(tag, 5000);
  };
  const trapOf = (reply: string[][]): string | undefined => reply.filter((s) => s[0] === '!trap').map((s) => attrs(s).message)[0];

  let http: Server;
  let httpBase: string;
  const served = new Map<string, Buffer>();

  beforeAll(async () => {
    http = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (!body) {
        res.writeHead(404, 'Not Found');
        res.end('nope');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(body);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await sim.stop();
    await new Promise((resolve) => http.close(resolve));
  });

  /** A router with a hotspot configuration worth exporting. */
  async function configured(name: string, version: '7.18' | '6.49' = '7.18'): Promise<SimRouter> {
    const r = await sim.addRouter({ name, version, password: 'pw' });
    const c = await open(r);
    const ok = async (...words: string[]): Promise<void> => expect(trapOf(await run(c, ...words))).toBeUndefined();
    await ok('/ip/hotspot/profile/add', '=name=wavu-prof', '=hotspot-address=10.9.0.1', '=dns-name=login.wifi', '=login-by=http-chap,http-pap,cookie,mac-cookie');
    await ok('/ip/hotspot/profile/set', '=numbers=default', '=http-cookie-lifetime=2d');
    await ok('/ip/hotspot/add', '=name=wavu-hs', '=interface=ether3', '=profile=wavu-prof', '=address-pool=hs-pool-1', '=idle-timeout=10m');
    await ok('/ip/hotspot/user/profile/add', '=name=1 Hour "VIP"', '=rate-limit=2M/4M', '=shared-users=2', '=session-timeout=1h', '=on-login=:log info "in $user"');
    await ok('/ip/hotspot/user/profile/set', '=numbers=default', '=shared-users=3');
    await ok('/ip/hotspot/user/add', '=name=0712345678', '=password=p@ss word', '=profile=1 Hour "VIP"', '=limit-uptime=1h', '=limit-bytes-total=1048576', '=comment=café ü');
    await ok('/ip/hotspot/user/add', '=name=plain', '=password=pw2', '=disabled=yes', '=mac-address=AA:BB:CC:DD:EE:FF');
    await ok('/ip/hotspot/walled-garden/add', '=dst-host=*.wavu.app', '=comment=portal');
    await ok('/ip/hotspot/walled-garden/ip/add', '=dst-address=10.0.0.9', '=action=accept', '=protocol=tcp', '=dst-port=443');
    await ok('/interface/disable', '=numbers=ether5');
    await ok('/ip/service/set', '=numbers=telnet', '=disabled=yes');
    await ok('/ip/service/set', '=numbers=api', '=address=10.0.0.0/8');
    await ok('/system/identity/set', `=name=${name} site`);
    return r;
  }

  it('/export file= writes <name>.rsc from the actual state, listed by /file/print; passwords only with show-sensitive', async () => {
    const r = await configured('exp-a');
    const c = await open(r);
    expect(await run(c, '/export', '=file=cfg')).toEqual([['!done', expect.stringMatching(/^\.tag=/)]]);
    const listed = (await run(c, '/file/print', '?name=cfg.rsc')).filter((s) => s[0] === '!re').map(attrs);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'cfg.rsc', type: 'script', 'creation-time': '2025-01-01 08:00:00' });
    const text = (r.state.files.read('cfg.rsc') as Buffer).toString('latin1');
    expect(Number(listed[0].size)).toBe(Buffer.byteLength(text, 'latin1'));
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '# 2025-01-01 08:00:00 by RouterOS 7.18.2',
      expect.stringMatching(/^# software id = \w{4}-\w{4}$/),
      '#',
      '# model = RBD52G-5HacD2HnD',
      '# serial number = HCT08ABCDEF',
    ]);
    const sections = lines.filter((l) => l.startsWith('/'));
    expect(sections).toEqual([
      '/interface bridge',
      '/ip pool',
      '/ip hotspot profile',
      '/ip hotspot user profile',
      '/ip hotspot',
      '/ip hotspot user',
      '/ip hotspot walled-garden',
      '/ip hotspot walled-garden ip',
      '/interface',
      '/ip service',
      '/system identity',
    ]);
    const joined = text.replace(/ \\\n {4}/g, ' ');
    expect(joined).toContain('set [ find default=yes ] http-cookie-lifetime=2d');
    expect(joined).toContain('add name="1 Hour \\"VIP\\"" rate-limit=2M/4M shared-users=2 session-timeout=1h on-login=":log info \\"in \\$user\\""');
    expect(joined).toContain('add name=0712345678 profile="1 Hour \\"VIP\\"" limit-uptime=1h limit-bytes-total=1048576 comment="caf\\E9 \\FC"');
    expect(joined).toContain('add name=plain mac-address=AA:BB:CC:DD:EE:FF disabled=yes');
    expect(joined).toContain('set [ find default-name=ether5 ] disabled=yes');
    expect(joined).toContain('set telnet disabled=yes');
    expect(joined).toContain('set api address=10.0.0.0/8');
    expect(joined).toContain('set name="exp-a site"');
    expect(text).not.toContain('password=');
    expect(text).not.toContain('default-trial');
    // long lines are continued the RouterOS way
    expect(lines.every((l) => l.length <= 80 || !l.startsWith('add'))).toBe(true);

    expect(trapOf(await run(c, '/export', '=file=cfg-s', '=show-sensitive='))).toBeUndefined();
    const sensitive = (r.state.files.read('cfg-s.rsc') as Buffer).toString('latin1').replace(/ \\\n {4}/g, ' ');
    expect(sensitive).toContain('password="p@ss word"');
    expect(sensitive).toContain('password=pw2');

    expect(trapOf(await run(c, '/export'))).toMatch(/not supported by the simulator/);
  });

  it('refuses show-sensitive without the sensitive policy, and on 6.49 as an unknown parameter', async () => {
    const r = await sim.addRouter({ name: 'exp-pol', password: 'pw' });
    r.state.addApiUser('ops', 'ops', ['api', 'read', 'write']);
    const c = await open(r, 'ops', 'ops');
    expect(trapOf(await run(c, '/export', '=file=x', '=show-sensitive='))).toBe('not enough permissions (9)');
    expect(trapOf(await run(c, '/export', '=file=x'))).toBeUndefined();
    expect(trapOf(await run(c, '/system/backup/save', '=name=b'))).toBe('not enough permissions (9)');
    expect(trapOf(await run(c, '/tool/fetch', `=url=${httpBase}/x`))).toBe('not enough permissions (9)');
    expect(trapOf(await run(c, '/file/remove', '=numbers=x.rsc'))).toBe('not enough permissions (9)');

    const old = await sim.addRouter({ name: 'exp-v6', version: '6.49', password: 'pw' });
    const c6 = await open(old);
    expect(trapOf(await run(c6, '/export', '=file=x', '=show-sensitive='))).toBe('unknown parameter show-sensitive');
    expect(trapOf(await run(c6, '/export', '=file=x'))).toBeUndefined();
    expect(trapOf(await run(c6, '/file/read', '=file=x.rsc'))).toBe('no such command');
  });

  it('an export imported into a fresh router reproduces the hotspot configuration', async () => {
    const a = await configured('rt-a');
    const ca = await open(a);
    expect(trapOf(await run(ca, '/export', '=file=rt', '=show-sensitive='))).toBeUndefined();
    const b = await sim.addRouter({ name: 'rt-b', password: 'pw', blank: true });
    expect(hotspotConfig(b)).not.toEqual(hotspotConfig(a));
    b.state.files.write('rt.rsc', a.state.files.read('rt.rsc') as Buffer);
    const cb = await open(b);
    expect(await run(cb, '/import', '=file-name=rt.rsc')).toEqual([['!done', expect.stringMatching(/^\.tag=/)]]);
    expect(hotspotConfig(b)).toEqual(hotspotConfig(a));
    expect(b.state.identity).toBe('rt-a site');
    expect(b.state.interfaces.find('name', 'ether5')?.disabled).toBe('true');
    expect(b.state.services.find('name', 'api')?.address).toBe('10.0.0.0/8');
    expect(b.state.interfaces.find('name', 'bridge-hotspot')?.type).toBe('bridge');
  });

  it('/import stops at the first error: the line is reported and earlier commands stay applied', async () => {
    const r = await sim.addRouter({ name: 'imp', password: 'pw' });
    const script = ['# a hand-made script', '/ip hotspot user', 'add name=first password=a', 'add name=second \\', '    password=b', 'add name=first password=c', 'add name=never'].join('\n');
    r.state.files.write('bad.rsc', Buffer.from(script));
    const c = await open(r);
    expect(trapOf(await run(c, '/import', '=file-name=bad.rsc'))).toBe('failure: already have user with this name for this server (line 6)');
    expect(r.state.hotspot.findUser('first')?.password).toBe('a');
    expect(r.state.hotspot.findUser('second')?.password).toBe('b');
    expect(r.state.hotspot.findUser('never')).toBeUndefined();

    r.state.files.write('syntax.rsc', Buffer.from('/ip hotspot user\nadd name=ok1\n:do { add name=x } on-error={}\n'));
    expect(trapOf(await run(c, '/import', '=file-name=syntax.rsc'))).toMatch(/^syntax error: .* \(line 3\)$/);
    expect(r.state.hotspot.findUser('ok1')).toBeDefined();
    r.state.files.write('menu.rsc', Buffer.from('/ip nothing\nadd name=x\n'));
    expect(trapOf(await run(c, '/import', '=file-name=menu.rsc'))).toBe('no such command or directory (nothing) (line 1)');
    expect(trapOf(await run(c, '/import', '=file-name=missing.rsc'))).toBe('failure: no such file');
  });

  it('/execute runs only the base64 /file/read script; /file/read answers raw chunks', async () => {
    const r = await sim.addRouter({ name: 'exec', password: 'pw' });
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    r.state.files.write('blob.backup', bytes);
    const c = await open(r);
    const script = (o: number, n: number, file = 'blob.backup'): string => `=script=:put [:convert ([/file/read file="${file}" offset=${o} chunk-size=${n} as-value]->"data") to=base64]`;
    const ret = async (o: number, n: number): Promise<string> => {
      const reply = await run(c, '/execute', script(o, n), '=as-string=');
      expect(reply).toHaveLength(1);
      return attrs(reply[0]).ret;
    };
    const parts: Buffer[] = [];
    for (let o = 0; o < bytes.length; o += 32_768) parts.push(Buffer.from(await ret(o, 32_768), 'base64'));
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    expect(await ret(bytes.length, 100)).toBe('');
    expect(trapOf(await run(c, '/execute', script(0, 32_769), '=as-string='))).toBe('invalid value for argument chunk-size: 32769');
    expect(trapOf(await run(c, '/execute', script(0, 10, 'none.rsc'), '=as-string='))).toBe('no such item');
    expect(trapOf(await run(c, '/execute', '=script=/system reboot', '=as-string='))).toMatch(/not supported by the simulator/);

    r.state.files.write('t.txt', Buffer.from('hello world'));
    const read = await run(c, '/file/read', '=file=t.txt', '=offset=6', '=chunk-size=5');
    expect(read[0]).toEqual(['!re', expect.any(String), '=data=world']);

    const old = await sim.addRouter({ name: 'exec-v6', version: '6.49', password: 'pw' });
    old.state.files.write('blob.backup', bytes);
    const c6 = await open(old);
    expect(trapOf(await run(c6, '/execute', script(0, 10), '=as-string='))).toMatch(/^syntax error/);
  });

  it('/file/remove removes by name or .id', async () => {
    const r = await sim.addRouter({ name: 'rm', password: 'pw' });
    r.state.files.write('a.rsc', Buffer.from('a'));
    const id = r.state.files.write('b.rsc', Buffer.from('b'))['.id'];
    const c = await open(r);
    expect(trapOf(await run(c, '/file/remove', '=numbers=a.rsc'))).toBeUndefined();
    expect(trapOf(await run(c, '/file/remove', `=numbers=${id}`))).toBeUndefined();
    expect(r.state.files.list()).toEqual([]);
    expect(trapOf(await run(c, '/file/remove', '=numbers=a.rsc'))).toBe('no such item');
  });

  it('/tool/fetch downloads over HTTP into a file and reports an HTTP error as RouterOS does', async () => {
    const r = await sim.addRouter({ name: 'fetch', password: 'pw' });
    const body = Buffer.concat([Buffer.from([0, 0xff, 0x80, 0x0a]), Buffer.alloc(5000, 0x41)]);
    served.set('/dl/restore.rsc', body);
    const c = await open(r);
    const reply = await run(c, '/tool/fetch', `=url=${httpBase}/dl/restore.rsc`, '=dst-path=restore.rsc', '=mode=http', '=check-certificate=no', '=output=file');
    expect(reply.map((s) => s[0])).toEqual(['!re', '!done']);
    expect(attrs(reply[0])).toMatchObject({ status: 'finished', downloaded: '5', total: '5' });
    expect(r.state.files.read('restore.rsc')?.equals(body)).toBe(true);
    expect(r.state.files.find('restore.rsc')?.type).toBe('.rsc file');

    const port = (http.address() as AddressInfo).port;
    expect(trapOf(await run(c, '/tool/fetch', `=url=${httpBase}/missing`, '=dst-path=m'))).toBe(`failure: closing connection: <404 Not Found> 127.0.0.1:${port} (4)`);
    expect(r.state.files.find('m')).toBeUndefined();
  });

  it('backup save/load: encrypted, same device only, restores the state and reboots', async () => {
    const r = await configured('bk');
    await r.setFaults({ rebootSeconds: 0.4 });
    const c = await open(r);
    expect(trapOf(await run(c, '/system/backup/save', '=name=nightly', '=password=s3cret'))).toBeUndefined();
    const file = r.state.files.find('nightly.backup');
    expect(file?.type).toBe('backup');
    const bytes = r.state.files.read('nightly.backup') as Buffer;
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
    expect(bytes.toString('latin1')).not.toContain('0712345678');
    expect(trapOf(await run(c, '/system/backup/save', '=name=clear', '=dont-encrypt=yes'))).toBeUndefined();

    // after the backup: more users, another identity; an active session
    expect(trapOf(await run(c, '/ip/hotspot/user/add', '=name=later'))).toBeUndefined();
    r.state.identity = 'changed';
    expect(r.state.hotspot.login({ user: 'plain', password: 'pw2' }).ok).toBe(false); // disabled
    expect(trapOf(await run(c, '/system/backup/load', '=name=nightly.backup', '=password=wrong'))).toBe('failure: wrong password');
    expect(trapOf(await run(c, '/system/backup/load', '=name=nightly.backup'))).toBe('failure: wrong password');

    const other = await sim.addRouter({ name: 'bk-other', password: 'pw', serialNumber: 'OTHER0001' });
    other.state.files.write('nightly.backup', bytes);
    const co = await open(other);
    expect(trapOf(await run(co, '/system/backup/load', '=name=nightly.backup', '=password=s3cret'))).toBe('failure: backup was made on another device');

    r.state.clock.advance(3_600_000);
    expect(r.state.uptimeSeconds()).toBe(3600);
    const other1 = await open(r);
    expect(await run(c, '/system/backup/load', '=name=nightly', '=password=s3cret')).toEqual([['!done', expect.stringMatching(/^\.tag=/)]]);
    await c.waitClosed(2000);
    await other1.waitClosed(2000);
    expect(await canConnect(r.port)).toBe(false);
    await pollUntil(() => canConnect(r.port), 3000);
    expect(r.state.uptimeSeconds()).toBe(0);
    expect(r.state.hotspot.findUser('later')).toBeUndefined();
    expect(r.state.hotspot.findUser('0712345678')?.password).toBe('p@ss word');
    expect(r.state.identity).toBe('bk site');
    // files survive the load
    expect(r.state.files.find('clear.backup')).toBeDefined();
    const again = await open(r);
    expect(attrs((await run(again, '/system/resource/print'))[0]).uptime).toBe('0s');
  });

  it('with fileSettleMs, an export is listed empty first and complete a moment later', async () => {
    const r = await sim.addRouter({ name: 'settle', password: 'pw', faults: { fileSettleMs: 150 } });
    const c = await open(r);
    expect(trapOf(await run(c, '/export', '=file=late'))).toBeUndefined();
    const size = async (): Promise<number> => Number(attrs((await run(c, '/file/print', '?name=late.rsc'))[0]).size);
    expect(await size()).toBe(0);
    await pollUntil(async () => (await size()) > 0, 3000);
    expect(await size()).toBe(r.state.files.read('late.rsc')?.length);
  });

  it('the neverAnswer fault hangs these commands too', async () => {
    const r = await sim.addRouter({ name: 'hung', password: 'pw' });
    const c = await open(r);
    await r.setFaults({ neverAnswer: true });
    c.send('/export', '=file=x', '.tag=h1');
    c.send('/tool/fetch', `=url=${httpBase}/x`, '.tag=h2');
    c.send('/system/backup/save', '=name=x', '.tag=h3');
    await expect(c.next(300)).rejects.toThrow('no sentence within timeout');
    expect(r.state.files.list()).toEqual([]);
  });

  it('control HTTP: lists and reads files, sets rebootSeconds, reboots a router', async () => {
    const r = await sim.addRouter({ name: 'ctl', password: 'pw' });
    const base = (await sim.startControlServer()).url;
    r.state.files.write('x.backup', Buffer.from([1, 2, 0xfe]));
    expect((await controlCall(`${base}/routers/ctl/files`, 'GET')).json).toEqual([expect.objectContaining({ name: 'x.backup', type: 'backup', size: '3' })]);
    expect((await controlCall(`${base}/routers/ctl/files/x.backup`, 'GET')).json).toMatchObject({ contentBase64: Buffer.from([1, 2, 0xfe]).toString('base64') });
    expect((await controlCall(`${base}/routers/ctl/files/y.rsc`, 'PUT', { content: '/system identity\nset name=y\n' })).status).toBe(200);
    expect(r.state.files.read('y.rsc')?.toString()).toBe('/system identity\nset name=y\n');
    expect((await controlCall(`${base}/routers/ctl/faults`, 'PATCH', { rebootSeconds: -1 })).status).toBe(400);
    expect((await controlCall(`${base}/routers/ctl/faults`, 'PATCH', { rebootSeconds: 0.3 })).json).toMatchObject({ rebootSeconds: 0.3 });
    const c = await open(r);
    expect((await controlCall(`${base}/routers/ctl/reboot`, 'POST', {})).json).toMatchObject({ rebooting: true, listening: false });
    await c.waitClosed(1000);
    await pollUntil(() => canConnect(r.port), 3000);
    expect((await controlCall(`${base}/routers/ctl`, 'GET')).json).toMatchObject({ rebooting: false, listening: true });
  });
});
