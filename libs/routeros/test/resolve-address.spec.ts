import type { SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import { RouterOsError } from '../src';
import type { RouterConnectionOptions } from '../src';
import { clientFor as helperClientFor, startRouter } from './helpers';

/**
 * No test here waits for a command to time out, so the helpers' 400 ms is not kept: a cold first
 * login on a loaded CI machine once took longer and failed the test by chance.
 */
const clientFor = (router: SimRouter, options: Partial<RouterConnectionOptions> = {}) => helperClientFor(router, { commandTimeoutMs: 5_000, ...options });

/** The resolveAddress hook: each connect asks it once and opens the socket to what it answers. */
describe('RouterConnection resolveAddress', () => {
  const sim = new RouterOsSimulator();
  let router: SimRouter;

  beforeAll(async () => {
    router = await startRouter(sim);
  });
  afterAll(() => sim.stop());

  it('connects to the answered address, not to the configured host (no second lookup)', async () => {
    const asked: Array<[string, number]> = [];
    const client = clientFor(router, { host: 'router.invalid', resolveAddress: async (host, port) => (asked.push([host, port]), router.address.host) });
    try {
      expect(await client.system.identity()).toBeTruthy();
      expect(asked).toEqual([['router.invalid', router.port]]);
    } finally {
      await client.close();
    }
  });

  it('asks again at every reconnect and refuses with REFUSED (cause attached) without opening a socket', async () => {
    const refusal = new Error('not allowed');
    let allow = true;
    const client = clientFor(router, { resolveAddress: async () => (allow ? router.address.host : Promise.reject(refusal)) });
    try {
      await client.system.identity();
      router.dropConnections();
      for (let i = 0; i < 100 && router.connectionCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
      allow = false;
      const err = await client.system.identity().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RouterOsError);
      expect((err as RouterOsError).code).toBe('REFUSED');
      expect((err as RouterOsError).details.cause).toBe(refusal);
      expect((err as RouterOsError).connectionLost).toBe(true);
      expect(router.connectionCount).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('onLogin hears each login that reached the router: null on success, AUTH when refused', async () => {
    const heard: Array<[string, string | null]> = [];
    const onLogin = (address: string, error: RouterOsError | null) => heard.push([address, error?.code ?? null]);
    const good = clientFor(router, { onLogin });
    const bad = clientFor(router, { onLogin, password: 'wrong', backoff: { initialMs: 0, maxMs: 0 } });
    try {
      await good.system.identity();
      await expect(bad.system.identity()).rejects.toMatchObject({ code: 'AUTH' });
      expect(heard).toEqual([
        [router.address.host, null],
        [router.address.host, 'AUTH'],
      ]);
    } finally {
      await good.close();
      await bad.close();
    }
  });
});
