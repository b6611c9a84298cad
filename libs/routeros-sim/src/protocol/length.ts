/**
 * RouterOS API word-length prefix (docs/routeros.md §1.2).
 * Big-endian, 1–5 bytes, the high bits of the first byte select the size.
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export const MAX_WORD_LENGTH = 0xffffffff;

export function encodeLength(len: number): Buffer {
  if (!Number.isInteger(len) || len < 0 || len > MAX_WORD_LENGTH) {
    throw new RangeError(`word length out of range: ${len}`);
  }
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) {
    const v = len | 0x8000;
    return Buffer.from([(v >>> 8) & 0xff, v & 0xff]);
  }
  if (len < 0x200000) {
    const v = len | 0xc00000;
    return Buffer.from([(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
  if (len < 0x10000000) {
    const v = (len | 0xe0000000) >>> 0;
    return Buffer.from([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  }
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]);
}

export interface DecodedLength {
  /** the word length */
  length: number;
  /** how many bytes the prefix took */
  bytes: number;
}

/**
 * Decodes a length prefix at `offset`. Returns null when the buffer ends inside the prefix.
 * Throws ProtocolError on a reserved control byte (first byte >= 0xF8).
 */
export function decodeLength(buf: Buffer, offset = 0): DecodedLength | null {
  if (offset >= buf.length) return null;
  const b = buf[offset];
  let bytes: number;
  if ((b & 0x80) === 0) bytes = 1;
  else if ((b & 0xc0) === 0x80) bytes = 2;
  else if ((b & 0xe0) === 0xc0) bytes = 3;
  else if ((b & 0xf0) === 0xe0) bytes = 4;
  else if (b === 0xf0) bytes = 5;
  else throw new ProtocolError(`reserved control byte 0x${b.toString(16)}`);
  if (offset + bytes > buf.length) return null;
  let length: number;
  switch (bytes) {
    case 1:
      length = b;
      break;
    case 2:
      length = ((b & 0x3f) << 8) | buf[offset + 1];
      break;
    case 3:
      length = ((b & 0x1f) << 16) | (buf[offset + 1] << 8) | buf[offset + 2];
      break;
    case 4:
      length = (b & 0x0f) * 0x1000000 + ((buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]);
      break;
    default:
      length = buf.readUInt32BE(offset + 1);
  }
  return { length, bytes };
}
