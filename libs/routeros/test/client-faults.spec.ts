import type { SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import type { RouterOsClient } from '../src';
import { RouterOsError } from '../src';
import { clientFor, startRouter } from './helpers';

// generous against a loaded 2-core machine (a local round trip has taken > 300 ms there); the
// bounds below still prove a failure comes at the timeout, not after a hang, and that errors
// that need no timeout come before it
const TIMEOUT_MS = 1_000;
const AT_TIMEOUT = TIMEOUT_MS * 2;

async function expectFailure(promise: Promise<unknown>, code: RouterOsError['code'], maxMs: number): Promise<RouterOsError> {
  const started = Date.now();
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  const elapsed = Date.now() - started;
  expect(err).toBeInstanceOf(RouterOsError);
  expect((err as RouterOsError).code).toBe(code);
  expect(elapsed).toBeLessThan(maxMs);
  return err as RouterOsError;
}

async function waitFor(predicate: () => boolean, ms = 1000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('RouterConnection against the simulator: faults', () => {
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
    router = await startRouter(sim, { version: '7.18', identity: 'faulty' });
    client = clientFor(router, { commandTimeoutMs: TIMEOUT_MS });
  });

  afterEach(async () => {
    await router.clearFaults();
    // the process stayed up and the next call on the same router succeeds
    await expect(client.system.identity()).resolves.toBe('faulty');
    expect(processErrors).toEqual([]);
  });

  afterAll(async () => {
    await client.close();
    await sim.stop();
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
  });

  it('answers within the latency when it is below the timeout', async () => {
    await router.setFaults({ latencyMs: 100 });
    const started = Date.now();
    await expect(client.system.identity()).resolves.toBe('faulty');
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('latency above the command timeout → TIMEOUT', async () => {
    await client.system.identity();
    await router.setFaults({ latencyMs: TIMEOUT_MS * 3 });
    await expectFailure(client.hotspot.listUsers(), 'TIMEOUT', AT_TIMEOUT);
  });

  it('a command that is never answered → TIMEOUT, and the connection is replaced', async () => {
    await client.system.identity();
    await router.setFaults({ neverAnswer: true });
    await expectFailure(client.hotspot.listUsers(), 'TIMEOUT', AT_TIMEOUT);
    expect(client.connection.isConnected).toBe(false);
  });

  it('replies without .tag (node-routeros would wait forever) → PROTOCOL_ERROR at once', async () => {
    await client.system.identity();
    await router.setFaults({ omitTag: true });
    await expectFailure(client.hotspot.listUsers(), 'PROTOCOL_ERROR', TIMEOUT_MS);
  });

  it('connection dropped in the middle of a reply → CONNECTION', async () => {
    await client.hotspot.addUser({ name: 'drop-a', password: 'x' });
    await client.hotspot.addUser({ name: 'drop-b', password: 'x' });
    await router.setFaults({ dropMidReply: true });
    await expectFailure(client.hotspot.listUsers(), 'CONNECTION', TIMEOUT_MS);
  });

  it('!fatal → CONNECTION', async () => {
    await client.system.identity();
    await router.setFaults({ fatal: true, fatalReason: 'out of memory' });
    await expectFailure(client.hotspot.listUsers(), 'CONNECTION', TIMEOUT_MS);
  });

  it('refused connections → CONNECTION (open connection dropped, reconnect refused)', async () => {
    await client.system.identity();
    await router.setFaults({ refuseConnections: true });
    await expectFailure(client.hotspot.listUsers(), 'CONNECTION', TIMEOUT_MS);
    await expectFailure(client.hotspot.listUsers(), 'CONNECTION', TIMEOUT_MS);
  });

  it('slow login → TIMEOUT on connect', async () => {
    await client.system.identity();
    router.dropConnections();
    await waitFor(() => !client.connection.isConnected);
    await router.setFaults({ slowLoginMs: TIMEOUT_MS * 3 });
    await expectFailure(client.system.identity(), 'TIMEOUT', AT_TIMEOUT);
  });

  it('a fault limited to one command path and one occurrence only hits that command', async () => {
    await client.system.identity();
    await router.setFaults({ neverAnswer: true, commandPrefix: '/ip/hotspot/user/add', times: 1 });
    await expect(client.hotspot.listUsers()).resolves.toEqual(expect.any(Array));
    await expectFailure(client.hotspot.addUser({ name: 'once', password: 'x' }), 'TIMEOUT', AT_TIMEOUT);
    await expect(client.hotspot.addUser({ name: 'twice', password: 'x' })).resolves.toMatch(/^\*[0-9A-F]+$/);
  });

  it('an idle socket timeout is handled (no crash) and the next call reconnects', async () => {
    const idle = clientFor(router, { idleTimeoutSec: 0.2 });
    try {
      await expect(idle.system.identity()).resolves.toBe('faulty');
      await new Promise((r) => setTimeout(r, 400));
      expect(idle.connection.isConnected).toBe(false);
      await expect(idle.system.identity()).resolves.toBe('faulty');
    } finally {
      await idle.close();
    }
  });
});
