import type { WireLimits } from './wire';
import { BoundedReceiver, decodeWin1252, SentenceReader, WireProtocolError } from './wire';

/** RouterOS word/sentence encoding (API manual), written here independently of the simulator. */
function lengthPrefix(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x4000) return Buffer.from([((n >> 8) & 0x3f) | 0x80, n & 0xff]);
  if (n < 0x200000) return Buffer.from([((n >> 16) & 0x1f) | 0xc0, (n >> 8) & 0xff, n & 0xff]);
  if (n < 0x10000000) return Buffer.from([((n >>> 24) & 0x0f) | 0xe0, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0xf0;
  b.writeUInt32BE(n, 1);
  return b;
}
const word = (w: string): Buffer => Buffer.concat([lengthPrefix(Buffer.byteLength(w, 'latin1')), Buffer.from(w, 'latin1')]);
const sentence = (...words: string[]): Buffer => Buffer.concat([...words.map(word), Buffer.from([0])]);

const LIMITS: WireLimits = { maxWordBytes: 4096, maxSentenceWords: 16, maxSentenceBytes: 8192, maxBufferedBytes: 64 * 1024 };

interface Harness {
  receiver: BoundedReceiver;
  packets: Array<[string, string[]]>;
  errors: WireProtocolError[];
}

function harness(limits: WireLimits = LIMITS, tags: string[] = ['t1']): Harness {
  const h: Harness = { packets: [], errors: [], receiver: null as unknown as BoundedReceiver };
  h.receiver = new BoundedReceiver(limits, { onProtocolError: (e) => h.errors.push(e) });
  // like node-routeros' Channel: stop reading the tag once its !done arrived
  for (const tag of tags) h.receiver.read(tag, (packet) => (h.packets.push([tag, [...packet]]), packet[0] === '!done' && h.receiver.stop(tag)));
  return h;
}

/** Feeds bytes in chunks of `size` (1 = a byte at a time) and checks nothing is thrown. */
function feed(h: Harness, bytes: Buffer, size = bytes.length): void {
  for (let i = 0; i < bytes.length; i += size) {
    expect(() => h.receiver.processRawData(bytes.subarray(i, i + size))).not.toThrow();
  }
}

describe('SentenceReader / BoundedReceiver: well-formed replies', () => {
  const reply = Buffer.concat([
    sentence('!re', '.tag=t1', '=.id=*1', '=name=caf\xe9 \x80'),
    sentence('!empty', '.tag=t1'),
    sentence('!trap', '=message=failure: x', '.tag=t1'),
    Buffer.from([0]), // an empty sentence is ignored
    sentence('!done', '.tag=t1', '=ret=*1A'),
  ]);
  const expected = [
    ['t1', ['!re', '=.id=*1', '=name=café €']],
    ['t1', ['!trap', '=message=failure: x']],
    ['t1', ['!done', '=ret=*1A']],
  ];

  it.each([1, 2, 3, 7, 64, reply.length])('delivers the same packets whatever the chunking (%i-byte chunks), .tag first or last, !empty skipped', (size) => {
    const h = harness();
    feed(h, reply, size);
    expect(h.errors).toEqual([]);
    expect(h.packets).toEqual(expected);
    expect(h.receiver.midSentence).toBe(false);
  });

  it('decodes every length-prefix size, up to the word bound', () => {
    const limits = { ...LIMITS, maxWordBytes: 0x300000, maxSentenceBytes: 0x400000, maxBufferedBytes: 0x800000 };
    for (const n of [0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000]) {
      const h = harness(limits);
      const value = 'v'.repeat(n - 3);
      feed(h, sentence('!re', '.tag=t1', `=a=${value}`), 4096);
      expect(h.errors).toEqual([]);
      expect(h.packets[0][1][1]).toHaveLength(n);
    }
  });

  it('decodes the 5-byte prefix form (0xF0) and Windows-1252 bytes', () => {
    const h = harness({ ...LIMITS, maxWordBytes: 0x20000000 });
    h.receiver.processRawData(Buffer.from([0xf0, 0x00, 0x00, 0x00, 0x03]));
    h.receiver.processRawData(Buffer.from('!re', 'latin1'));
    expect(h.errors).toEqual([]);
    expect(h.receiver.midSentence).toBe(true);
    expect(decodeWin1252(Buffer.from([0x43, 0xe9, 0x80, 0x99, 0x9f]))).toBe('Cé€™Ÿ');
  });

  it('releases the bytes held for a command once its channel stops reading', () => {
    const h = harness();
    feed(h, sentence('!re', '.tag=t1', '=name=' + 'x'.repeat(1000)));
    expect(h.receiver.bufferedBytes).toBeGreaterThan(1000);
    h.receiver.stop('t1');
    expect(h.receiver.bufferedBytes).toBe(0);
  });
});

describe('BoundedReceiver: every hostile reply ends the connection with one protocol error, never a throw', () => {
  const cases: Array<[string, Buffer, RegExp, Partial<WireLimits>?]> = [
    ['an unknown .tag (UNREGISTEREDTAG in node-routeros)', sentence('!done', '.tag=nobody'), /unknown tag "nobody"/],
    ['an unknown reply word (UNKNOWNREPLY in node-routeros)', sentence('!bogus', '.tag=t1'), /unknown reply word "!bogus"/],
    ['a reply without .tag', sentence('!done'), /without a \.tag/],
    ['a reply with two .tag words', sentence('!done', '.tag=t1', '.tag=t1'), /two \.tag/],
    ['a sentence that does not start with a reply word', sentence('=name=x', '.tag=t1'), /not a reply word/],
    ['a second !done for a finished command', Buffer.concat([sentence('!done', '.tag=t1'), sentence('!done', '.tag=t1')]), /unknown tag/],
    ['a word over the bound', sentence('!re', '.tag=t1', '=a=' + 'x'.repeat(LIMITS.maxWordBytes)), /over the 4096-byte bound/],
    ['a sentence over the word-count bound', sentence('!re', '.tag=t1', ...Array.from({ length: 20 }, (_, i) => `=k${i}=v`)), /longer than 16 words/],
    ['a sentence over the byte bound', sentence('!re', '.tag=t1', ...Array.from({ length: 3 }, () => '=a=' + 'x'.repeat(4000))), /sentence over the 8192-byte bound/],
    ['replies over the buffered-bytes bound', Buffer.concat(Array.from({ length: 40 }, () => sentence('!re', '.tag=t1', '=a=' + 'x'.repeat(2000)))), /more than 65536 bytes/],
    ['bytes after !fatal', Buffer.concat([sentence('!fatal', 'bye'), sentence('!done', '.tag=t1')]), /bytes after !fatal/],
    ['a partial word after !fatal', Buffer.concat([sentence('!fatal', 'bye'), Buffer.from([0x05, 0x21])]), /bytes after !fatal/],
    ...[0xf1, 0xf7].map((b): [string, Buffer, RegExp] => [`invalid prefix byte 0x${b.toString(16)}`, Buffer.from([b, 0, 0, 0, 1]), /invalid length prefix/]),
    ...[0xf8, 0xf9, 0xfc, 0xff].map((b): [string, Buffer, RegExp] => [`reserved control byte 0x${b.toString(16)}`, Buffer.concat([word('!re'), Buffer.from([b, 1, 2])]), /reserved control byte/]),
  ];

  it.each(cases)('%s', (_name, bytes, message) => {
    for (const size of [1, bytes.length]) {
      const h = harness();
      feed(h, Buffer.concat([bytes, sentence('!done', '.tag=t1')]), size);
      expect(h.errors).toHaveLength(1);
      expect(h.errors[0]).toBeInstanceOf(WireProtocolError);
      expect(h.errors[0].message).toMatch(message);
      // after the error nothing more is held or delivered
      expect(h.receiver.bufferedBytes).toBe(0);
    }
  });

  it('a client channel that throws (node-routeros Channel on an unexpected packet) becomes a protocol error', () => {
    const errors: WireProtocolError[] = [];
    const r = new BoundedReceiver(LIMITS, { onProtocolError: (e) => errors.push(e) });
    r.read('t1', () => {
      throw new Error('UNKNOWNREPLY');
    });
    expect(() => r.processRawData(sentence('!done', '.tag=t1'))).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/refused by the client: UNKNOWNREPLY/)]);
  });

  it('a listener that throws does not escape either', () => {
    const r = new BoundedReceiver(LIMITS, {
      onProtocolError: () => {
        throw new Error('listener bug');
      },
    });
    expect(() => r.processRawData(sentence('!bogus', '.tag=x'))).not.toThrow();
  });

  it('!fatal with nothing after it is a session end (not a protocol error), reason kept for the close', () => {
    const h = harness();
    feed(h, sentence('!fatal', 'session terminated on request'), 1);
    expect(h.errors).toEqual([]);
    expect(h.receiver.fatalReason).toBe('session terminated on request');
  });

  it('a 2^31 length prefix followed by a trickle fails at the prefix and holds nothing', () => {
    const h = harness(); // LIMITS.maxWordBytes = 4 KiB
    const heapBefore = process.memoryUsage().heapUsed;
    feed(h, Buffer.concat([word('!re'), word('.tag=t1'), Buffer.from([0xf0, 0x80, 0x00, 0x00, 0x00])]), 1);
    expect(h.errors.map((e) => e.message)).toEqual([expect.stringMatching(/word of 2147483648 bytes announced/)]);
    const trickle = Buffer.alloc(1, 0x78);
    for (let i = 0; i < 200_000; i++) h.receiver.processRawData(trickle);
    expect(h.receiver.bufferedBytes).toBe(0);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * 1024 * 1024);
  });

  it('a word just under the bound, trickled a byte at a time, never holds more than the bound', () => {
    const h = harness();
    const bytes = Buffer.concat([word('!re'), word('.tag=t1'), lengthPrefix(LIMITS.maxWordBytes), Buffer.alloc(LIMITS.maxWordBytes - 1, 0x61)]);
    let worst = 0;
    for (let i = 0; i < bytes.length; i++) {
      h.receiver.processRawData(bytes.subarray(i, i + 1));
      worst = Math.max(worst, h.receiver.bufferedBytes);
    }
    expect(h.errors).toEqual([]);
    expect(h.receiver.midSentence).toBe(true);
    expect(worst).toBeLessThanOrEqual(LIMITS.maxSentenceBytes);
  });

  it('a sentence that never ends is cut at the sentence bound', () => {
    const h = harness();
    let worst = 0;
    feed(h, Buffer.concat([word('!re'), word('.tag=t1')]));
    for (let i = 0; i < 1000 && h.errors.length === 0; i++) {
      h.receiver.processRawData(word('=comment=' + 'y'.repeat(100)));
      worst = Math.max(worst, h.receiver.bufferedBytes);
    }
    expect(h.errors).toHaveLength(1);
    expect(worst).toBeLessThanOrEqual(LIMITS.maxSentenceBytes);
  });

  it('random bytes never throw and report at most one error (fuzz, 2 000 inputs)', () => {
    let seed = 17;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let n = 0; n < 2000; n++) {
      const h = harness();
      const parts: Buffer[] = [];
      const len = Math.floor(rand() * 200);
      for (let i = 0; i < len; i++) {
        // mix valid words with raw bytes so the parser gets deep into sentences
        parts.push(rand() < 0.3 ? word(['!re', '!done', '.tag=t1', '=a=b', '!trap'][Math.floor(rand() * 5)]) : Buffer.from([Math.floor(rand() * 256)]));
      }
      feed(h, Buffer.concat(parts), 1 + Math.floor(rand() * 9));
      expect(h.errors.length).toBeLessThanOrEqual(1);
      expect(h.receiver.bufferedBytes).toBeLessThanOrEqual(LIMITS.maxBufferedBytes + LIMITS.maxSentenceBytes);
    }
  });
});

describe('SentenceReader', () => {
  it('stops when the sentence handler says so', () => {
    const reader = new SentenceReader(LIMITS);
    const seen: string[][] = [];
    reader.push(Buffer.concat([sentence('!done', '.tag=a'), sentence('!done', '.tag=b')]), (words) => {
      seen.push(words);
      return false;
    });
    expect(seen).toEqual([['!done', '.tag=a']]);
  });
});
