/**
 * The reply side of the RouterOS API wire protocol, bounded and total: whatever bytes a peer
 * sends, parsing either yields sentences or reports one WireProtocolError; it never throws out of
 * the socket handler and never holds more than the configured bounds in memory.
 *
 * It replaces node-routeros' Receiver on every connection we open (see docs/routeros-transport.md
 * for why we replace it rather than patch it): node-routeros throws from its `data` handler on an
 * unknown `.tag` or reply word, and buffers whatever length a prefix announces.
 */

/** Bounds on what one router connection may make us hold. */
export interface WireLimits {
  /** one word (a length prefix announcing more fails at once, before any byte is buffered) */
  maxWordBytes: number;
  /** words in one sentence (a `!re` row is one word per attribute) */
  maxSentenceWords: number;
  /** bytes of one sentence, prefixes excluded */
  maxSentenceBytes: number;
  /**
   * bytes held for the connection at once: the sentence being read plus the rows already
   * delivered to commands still in flight (node-routeros collects a command's rows until `!done`)
   */
  maxBufferedBytes: number;
}

/**
 * Defaults, sized from what a router legitimately sends: the longest values the platform reads
 * are log lines and comments (well under 4 KiB; a script `source` is at most 64 KiB), a hotspot
 * user row is ~30 words / ~600 bytes, and the largest reply is a full user list (50 000 users ≈
 * 30 MB is beyond any router we manage). So: 1 MiB per word (16× the largest script), 1 024
 * words and 4 MiB per sentence, 64 MiB per connection.
 */
export const DEFAULT_WIRE_LIMITS: Readonly<WireLimits> = Object.freeze({
  maxWordBytes: 1024 * 1024,
  maxSentenceWords: 1024,
  maxSentenceBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
});

export class WireProtocolError extends Error {
  override readonly name = 'WireProtocolError';
}

/** Windows-1252 bytes 0x80–0x9F (node-routeros decodes every word as win1252; undefined ones stay as is). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWin1252(buf: Buffer): string {
  let high = false;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] >= 0x80 && buf[i] <= 0x9f) {
      high = true;
      break;
    }
  }
  const latin1 = buf.toString('latin1');
  if (!high) return latin1;
  let out = '';
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    out += c >= 0x80 && c <= 0x9f ? String.fromCharCode(CP1252_HIGH[c - 0x80]) : latin1[i];
  }
  return out;
}

/** A word quoted for an error message: short and printable (it came from an untrusted peer). */
export function quoteWord(word: string): string {
  const clean = word.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(word.length > 40 ? `${clean}…` : clean);
}

/**
 * Streaming sentence reader: feed TCP chunks, get complete sentences through `onSentence`.
 * A state machine over (length prefix → word bytes): a word is copied once when complete, so a
 * peer trickling bytes costs O(bytes) and nothing beyond the bounds is ever kept.
 */
export class SentenceReader {
  private readonly prefix = Buffer.alloc(5);
  private prefixHave = 0;
  private prefixNeed = 0;
  /** bytes still expected for the word being read; -1 between words */
  private wordNeed = -1;
  private wordParts: Buffer[] = [];
  private wordHave = 0;
  private words: string[] = [];
  private sentenceBytes = 0;

  constructor(private readonly limits: WireLimits) {}

  /** true while a sentence has started and not ended (a stalled peer leaves it true) */
  get midSentence(): boolean {
    return this.words.length > 0 || this.prefixHave > 0 || this.wordNeed >= 0;
  }

  /** bytes held for the sentence being read */
  get pendingBytes(): number {
    return this.sentenceBytes + this.wordHave + this.prefixHave;
  }

  /** Drops whatever was half read (after a protocol error nothing is kept). */
  reset(): void {
    this.prefixHave = 0;
    this.wordNeed = -1;
    this.wordParts = [];
    this.wordHave = 0;
    this.words = [];
    this.sentenceBytes = 0;
  }

  /**
   * Reads a chunk. `onSentence(words, bytes, rest)` gets each complete non-empty sentence, its
   * size and how many bytes of the chunk follow it; it returns false to stop reading.
   * Throws WireProtocolError (the caller ends the connection).
   */
  push(chunk: Buffer, onSentence: (words: string[], bytes: number, rest: number) => boolean): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.wordNeed >= 0) {
        const take = Math.min(this.wordNeed - this.wordHave, chunk.length - i);
        // copied: a subarray would pin the whole chunk until the word completes
        this.wordParts.push(Buffer.from(chunk.subarray(i, i + take)));
        this.wordHave += take;
        i += take;
        if (this.wordHave === this.wordNeed) {
          this.words.push(decodeWin1252(this.wordParts.length === 1 ? this.wordParts[0] : Buffer.concat(this.wordParts, this.wordHave)));
          this.sentenceBytes += this.wordHave;
          this.wordParts = [];
          this.wordHave = 0;
          this.wordNeed = -1;
        }
        continue;
      }
      const b = chunk[i++];
      if (this.prefixHave === 0) {
        if (b >= 0xf8) throw new WireProtocolError(`reserved control byte 0x${b.toString(16)} where a word length was expected`);
        if (b > 0xf0) throw new WireProtocolError(`invalid length prefix byte 0x${b.toString(16)}`);
        this.prefixNeed = (b & 0x80) === 0 ? 1 : (b & 0xc0) === 0x80 ? 2 : (b & 0xe0) === 0xc0 ? 3 : (b & 0xf0) === 0xe0 ? 4 : 5;
      }
      this.prefix[this.prefixHave++] = b;
      if (this.prefixHave < this.prefixNeed) continue;
      const length = this.decodePrefix();
      this.prefixHave = 0;
      if (length === 0) {
        const words = this.words;
        const bytes = this.sentenceBytes;
        this.words = [];
        this.sentenceBytes = 0;
        // empty sentences are ignored (API manual)
        if (words.length > 0 && !onSentence(words, bytes, chunk.length - i)) return;
        continue;
      }
      if (length > this.limits.maxWordBytes) throw new WireProtocolError(`word of ${length} bytes announced, over the ${this.limits.maxWordBytes}-byte bound`);
      if (this.words.length + 1 > this.limits.maxSentenceWords) throw new WireProtocolError(`sentence longer than ${this.limits.maxSentenceWords} words`);
      if (this.sentenceBytes + length > this.limits.maxSentenceBytes) throw new WireProtocolError(`sentence over the ${this.limits.maxSentenceBytes}-byte bound`);
      this.wordNeed = length;
    }
  }

  private decodePrefix(): number {
    const p = this.prefix;
    switch (this.prefixNeed) {
      case 1:
        return p[0];
      case 2:
        return ((p[0] & 0x3f) << 8) | p[1];
      case 3:
        return ((p[0] & 0x1f) << 16) | (p[1] << 8) | p[2];
      case 4:
        return (p[0] & 0x0f) * 0x1000000 + ((p[1] << 16) | (p[2] << 8) | p[3]);
      default:
        return p.readUInt32BE(1);
    }
  }
}

const KNOWN_REPLIES = new Set(['!re', '!done', '!trap', '!empty']);

export interface ReceiverEvents {
  /** the peer broke the protocol: end the connection with this error (called at most once) */
  onProtocolError(error: WireProtocolError): void;
}

/**
 * Drop-in replacement for node-routeros' Receiver (the three members its Connector calls:
 * `read`, `stop`, `processRawData`), routing sentences to the Channel registered for their
 * `.tag`. `!fatal` is remembered (`fatalReason`) for the close that follows. Any violation (unknown or missing tag, unknown reply word, bounds, bytes after
 * `!fatal`, a Channel throwing) is reported once through `onProtocolError`; after that every
 * byte is ignored. Nothing here throws to the caller.
 */
export class BoundedReceiver {
  private readonly reader: SentenceReader;
  private readonly tags = new Map<string, (packet: string[]) => void>();
  private readonly heldByTag = new Map<string, number>();
  private held = 0;
  private finished = false;
  private fatal: string | null = null;

  constructor(
    private readonly limits: WireLimits,
    private readonly events: ReceiverEvents,
  ) {
    this.reader = new SentenceReader(limits);
  }

  /** a sentence is half read (used to tell a stalled or trickling peer from a silent one) */
  get midSentence(): boolean {
    return this.reader.midSentence;
  }

  /**
   * The reason of a `!fatal` the router sent (null before). A router closes the connection right
   * after `!fatal`; any byte that still arrives is a protocol error.
   */
  get fatalReason(): string | null {
    return this.fatal;
  }

  /** bytes held for this connection right now */
  get bufferedBytes(): number {
    return this.held + this.reader.pendingBytes;
  }

  /** node-routeros Connector.read: a Channel waits for replies tagged `tag` */
  read(tag: string, callback: (packet: string[]) => void): void {
    this.tags.set(tag, callback);
  }

  /** node-routeros Connector.stopRead: the Channel got its `!done` */
  stop(tag: string): void {
    this.tags.delete(tag);
    this.held -= this.heldByTag.get(tag) ?? 0;
    this.heldByTag.delete(tag);
  }

  /** node-routeros Connector.onData → here, for every chunk the socket delivers */
  processRawData(data: Buffer): void {
    if (this.finished) return;
    try {
      if (this.fatal !== null && data.length > 0) throw new WireProtocolError('bytes after !fatal');
      this.reader.push(data, (words, bytes, rest) => this.dispatch(words, bytes, rest));
      if (!this.finished && this.bufferedBytes > this.limits.maxBufferedBytes) {
        throw new WireProtocolError(`more than ${this.limits.maxBufferedBytes} bytes held for one connection`);
      }
    } catch (err) {
      this.fail(err instanceof WireProtocolError ? err : new WireProtocolError(`reply handling failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private dispatch(words: string[], bytes: number, rest: number): boolean {
    const reply = words[0];
    if (reply === '!fatal') {
      if (rest > 0 || this.reader.midSentence) throw new WireProtocolError('bytes after !fatal');
      this.fatal = quoteWord(words[1] ?? '').slice(1, -1);
      return true;
    }
    if (!reply.startsWith('!')) throw new WireProtocolError(`sentence starts with ${quoteWord(reply)}, not a reply word`);
    if (!KNOWN_REPLIES.has(reply)) throw new WireProtocolError(`unknown reply word ${quoteWord(reply)}`);
    let tag: string | undefined;
    const packet: string[] = [reply];
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w.startsWith('.tag=')) {
        if (tag !== undefined) throw new WireProtocolError('reply with two .tag words');
        tag = w.slice(5);
      } else {
        packet.push(w);
      }
    }
    if (tag === undefined) throw new WireProtocolError(`${reply} reply without a .tag`);
    const callback = this.tags.get(tag);
    if (!callback) throw new WireProtocolError(`${reply} reply for unknown tag ${quoteWord(tag)}`);
    // RouterOS 7.18+: `!empty` then `!done` for a print with no rows; the `!done` settles it
    if (reply === '!empty') return true;
    this.heldByTag.set(tag, (this.heldByTag.get(tag) ?? 0) + bytes);
    this.held += bytes;
    if (this.held > this.limits.maxBufferedBytes) throw new WireProtocolError(`more than ${this.limits.maxBufferedBytes} bytes of replies held for one connection`);
    try {
      callback(packet);
    } catch (err) {
      throw new WireProtocolError(`${reply} reply refused by the client: ${err instanceof Error ? err.message : String(err)}`);
    }
    return !this.finished;
  }

  private fail(error: WireProtocolError): void {
    if (this.finished) return;
    this.finished = true;
    this.reader.reset();
    this.tags.clear();
    this.heldByTag.clear();
    this.held = 0;
    safely(() => this.events.onProtocolError(error));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // a listener failing must not turn into an exception in the socket handler
  }
}
