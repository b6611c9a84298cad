import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { createServer } from 'http';
import type { SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import type { RouterOsClient } from '../src';
import { RouterOsError } from '../src';
import { clientFor, startRouter } from './helpers';

// generous for a loaded 2-core machine; the hung-router test uses its own short timeout
const COMMAND_TIMEOUT_MS = 5_000;
const HUNG_TIMEOUT_MS = 300;

async function failure(promise: Promise<unknown>): Promise<RouterOsError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RouterOsError);
  return err as RouterOsError;
}

describe('BackupApi against the simulator over TCP', () => {
  const sim = new RouterOsSimulator();
  const clients: RouterOsClient[] = [];
  const processErrors: unknown[] = [];
  const onProcessError = (e: unknown): void => {
    processErrors.push(e);
  };
  let http: Server;
  let httpBase: string;
  const served = new Map<string, Buffer>();

  const connect = (router: SimRouter, commandTimeoutMs = COMMAND_TIMEOUT_MS): RouterOsClient => {
    const c = clientFor(router, { commandTimeoutMs });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    http = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, body ? 'OK' : 'Not Found');
      res.end(body ?? 'missing');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    expect(processErrors).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.stop();
    await new Promise((resolve) => http.close(resolve));
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
  });

  it('exports to a file and reads a multi-chunk (> 64 KiB) export byte for byte', async () => {
    const router = await startRouter(sim, { name: 'big' });
    for (let i = 0; i < 1500; i++) router.state.hotspot.addUser({ name: `07${String(i).padStart(8, '0')}`, password: `p${i}`, comment: `voucher batch "A" #${i} caf\u00e9` });
    const client = connect(router);
    await client.backup.exportToFile('big', { showSensitive: true });
    const file = await client.backup.waitForFile('big.rsc', { pollMs: 20, timeoutMs: 5000 });
    expect(file).toMatchObject({ name: 'big.rsc', type: 'script', creationTime: '2025-01-01 08:00:00' });
    expect(file.size).toBeGreaterThan(64 * 1024);
    const bytes = await client.backup.readFile('big.rsc');
    const onRouter = router.state.files.read('big.rsc') as Buffer;
    expect(bytes.length).toBe(file.size);
    expect(bytes.equals(onRouter)).toBe(true);
    expect(bytes.toString('latin1')).toContain('password=p1499');
    // a smaller chunk size reads the same bytes in more round trips
    expect((await client.backup.readFile('big.rsc', { chunkSize: 10_000 })).equals(onRouter)).toBe(true);
  });

  it('waits for a file the router is still writing until its size is stable', async () => {
    const router = await startRouter(sim, { name: 'settle', faults: { fileSettleMs: 300 } });
    const client = connect(router);
    await client.backup.saveBinary('slow', 'pw');
    // listed at once, but empty until the router has finished writing it
    expect((await client.backup.files({ where: { name: 'slow.backup' } }))[0]?.size).toBe(0);
    const file = await client.backup.waitForFile('slow.backup', { pollMs: 20, timeoutMs: 5000 });
    const onRouter = router.state.files.read('slow.backup') as Buffer;
    expect(file.size).toBe(onRouter.length);
    expect(file.size).toBeGreaterThan(0);
    expect((await client.backup.readFile('slow.backup')).equals(onRouter)).toBe(true);
    const err = await failure(client.backup.waitForFile('never.backup', { pollMs: 20, timeoutMs: 200 }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('saves a binary backup and reads it byte for byte (non-ASCII bytes survive)', async () => {
    const router = await startRouter(sim, { name: 'bin' });
    const client = connect(router);
    await client.backup.saveBinary('nightly', 'backup-pw');
    await client.backup.saveBinary('open', null);
    const files = await client.backup.files();
    expect(files.map((f) => [f.name, f.type])).toEqual([
      ['nightly.backup', 'backup'],
      ['open.backup', 'backup'],
    ]);
    const onRouter = router.state.files.read('nightly.backup') as Buffer;
    expect(onRouter.some((b) => b >= 0x80)).toBe(true);
    expect((await client.backup.readFile('nightly.backup')).equals(onRouter)).toBe(true);
    await client.backup.removeFile('open.backup');
    expect((await client.backup.files()).map((f) => f.name)).toEqual(['nightly.backup']);
    expect((await failure(client.backup.removeFile('open.backup'))).code).toBe('NOT_FOUND');
  });

  it('refuses to read a file over the cap before reading any of it', async () => {
    const router = await startRouter(sim, { name: 'cap' });
    router.state.files.write('large.backup', Buffer.alloc(40_000, 0x90));
    const client = connect(router, 1_000);
    // a read that sent /execute would hang here instead of failing at once
    await router.setFaults({ neverAnswer: true, commandPrefix: '/execute' });
    const err = await failure(client.backup.readFile('large.backup', { maxBytes: 32_000 }));
    expect(err.message).toBe('file large.backup is 40000 bytes, over the 32000-byte limit');
    await router.clearFaults();
    expect((await failure(client.backup.readFile('absent.rsc'))).code).toBe('NOT_FOUND');
    await expect(client.backup.readFile('large.backup', { maxBytes: 40_000 })).resolves.toHaveLength(40_000);
    await expect(client.backup.readFile('x" ; /system reboot ; "')).rejects.toThrow(TypeError);
  });

  it('fetches a script from an HTTP server onto the router, then imports it', async () => {
    const router = await startRouter(sim, { name: 'fetch' });
    const script = ['/ip hotspot user profile', 'add name=1h rate-limit=1M/2M session-timeout=1h', '/ip hotspot user', 'add name=fetched password="a b" profile=1h', ''].join('\n');
    served.set('/kit/restore.rsc', Buffer.from(script));
    const client = connect(router);
    await client.backup.fetchToFile(`${httpBase}/kit/restore.rsc`, 'restore.rsc');
    expect(router.state.files.read('restore.rsc')?.toString()).toBe(script);
    await expect(client.backup.importFile('restore.rsc')).resolves.toEqual({ ok: true });
    expect(router.state.hotspot.findUser('fetched')).toMatchObject({ password: 'a b', profile: '1h' });
    const err = await failure(client.backup.fetchToFile(`${httpBase}/kit/none.rsc`, 'none.rsc'));
    expect(err.code).toBe('TRAP');
    expect(err.message).toMatch(/^failure: closing connection: <404 Not Found>/);
  });

  it('reports where an import stopped; the lines before it stay applied', async () => {
    const router = await startRouter(sim, { name: 'import' });
    router.state.files.write('partial.rsc', Buffer.from('/ip hotspot user\nadd name=a1\nadd name=a2\nadd name=a1\nadd name=a3\n'));
    const client = connect(router);
    await expect(client.backup.importFile('partial.rsc')).resolves.toEqual({ ok: false, error: 'failure: already have user with this name for this server', line: 4 });
    expect(router.state.hotspot.findUser('a1')).toBeDefined();
    expect(router.state.hotspot.findUser('a2')).toBeDefined();
    expect(router.state.hotspot.findUser('a3')).toBeUndefined();
    await expect(client.backup.importFile('nothing.rsc')).resolves.toEqual({ ok: false, error: 'failure: no such file' });
  });

  it('load reboots the router: the dropped connection is success, and it answers again after the reboot time', async () => {
    const router = await startRouter(sim, { name: 'load', faults: { rebootSeconds: 0.6 } });
    const client = connect(router, 1_000);
    await client.backup.saveBinary('before', 'pw');
    await client.hotspot.addUser({ name: 'after-backup', password: 'x' });
    router.clock.advance(7_200_000);
    expect((await client.system.resource()).uptimeSeconds).toBe(7200);
    const started = Date.now();
    await client.backup.loadBinary('before.backup', 'pw');
    // down: connections refused until the reboot time has passed
    let uptime: number | null = null;
    const deadline = Date.now() + 5_000;
    while (uptime === null) {
      if (Date.now() > deadline) throw new Error('router did not come back');
      uptime = await client.system.resource().then(
        (r) => r.uptimeSeconds,
        (e: unknown) => {
          expect((e as RouterOsError).code).toBe('CONNECTION');
          return null;
        },
      );
      if (uptime === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(uptime).toBe(0);
    expect(router.state.hotspot.findUser('after-backup')).toBeUndefined();
    expect((await failure(client.backup.loadBinary('before.backup', 'wrong'))).message).toBe('failure: wrong password');
    expect((await failure(client.backup.loadBinary('missing.backup', 'pw'))).code).toBe('NOT_FOUND');
  });

  it('a hung router makes every call time out with TIMEOUT and no unhandled rejection', async () => {
    const router = await startRouter(sim, { name: 'hung' });
    router.state.files.write('x.backup', Buffer.from([1, 2, 3]));
    const client = connect(router, HUNG_TIMEOUT_MS);
    await client.backup.files();
    await router.setFaults({ neverAnswer: true });
    const calls: Array<() => Promise<unknown>> = [
      () => client.backup.exportToFile('x'),
      () => client.backup.saveBinary('x', 'pw'),
      () => client.backup.files(),
      () => client.backup.waitForFile('x.backup', { timeoutMs: HUNG_TIMEOUT_MS }),
      () => client.backup.readFile('x.backup'),
      () => client.backup.removeFile('x.backup'),
      () => client.backup.fetchToFile(`${httpBase}/x`, 'x.rsc'),
      () => client.backup.importFile('x.rsc'),
      () => client.backup.loadBinary('x.backup', 'pw'),
    ];
    for (const call of calls) {
      const started = Date.now();
      const err = await failure(call());
      expect(err.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(HUNG_TIMEOUT_MS * 4);
    }
    // only the load hangs: the file check before it answers, the load itself times out
    await router.setFaults({ neverAnswer: true, commandPrefix: '/system/backup/load' });
    expect((await failure(client.backup.loadBinary('x.backup', 'pw'))).code).toBe('TIMEOUT');
    await router.clearFaults();
    await expect(client.backup.files()).resolves.toHaveLength(1);
  });

  it('RouterOS 6.49 refuses: no :convert for reads, no show-sensitive', async () => {
    const router = await startRouter(sim, { name: 'v6', version: '6.49' });
    router.state.files.write('old.backup', Buffer.from('abc'));
    const client = connect(router);
    const read = await failure(client.backup.readFile('old.backup'));
    expect(read.code).toBe('TRAP');
    expect(read.message).toMatch(/^syntax error/);
    expect((await failure(client.backup.exportToFile('x', { showSensitive: true }))).message).toBe('unknown parameter show-sensitive');
  });
});
