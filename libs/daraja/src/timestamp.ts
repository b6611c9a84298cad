/** Kenya (Africa/Nairobi, EAT) is UTC+3 all year; there is no daylight saving. */
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

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
