import type { Socket } from 'net';
import { connect } from 'net';
import type { HostileReply, SimRouter } from '../src';
import { encodeSentence, encodeWord, RouterOsSimulator } from '../src';

/** Sends `/login` then one command and collects the raw bytes the router answers for `ms`. */
async function rawExchange(router: SimRouter, ms: number): Promise<Buffer> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(router.port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => undefined);
  socket.write(encodeSentence(['/login', '=name=admin', '=password=pw', '.tag=l']));
  await new Promise((r) => setTimeout(r, 30));
  chunks.length = 0;
  socket.write(encodeSentence(['/system/identity/print', '.tag=c']));
  await new Promise((r) => setTimeout(r, ms));
  socket.destroy();
  return Buffer.concat(chunks);
}

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
    check(await rawExchange(router, hostile === 'trickle' ? 120 : 60));
  });

  it('trickle sends the real reply one byte per interval', async () => {
    await router.setFaults({ hostile: 'trickle', trickleIntervalMs: 30 });
    const b = await rawExchange(router, 200);
    expect(b.length).toBeGreaterThanOrEqual(3);
    expect(b.length).toBeLessThanOrEqual(8);
    expect(b.subarray(0, 3)).toEqual(encodeWord('!re').subarray(0, 3));
  });
});
