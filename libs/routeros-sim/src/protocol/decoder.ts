import { decodeLength, ProtocolError } from './length';
import { WORD_ENCODING } from './sentence';

/**
 * Streaming sentence decoder: feed TCP chunks, get complete sentences back.
 * Handles words and length prefixes split across chunks; empty sentences are ignored (docs/routeros.md §1.3).
 */
export class SentenceDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private words: string[] = [];

  constructor(private readonly maxWordLength = 64 * 1024 * 1024) {}

  push(chunk: Buffer): string[][] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const sentences: string[][] = [];
    let offset = 0;
    for (;;) {
      const prefix = decodeLength(this.buffer, offset);
      if (!prefix) break;
      if (prefix.length > this.maxWordLength) {
        throw new ProtocolError(`word too long: ${prefix.length}`);
      }
      const end = offset + prefix.bytes + prefix.length;
      if (end > this.buffer.length) break;
      if (prefix.length === 0) {
        if (this.words.length > 0) sentences.push(this.words);
        this.words = [];
      } else {
        this.words.push(this.buffer.toString(WORD_ENCODING, offset + prefix.bytes, end));
      }
      offset = end;
    }
    this.buffer = this.buffer.subarray(offset);
    return sentences;
  }
}
