/**
 * How many SMS parts a text costs. GSM 03.38's 7-bit alphabet packs 160 characters in one SMS and
 * 153 per part once the text is split (each part spends 7 on the joining header); the extension
 * table's characters (`^ { } [ ] ~ | € \` and form feed) take two places each, and a part never ends
 * between the two. One character outside the alphabet (a curly quote, an emoji, a letter such as "ć")
 * turns the whole text into UCS-2: 70 UTF-16 units in one SMS, 67 per part, and a surrogate pair
 * (emoji) is never split across parts.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7, extension characters counting 2) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts the gateway bills; 0 for an empty text. */
  segments: number;
  /** Capacity of one part for this text: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
  /** Places left in the last part before another part is needed. */
  remaining: number;
  /** Distinct characters that forced UCS-2, in order of appearance (empty for GSM-7). */
  nonGsmCharacters: string[];
}

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** Places a GSM-7 character takes: 1 (basic), 2 (extension) or null (not in the alphabet). */
export function gsm7Width(char: string): 1 | 2 | null {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return null;
}

/** Characters of the text that the GSM-7 alphabet lacks (distinct, in order). */
export function nonGsmCharacters(text: string): string[] {
  const seen = new Set<string>();
  for (const char of text) if (gsm7Width(char) === null) seen.add(char);
  return [...seen];
}

/** Packs widths into parts of `size`, never splitting one character; returns the part count and the last part's fill. */
function pack(widths: number[], size: number): { parts: number; fill: number } {
  let parts = 1;
  let fill = 0;
  for (const w of widths) {
    if (fill + w > size) {
      parts++;
      fill = 0;
    }
    fill += w;
  }
  return { parts, fill };
}

export function smsSegments(text: string): SmsSegments {
  const nonGsm = nonGsmCharacters(text);
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  // code points: an emoji is one entry of width 2 in UCS-2, so packing never splits its surrogate pair
  const widths = [...text].map((char) => (encoding === 'GSM-7' ? (gsm7Width(char) as number) : char.length));
  const units = widths.reduce((sum, w) => sum + w, 0);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE : UCS2_SINGLE;
  const part = encoding === 'GSM-7' ? GSM7_PART : UCS2_PART;
  if (units === 0) return { encoding, units, segments: 0, perSegment: single, remaining: single, nonGsmCharacters: nonGsm };
  if (units <= single) return { encoding, units, segments: 1, perSegment: single, remaining: single - units, nonGsmCharacters: nonGsm };
  const { parts, fill } = pack(widths, part);
  return { encoding, units, segments: parts, perSegment: part, remaining: part - fill, nonGsmCharacters: nonGsm };
}
