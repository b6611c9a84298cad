import { encodeLength } from './length';

/**
 * Words are byte strings; the simulator maps bytes to chars 1:1 (latin1) so that whatever a
 * client sends is stored and echoed byte for byte (RouterOS declares no encoding, docs/routeros.md §1.12).
 */
export const WORD_ENCODING: BufferEncoding = 'latin1';

export function encodeWord(word: string): Buffer {
  const body = Buffer.from(word, WORD_ENCODING);
  return Buffer.concat([encodeLength(body.length), body]);
}

/** A sentence: its words followed by the zero-length terminator word. */
export function encodeSentence(words: readonly string[]): Buffer {
  return Buffer.concat([...words.map(encodeWord), Buffer.from([0])]);
}
