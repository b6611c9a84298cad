import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** Without the look-alikes 0 O 1 I L (docs/product.md §5). Upper case only: codes are typed on phones. */
export const ALPHABETS = {
  digits: '23456789',
  letters: 'ABCDEFGHJKMNPQRSTUVWXYZ',
  mixed: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
} as const;
export type CodeAlphabet = keyof typeof ALPHABETS;
export const CODE_ALPHABETS = Object.keys(ALPHABETS) as CodeAlphabet[];

/** Public payment references: 8 characters of the mixed alphabet (≤ 12, docs/product.md §5). */
const REFERENCE_LENGTH = 8;
/**
 * A provider's code space for a format (alphabet^length) must stay this many times larger than
 * its live codes of that format, batch included (docs/portal.md "Guessing codes"): a guess then
 * hits a live code with a chance of at most 1 in 10,000, and random collisions stay rare.
 */
export const CODE_SPACE_FACTOR = 10_000;

export interface CodeOptions {
  length: number;
  alphabet: CodeAlphabet;
  prefix?: string;
}

/**
 * `count` strings of `length` characters from `alphabet`, drawn from the CSPRNG with
 * rejection sampling (no modulo bias).
 */
export function randomStrings(count: number, length: number, alphabet: string, random: (n: number) => Buffer = randomBytes): string[] {
  const size = alphabet.length;
  const limit = 256 - (256 % size);
  const out: string[] = [];
  let pool = random(Math.ceil(count * length * 1.3) + 16);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let s = '';
    while (s.length < length) {
      if (at >= pool.length) {
        pool = random(Math.max(64, (count - i) * length));
        at = 0;
      }
      const byte = pool[at++];
      if (byte < limit) s += alphabet[byte % size];
    }
    out.push(s);
  }
  return out;
}

/** How many distinct codes the options allow. */
export function codeSpace(options: CodeOptions): number {
  return ALPHABETS[options.alphabet].length ** options.length;
}

/** Code and payment-reference generation; a class so tests can force collisions. */
@Injectable()
export class VoucherCodeGenerator {
  /** `count` codes, distinct among themselves (prefix + random part). */
  codes(count: number, options: CodeOptions): string[] {
    return distinct(count, () => randomStrings(count, options.length, ALPHABETS[options.alphabet]).map((s) => `${options.prefix ?? ''}${s}`));
  }

  /** `count` payment references, distinct among themselves. */
  references(count: number): string[] {
    return distinct(count, () => randomStrings(count, REFERENCE_LENGTH, ALPHABETS.mixed));
  }

  /** A separate hotspot password (when the batch does not use username = password). */
  passwords(count: number, length: number): string[] {
    return randomStrings(count, length, ALPHABETS.digits);
  }
}

function distinct(count: number, draw: () => string[]): string[] {
  const seen = new Set<string>();
  for (let round = 0; seen.size < count && round < 20; round++) {
    for (const s of draw()) {
      if (seen.size >= count) break;
      seen.add(s);
    }
  }
  return [...seen];
}
