import { decodeLength, encodeLength, ProtocolError } from './length';
import { encodeSentence, encodeWord } from './sentence';
import { SentenceDecoder } from './decoder';

const hex = (b: Buffer): string => b.toString('hex');
const fromHex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('word length encoding (docs/routeros.md §1.2)', () => {
  const table: Array<[number, string]> = [
    [0, '00'],
    [127, '7f'],
    [128, '8080'],
    [200, '80c8'],
    [1000, '83e8'],
    [0x3fff, 'bfff'],
    [0x4000, 'c04000'],
    [20000, 'c04e20'],
    [0x1fffff, 'dfffff'],
    [0x200000, 'e0200000'],
    [0xfffffff, 'efffffff'],
    [0x10000000, 'f010000000'],
  ];

  it.each(table)('encodes %i as %s and decodes it back', (len, prefix) => {
    expect(hex(encodeLength(len))).toBe(prefix);
    expect(decodeLength(fromHex(prefix))).toEqual({ length: len, bytes: prefix.length / 2 });
  });

  it('reports an incomplete prefix as null and rejects reserved control bytes', () => {
    expect(decodeLength(fromHex('c040'))).toBeNull();
    expect(decodeLength(fromHex('f01000'))).toBeNull();
    expect(() => decodeLength(fromHex('f8'))).toThrow(ProtocolError);
    expect(() => decodeLength(fromHex('ff00'))).toThrow(ProtocolError);
  });

  it('round-trips real words across every prefix size boundary', () => {
    for (const len of [0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000]) {
      const word = '=' + 'x'.repeat(len - 1);
      const decoder = new SentenceDecoder();
      const [sentence] = decoder.push(encodeSentence(['!re', word]));
      expect(sentence[1].length).toBe(len);
    }
  });
});

describe('byte transcripts (docs/routeros.md §1.11)', () => {
  it('encodes the login sentence', () => {
    expect(hex(encodeSentence(['/login', '=name=admin', '=password=secret', '.tag=1']))).toBe(
      '062f6c6f67696e' + '0b3d6e616d653d61646d696e' + '103d70617373776f72643d736563726574' + '062e7461673d31' + '00',
    );
  });

  it('encodes `!done .tag=1`', () => {
    expect(hex(encodeSentence(['!done', '.tag=1']))).toBe('0521646f6e65062e7461673d3100');
  });

  it('encodes the add-user command and its `!done =ret=*1A` reply', () => {
    expect(hex(encodeSentence(['/ip/hotspot/user/add', '=name=u1', '=password=p1', '=profile=1H', '.tag=2']))).toBe(
      '14' + '2f69702f686f7473706f742f757365722f616464' + '08' + '3d6e616d653d7531' + '0c' + '3d70617373776f72643d7031' + '0b' + '3d70726f66696c653d3148' + '06' + '2e7461673d32' + '00',
    );
    expect(hex(encodeSentence(['!done', '.tag=2', '=ret=*1A']))).toBe('05' + '21646f6e65' + '06' + '2e7461673d32' + '08' + '3d7265743d2a3141' + '00');
  });

  it('encodes the duplicate-user trap with a 0x42-byte message word', () => {
    const msg = '=message=failure: already have user with this name for this server';
    expect(Buffer.byteLength(msg)).toBe(0x42);
    expect(hex(encodeSentence(['!trap', '.tag=2', msg]))).toBe('05' + '2174726170' + '06' + '2e7461673d32' + '42' + Buffer.from(msg).toString('hex') + '00');
  });

  it('encodes the active print with query + proplist and its row', () => {
    const cmd = encodeSentence(['/ip/hotspot/active/print', '?user=u1', '=.proplist=.id,user,address', '.tag=7']);
    expect(cmd[0]).toBe(0x18);
    expect(hex(cmd)).toBe(
      '18' +
        Buffer.from('/ip/hotspot/active/print').toString('hex') +
        '08' +
        Buffer.from('?user=u1').toString('hex') +
        '1b' +
        Buffer.from('=.proplist=.id,user,address').toString('hex') +
        '06' +
        Buffer.from('.tag=7').toString('hex') +
        '00',
    );
    expect(hex(encodeSentence(['!re', '.tag=7', '=.id=*1', '=user=u1', '=address=10.5.50.23']))).toBe(
      '03' +
        Buffer.from('!re').toString('hex') +
        '06' +
        Buffer.from('.tag=7').toString('hex') +
        '07' +
        Buffer.from('=.id=*1').toString('hex') +
        '08' +
        Buffer.from('=user=u1').toString('hex') +
        '13' +
        Buffer.from('=address=10.5.50.23').toString('hex') +
        '00',
    );
  });

  it('encodes `!empty .tag=3` and `!fatal`', () => {
    expect(hex(encodeSentence(['!empty', '.tag=3']))).toBe('0621656d707479062e7461673d3300');
    expect(hex(encodeSentence(['!fatal', 'session terminated on request']))).toBe(
      '06' + Buffer.from('!fatal').toString('hex') + '1d' + Buffer.from('session terminated on request').toString('hex') + '00',
    );
  });
});

describe('SentenceDecoder', () => {
  it('reassembles sentences split at every byte and ignores empty sentences', () => {
    const bytes = Buffer.concat([encodeSentence(['/login', '=name=admin', '.tag=1']), Buffer.from([0]), encodeSentence(['/quit'])]);
    const decoder = new SentenceDecoder();
    const out: string[][] = [];
    for (const b of bytes) out.push(...decoder.push(Buffer.from([b])));
    expect(out).toEqual([['/login', '=name=admin', '.tag=1'], ['/quit']]);
  });

  it('keeps bytes verbatim (latin1 in, latin1 out)', () => {
    const word = Buffer.from([0x3d, 0x63, 0x3d, 0xe9, 0x80]);
    const encoded = Buffer.concat([encodeLength(word.length), word, Buffer.from([0])]);
    const [sentence] = new SentenceDecoder().push(encoded);
    expect(encodeWord(sentence[0]).subarray(1)).toEqual(word);
  });
});
