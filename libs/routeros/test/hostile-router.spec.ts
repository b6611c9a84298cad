import type { HostileReply, SimRouter } from '@wavu/routeros-sim';
import { HOSTILE_REPLIES, RouterOsSimulator } from '@wavu/routeros-sim';
import type { RouterOsClient } from '../src';
import { RouterOsError } from '../src';
import { clientFor, startRouter } from './helpers';

const TIMEOUT_MS = 400;

/**
 * Issue 17: a router (or anything answering on a router's address) that replies with what no
 * RouterOS sends must end that connection with PROTOCOL_ERROR, within the call's timeout,
 * without an exception escaping a socket handler and without memory growing past the bounds.
 */
describe('hostile router replies (simulator faults) end the connection with PROTOCOL_ERROR', () => {
  const sim = new RouterOsSimulator();
  let router: SimRouter;
  let client: RouterOsClient;
  const processErrors: unknown[] = [];
  const onProcessError = (e: unknown): void => {
    processErrors.push(e);
  };

  beforeAll(async () => {
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    router = await startRouter(sim, { version: '7.18', identity: 'hostile' });
    client = clientFor(router, { commandTimeoutMs: TIMEOUT_MS });
  });

  afterEach(async () => {
    await router.clearFaults();
    // the process stayed up and the same client works again on a fresh connection
    await expect(client.system.identity()).resolves.toBe('hostile');
    expect(processErrors).toEqual([]);
  });

  afterAll(async () => {
    await client.close();
    await sim.stop();
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
  });

  async function expectProtocolError(promise: Promise<unknown>, maxMs: number): Promise<RouterOsError> {
    const started = Date.now();
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RouterOsError);
    expect((err as RouterOsError).code).toBe('PROTOCOL_ERROR');
    expect(Date.now() - started).toBeLessThan(maxMs);
    return err as RouterOsError;
  }

  const MESSAGES: Record<HostileReply, RegExp> = {
    'unknown-tag': /unknown tag/,
    'unknown-reply': /unknown reply word "!bogus"/,
    'reserved-length': /reserved control byte 0xf8/,
    'oversized-word': /word of 2147483648 bytes announced/,
    'endless-sentence': /sentence longer than 1024 words|sentence over the/,
    'bytes-after-fatal': /bytes after !fatal/,
    trickle: /started a reply and did not finish it/,
  };
  const faultFor = (hostile: HostileReply) => ({ hostile, trickleIntervalMs: 50, floodBytes: 16 * 1024 * 1024 });
  // A trickle is only caught by the call's own timeout, everything else at the offending byte: the
  // message says which (a timeout would be TIMEOUT, not PROTOCOL_ERROR). The bound only proves the
  // call never hangs; it is loose because a loaded CI machine stretches every figure.
  const limitFor = (hostile: HostileReply) => (hostile === 'trickle' ? TIMEOUT_MS + 5_000 : 5_000);

  it.each(HOSTILE_REPLIES.map((h) => [h]))('%s after login: the command fails with PROTOCOL_ERROR and the connection is ended', async (hostile) => {
    await client.system.identity();
    await router.setFaults(faultFor(hostile));
    const err = await expectProtocolError(client.hotspot.listUsers(), limitFor(hostile));
    expect(err.message).toMatch(MESSAGES[hostile]);
    expect(client.connection.isConnected).toBe(false);
  });

  it.each(HOSTILE_REPLIES.map((h) => [h]))('%s as the answer to /login (a fake router met by a connection test)', async (hostile) => {
    router.dropConnections();
    await router.setFaults({ ...faultFor(hostile), hostileAtLogin: true });
    const fresh = clientFor(router, { commandTimeoutMs: TIMEOUT_MS, backoff: { initialMs: 0, maxMs: 0 } });
    try {
      const err = await expectProtocolError(fresh.system.identity(), limitFor(hostile));
      expect(err.message).toMatch(MESSAGES[hostile]);
    } finally {
      await fresh.close();
    }
  });

  it('while backing off from a router that broke the protocol at login, calls fail fast with PROTOCOL_ERROR (not as unreachable)', async () => {
    router.dropConnections();
    await router.setFaults({ hostile: 'unknown-reply', hostileAtLogin: true });
    const fresh = clientFor(router, { commandTimeoutMs: TIMEOUT_MS, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    try {
      await expectProtocolError(fresh.system.identity(), 5_000);
      const err = await expectProtocolError(fresh.system.identity(), 50);
      expect(err.message).toMatch(/next reconnect attempt/);
    } finally {
      await fresh.close();
    }
  });

  it('commands in flight on the connection all fail with the same PROTOCOL_ERROR', async () => {
    await client.system.identity();
    await router.setFaults({ hostile: 'unknown-reply', commandPrefix: '/ip/hotspot/user/print', times: 1 });
    const results = await Promise.allSettled([client.system.identity(), client.hotspot.listUsers(), client.system.resource()]);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as RouterOsError).code : 'ok'));
    expect(codes).toContain('PROTOCOL_ERROR');
    expect(codes.every((c) => c === 'ok' || c === 'PROTOCOL_ERROR')).toBe(true);
  });

  it('memory stays bounded: a 2^31-byte word and a never-ending sentence flooded at full speed', async () => {
    const rssBefore = process.memoryUsage().rss;
    let worst = 0;
    const sample = setInterval(() => (worst = Math.max(worst, process.memoryUsage().rss - rssBefore)), 5);
    try {
      for (const hostile of ['oversized-word', 'endless-sentence'] as const) {
        await client.system.identity();
        await router.setFaults({ hostile, floodBytes: 256 * 1024 * 1024 });
        await expectProtocolError(client.hotspot.listUsers(), 5_000);
        await router.clearFaults();
      }
    } finally {
      clearInterval(sample);
    }
    // the default bounds are 1 MiB per word and 4 MiB per sentence; 256 MiB were offered
    expect(worst).toBeLessThan(64 * 1024 * 1024);
  });

  it('bounds are configurable per connection', async () => {
    const tight = clientFor(router, { commandTimeoutMs: TIMEOUT_MS, wireLimits: { maxSentenceWords: 4 } });
    try {
      expect(tight.connection.wireLimits.maxSentenceWords).toBe(4);
      expect(tight.connection.wireLimits.maxWordBytes).toBe(1024 * 1024);
      // a /system/resource row has more than 4 attributes
      const err = await expectProtocolError(tight.system.resource(), 5_000);
      expect(err.message).toMatch(/longer than 4 words/);
    } finally {
      await tight.close();
    }
  });

  it("!fatal then a close is still CONNECTION, with the router's reason", async () => {
    await client.system.identity();
    await router.setFaults({ fatal: true, fatalReason: 'out of memory' });
    const err = await client.hotspot.listUsers().then(
      () => null,
      (e: RouterOsError) => e,
    );
    expect(err?.code).toBe('CONNECTION');
    expect(err?.message).toMatch(/ended the session: out of memory/);
  });
});
