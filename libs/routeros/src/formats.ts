/** RouterOS value formats (docs/routeros.md §3.5, §3.2). All wire values are strings. */

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/**
 * Parses a RouterOS time value to seconds: `1w2d3h4m5s`, `1h30m`, `90m`, `500ms`, `0.1d`,
 * `hh:mm:ss` (`2:00:00`), `1d02:03:04`, bare seconds (`3600`). `none`/empty → 0.
 * Returns null when the text is not a time value.
 */
export function tryParseDuration(input: string): number | null {
  const s = input.trim().toLowerCase();
  if (s === '' || s === 'none') return 0;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const clock = /^(?:(\d+)d)?(\d{1,3}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (clock) return Number(clock[1] ?? 0) * 86400 + Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]);
  const re = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return null;
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    pos = re.lastIndex;
  }
  return Math.round(total * 1000) / 1000;
}

export function parseDuration(input: string): number {
  const v = tryParseDuration(input);
  if (v === null) throw new RangeError(`not a RouterOS time value: ${JSON.stringify(input)}`);
  return v;
}

/** Formats seconds: `compact` → `1w2d3h4m5s` (RouterOS 7 output; `0s` for zero); `clock` → `hh:mm:ss`. */
export function formatDuration(seconds: number, style: 'compact' | 'clock' = 'compact'): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`invalid duration: ${seconds}`);
  let rest = Math.floor(seconds);
  if (style === 'clock') {
    const h = Math.floor(rest / 3600);
    const m = Math.floor((rest % 3600) / 60);
    const s = rest % 60;
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  }
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

const BYTE_SUFFIX: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Byte counts: `1073741824`; also `512k`, `1M`, `2G`, `1.5GiB` (1024-based) when a human wrote them. */
export function parseByteCount(input: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(input.trim());
  if (!m) throw new RangeError(`not a byte count: ${JSON.stringify(input)}`);
  return Math.round(Number(m[1]) * BYTE_SUFFIX[m[2].toLowerCase()]);
}

/** Byte counts go on the wire as plain integers. */
export function formatByteCount(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`invalid byte count: ${bytes}`);
  return String(bytes);
}

/** `true/yes` → true, `false/no` → false; anything else throws. */
export function parseBoolean(input: string): boolean {
  const v = input.trim().toLowerCase();
  if (v === 'true' || v === 'yes') return true;
  if (v === 'false' || v === 'no') return false;
  throw new RangeError(`not a RouterOS boolean: ${JSON.stringify(input)}`);
}

export function formatBoolean(value: boolean): 'yes' | 'no' {
  return value ? 'yes' : 'no';
}

/** A bit rate in bits per second; k = 1,000, M = 1,000,000, G = 1,000,000,000 (docs/routeros.md §3.2). */
export function parseRate(input: string): number {
  const m = /^(\d+(?:\.\d+)?)([kMG]?)$/.exec(input.trim());
  if (!m) throw new RangeError(`not a rate: ${JSON.stringify(input)}`);
  const mult = { '': 1, k: 1e3, M: 1e6, G: 1e9 }[m[2]] ?? 1;
  return Math.round(Number(m[1]) * mult);
}

export function formatRate(bps: number): string {
  if (!Number.isInteger(bps) || bps < 0) throw new RangeError(`invalid rate: ${bps}`);
  if (bps !== 0 && bps % 1e9 === 0) return `${bps / 1e9}G`;
  if (bps !== 0 && bps % 1e6 === 0) return `${bps / 1e6}M`;
  if (bps !== 0 && bps % 1e3 === 0) return `${bps / 1e3}k`;
  return String(bps);
}

export interface RatePair {
  /** router rx = client upload */
  rx: number;
  /** router tx = client download */
  tx: number;
}

/**
 * `rx[/tx] [rx-burst[/tx-burst] [rx-threshold[/tx-threshold] [rx-burst-time[/tx-burst-time]
 * [priority] [rx-min[/tx-min]]]]]` (docs/routeros.md §3.2). Rates in bit/s, burst times in seconds.
 */
export interface RateLimit {
  rate: RatePair;
  burstRate?: RatePair;
  burstThreshold?: RatePair;
  burstTime?: RatePair;
  priority?: number;
  minRate?: RatePair;
}

function pair(token: string, parse: (s: string) => number): RatePair {
  const [rx, tx] = token.split('/');
  const r = parse(rx);
  return { rx: r, tx: tx === undefined ? r : parse(tx) };
}

export function parseRateLimit(input: string): RateLimit {
  const tokens = input.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) throw new RangeError(`not a rate-limit: ${JSON.stringify(input)}`);
  const out: RateLimit = { rate: pair(tokens[0], parseRate) };
  if (tokens[1]) out.burstRate = pair(tokens[1], parseRate);
  if (tokens[2]) out.burstThreshold = pair(tokens[2], parseRate);
  if (tokens[3]) out.burstTime = pair(tokens[3], parseDuration);
  if (tokens[4]) {
    if (!/^[1-8]$/.test(tokens[4])) throw new RangeError(`rate-limit priority must be 1..8: ${tokens[4]}`);
    out.priority = Number(tokens[4]);
  }
  if (tokens[5]) out.minRate = pair(tokens[5], parseRate);
  return out;
}

export function formatRateLimit(limit: RateLimit): string {
  const fmt = (p: RatePair, f: (n: number) => string): string => `${f(p.rx)}/${f(p.tx)}`;
  const parts = [fmt(limit.rate, formatRate)];
  const rest: Array<string | undefined> = [
    limit.burstRate && fmt(limit.burstRate, formatRate),
    limit.burstThreshold && fmt(limit.burstThreshold, formatRate),
    limit.burstTime && fmt(limit.burstTime, (n) => String(n)),
    limit.priority !== undefined ? String(limit.priority) : undefined,
    limit.minRate && fmt(limit.minRate, formatRate),
  ];
  const last = rest.reduce((acc, v, i) => (v !== undefined ? i : acc), -1);
  for (let i = 0; i <= last; i++) {
    if (rest[i] === undefined) throw new RangeError('rate-limit fields are positional: set every earlier field');
    parts.push(rest[i] as string);
  }
  return parts.join(' ');
}

/** Usernames, passwords and profile names must be ASCII (node-routeros sends CP1252, docs/routeros.md §1.12). */
export function isSafeRouterText(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}
