import type { Socket } from 'net';
import { connect } from 'net';
import type { HostileReply, SimRouter } from '../src';
import { encodeSentence, encodeWord, RouterOsSimulator } from '../src';

const LOGIN_DONE = encodeSentence(['!done', '.tag=l']);

/**
 * Logs in, waits for the login's answer, sends one command and collects the raw bytes the router
 * answers until `enough(bytes)` holds or `maxMs` passes (a signal, not a fixed wait: a loaded CI
 * machine only makes it slower). Returns the bytes and how long they took.
 */
async function rawExchange(router: SimRouter, enough: (bytes: Buffer) => boolean, maxMs = 5_000): Promise<{ bytes: Buffer; ms: number }> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(router.port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  let received = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  socket.on('data', (c: Buffer) => {
    received = Buffer.concat([received, c]);
    wake?.();
  });
  socket.on('error', () => undefined);
  const until = async (ready: () => boolean, deadline: number) => {
    while (!ready() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
      wake = null;
    }
  };
  try {
    socket.write(encodeSentence(['/login', '=name=admin', '=password=pw', '.tag=l']));
    await until(() => received.includes(LOGIN_DONE), Date.now() + maxMs);
    const at = received.indexOf(LOGIN_DONE);
    if (at < 0) throw new Error('no answer to /login');
    received = received.subarray(at + LOGIN_DONE.length);
    const started = Date.now();
    socket.write(encodeSentence(['/system/identity/print', '.tag=c']));
    await until(() => enough(received), started + maxMs);
    return { bytes: received, ms: Date.now() - started };
  } finally {
    socket.destroy();
  }
}

/** Until `check` passes on the bytes (then it is run once more to report). */
const passes = (check: (bytes: Buffer) => void) => (bytes: Buffer) => {
  try {
    check(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('hostile-reply faults put exactly the advertised bytes on the wire', () => {
  const sim = new RouterOsSimulator();
  let router: SimRouter;

  beforeAll(async () => {
    router = await sim.addRouter({ name: 'hostile', password: 'pw' });
  });
  afterEach(() => router.clearFaults());
  afterAll(() => sim.stop());

  const expectations: Array<[HostileReply, (bytes: Buffer) => void]> = [
    ['unknown-tag', (b) => expect(b).toEqual(encodeSentence(['!done', '.tag=cstray']))],
    ['unknown-reply', (b) => expect(b.subarray(0, 7)).toEqual(encodeWord('!bogus'))],
    ['reserved-length', (b) => expect(b).toEqual(Buffer.concat([encodeWord('!re'), Buffer.from([0xf8, 1, 2, 3])]))],
    [
      'oversized-word',
      (b) => {
        expect(b.subarray(0, 9)).toEqual(Buffer.concat([encodeWord('!re'), Buffer.from([0xf0, 0x80, 0, 0, 0])]));
        expect(b.length).toBe(9 + 64 * 1024 * 4);
      },
    ],
    [
      'endless-sentence',
      (b) => {
        expect(b.subarray(0, 4)).toEqual(encodeWord('!re'));
        expect(b.includes(Buffer.from([0x00]))).toBe(false);
        expect(b.length).toBeGreaterThanOrEqual(256 * 1024);
      },
    ],
    ['bytes-after-fatal', (b) => expect(b).toEqual(Buffer.concat([encodeSentence(['!fatal', 'session terminated on request']), encodeSentence(['!done', '.tag=c'])]))],
    ['trickle', (b) => expect(b.length).toBeGreaterThanOrEqual(3)],
  ];

  it.each(expectations)('%s', async (hostile, check) => {
    await router.setFaults({ hostile, floodBytes: 256 * 1024, trickleIntervalMs: 20 });
    check((await rawExchange(router, passes(check))).bytes);
  });

  it('trickle sends the real reply one byte per interval', async () => {
    await router.setFaults({ hostile: 'trickle', trickleIntervalMs: 30 });
    const { bytes, ms } = await rawExchange(router, (b) => b.length >= 3);
    expect(bytes.subarray(0, 3)).toEqual(encodeWord('!re').subarray(0, 3));
    // three bytes took at least two intervals (timers may fire a little early, never much)
    expect(ms).toBeGreaterThanOrEqual(2 * 30 - 5);
    expect(bytes.length).toBeLessThanOrEqual(3 + Math.ceil(ms / 30));
  });
});
