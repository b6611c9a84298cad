/** RouterOS value formats as the simulator stores and prints them (docs/routeros.md §3.5). */

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Parses `1w2d3h4m5s`, `1h30m`, `hh:mm:ss`, `1d02:03:04`, bare seconds. Returns seconds or null. */
export function parseDuration(input: string): number | null {
  const s = input.trim();
  if (s === '' || s === 'none') return 0;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.floor(Number(s));
  const clock = /^(?:(\d+)d)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (clock) {
    return Number(clock[1] ?? 0) * 86400 + Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]);
  }
  const re = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === s.length && consumed > 0 ? Math.floor(total) : null;
}

/** Formats seconds the way RouterOS 7 prints them: `0s`, `59s`, `1h30m`, `1w2d3h4m5s`. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['w', 604800],
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

export function parseBoolean(input: string): boolean | null {
  const v = input.trim().toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false' || v === '') return false;
  return null;
}

/** Byte counts: plain integers, optional k/M/G (1024-based) suffix [unverified for input]. */
export function parseBytes(input: string): number | null {
  const m = /^(\d+)([kKMG]?)$/.exec(input.trim());
  if (!m) return null;
  const mult = { '': 1, k: 1024, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]] ?? 1;
  return Number(m[1]) * mult;
}

export function toHexId(n: number): string {
  return `*${n.toString(16).toUpperCase()}`;
}
