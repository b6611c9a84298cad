/**
 * Kenyan mobile numbers as people type them (0712 345 678, +254 712…, 254712…, 712345678), read
 * the way the API reads them (apps/api/src/common/phone.ts): 2547XXXXXXXX / 2541XXXXXXXX.
 */
export function normaliseKenyanMobile(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  const match = /^(?:\+?254|0)?([17]\d{8})$/.exec(compact);
  return match ? `254${match[1]}` : null;
}

/** One entry of a pasted list that is not a Kenyan mobile number, or repeats an earlier one. */
export interface PhoneListProblem {
  /** 1-based line of the text */
  line: number;
  entry: string;
  reason: 'not_mobile' | 'repeated';
}

/**
 * A pasted list of phone numbers: one a line or separated by commas or semicolons, blank entries
 * skipped. `phones` are the readable numbers in order (normalised, each once); `problems` the rest.
 */
export function parsePhoneList(text: string): { phones: string[]; problems: PhoneListProblem[] } {
  const phones: string[] = [];
  const problems: PhoneListProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((row, i) => {
    for (const raw of row.split(/[,;]/)) {
      const entry = raw.trim();
      if (!entry) continue;
      const phone = normaliseKenyanMobile(entry);
      if (!phone) problems.push({ line: i + 1, entry, reason: 'not_mobile' });
      else if (seen.has(phone)) problems.push({ line: i + 1, entry, reason: 'repeated' });
      else {
        seen.add(phone);
        phones.push(phone);
      }
    }
  });
  return { phones, problems };
}

/**
 * A phone search as the digits the SMS log matches anywhere in the stored 2547… number: spaces,
 * dashes and a plus dropped, a local leading 0 read as 254. null when it cannot be 3–12 digits.
 */
export function phoneSearchDigits(input: string): string | null {
  const digits = input.replace(/[\s\-().+]/g, '');
  if (!/^\d*$/.test(digits)) return null;
  const full = /^0[17]/.test(digits) ? `254${digits.slice(1)}` : digits;
  return full.length >= 3 && full.length <= 12 ? full : null;
}
