import { fatalState, lastResort, resetFatalStateForTests } from './last-resort';

describe('last resort for uncaught errors', () => {
  afterEach(() => resetFatalStateForTests());

  it('logs with context, takes readiness down, closes the app and exits 1', async () => {
    const logs: Array<[string, Record<string, unknown>]> = [];
    const events: string[] = [];
    await lastResort('uncaughtException', new Error('RosException UNREGISTEREDTAG'), {
      log: (message, context) => logs.push([message, context]),
      close: async () => {
        expect(fatalState()).toMatchObject({ kind: 'uncaughtException', message: 'RosException UNREGISTEREDTAG' });
        events.push('close');
      },
      exit: (code) => events.push(`exit ${code}`),
    });
    expect(events).toEqual(['close', 'exit 1']);
    expect(logs[0][0]).toMatch(/^uncaughtException: RosException UNREGISTEREDTAG; readiness is down/);
    expect(logs[0][1]).toMatchObject({
      event: 'uncaughtException',
      error: { name: 'Error', message: 'RosException UNREGISTEREDTAG', stack: expect.any(String) },
      pid: process.pid,
      rssBytes: expect.any(Number),
    });
  });

  it('exits after the grace period when closing hangs, and at once on a second failure', async () => {
    const exits: number[] = [];
    const started = Date.now();
    await lastResort('unhandledRejection', 'plain string reason', { log: () => undefined, close: () => new Promise(() => undefined), graceMs: 50, exit: (c) => exits.push(c) });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(exits).toEqual([1]);
    expect(fatalState()).toMatchObject({ kind: 'unhandledRejection', message: 'plain string reason' });
    await lastResort('uncaughtException', new Error('again'), { log: () => undefined, close: () => new Promise(() => undefined), graceMs: 10_000, exit: (c) => exits.push(c) });
    expect(exits).toEqual([1, 1]);
  });

  it('falls back to stderr when the logger itself throws', async () => {
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await lastResort('uncaughtException', new Error('x'), {
        log: () => {
          throw new Error('logger broken');
        },
        exit: () => undefined,
      });
      expect(spy).toHaveBeenCalledWith(expect.stringContaining('"level":"fatal"'));
    } finally {
      spy.mockRestore();
    }
  });
});
