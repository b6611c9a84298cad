/** Kenya (Africa/Nairobi, EAT) is UTC+3 all year; there is no daylight saving. */
export const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

/** Daraja timestamp `YYYYMMDDHHmmss` in Africa/Nairobi time. Generate once per request and reuse for the Password. */
export function darajaTimestamp(at: Date = new Date()): string {
  const d = new Date(at.getTime() + EAT_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** STK Password: `base64(BusinessShortCode + Passkey + Timestamp)`. */
export function stkPassword(businessShortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${businessShortCode}${passkey}${timestamp}`, 'utf8').toString('base64');
}

/** Parses a Daraja `YYYYMMDDHHmmss` (EAT; string or number) into a Date, or null when invalid. */
export function parseDarajaTimestamp(value: string | number): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(value));
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const c = new Date(utc);
  if (c.getUTCFullYear() !== y || c.getUTCMonth() !== mo - 1 || c.getUTCDate() !== d || c.getUTCHours() !== h || c.getUTCMinutes() !== mi || c.getUTCSeconds() !== s) return null;
  return new Date(utc - EAT_OFFSET_MS);
}

/** `YYYY-MM-DD HH:mm:ss` in Africa/Nairobi time (the Pull Transactions StartDate/EndDate format). */
export function eatDateTime(at: Date): string {
  const t = darajaTimestamp(at);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** A date/time as written: its digits read as if they were UTC, and the zone it named (ms east of UTC), if any. */
export interface WallClock {
  digitsAsUtcMs: number;
  offsetMs: number | null;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_FIRST = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * Reads the date/time forms Daraja answers and M-Pesa statements use: `YYYY-MM-DD[T ]HH:mm[:ss[.fff]][Z|±HH:MM]`,
 * `DD-MM-YYYY HH:mm[:ss]`, `DD/MM/YYYY HH:mm[:ss]` (day first, as in Kenya) and `YYYYMMDDHHmmss`. A missing time
 * is midnight. Null for anything else or an impossible date. The caller decides which zone the digits are in.
 */
export function readWallClock(value: string): WallClock | null {
  const text = value.trim();
  if (text.length > 40) return null;
  let parts: string[];
  let zone: string | undefined;
  let m = ISO_LIKE.exec(text);
  if (m) {
    parts = [m[1], m[2], m[3], m[4], m[5], m[6]];
    zone = m[7];
  } else if ((m = DAY_FIRST.exec(text))) {
    parts = [m[3], m[2], m[1], m[4], m[5], m[6]];
  } else if ((m = COMPACT.exec(text))) {
    parts = m.slice(1, 7);
  } else {
    return null;
  }
  const [y, mo, d, h, mi, s] = parts.map((p) => (p === undefined ? 0 : Number(p)));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const c = new Date(utc);
  if (c.getUTCFullYear() !== y || c.getUTCMonth() !== mo - 1 || c.getUTCDate() !== d || c.getUTCHours() !== h || c.getUTCMinutes() !== mi || c.getUTCSeconds() !== s) return null;
  let offsetMs: number | null = null;
  if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    offsetMs = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000 : 0;
  }
  return { digitsAsUtcMs: utc, offsetMs };
}
