/** Kenya (EAT) is UTC+3 all year, with no daylight saving. */
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

/** `YYYYMMDDHHmmss` in EAT, the format of Daraja timestamps and transaction dates. */
export function eatTimestamp(at: Date | number = Date.now()): string {
  const d = new Date((typeof at === 'number' ? at : at.getTime()) + EAT_OFFSET_MS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Parses an EAT `YYYYMMDDHHmmss`; null when it is not 14 digits or not a real date/time. */
export function parseEatTimestamp(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s)
    return null;
  return new Date(utc - EAT_OFFSET_MS);
}

/** Parses `YYYY-MM-DD HH:mm[:ss]` in EAT (the Pull StartDate/EndDate format); null when malformed or not a real time. */
export function parseEatDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  return m ? parseEatTimestamp(`${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6] ?? '00'}`) : null;
}

/** EAT `DD-MM-YYYY HH:mm:ss`, the org-portal statement format. */
export function statementTime(at: Date | number): string {
  const t = eatTimestamp(at);
  return `${t.slice(6, 8)}-${t.slice(4, 6)}-${t.slice(0, 4)} ${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** `YYYY-MM-DDTHH:mm:ssZ` from EAT digits (`eat-as-z`, as Safaricom reportedly writes trxDate) or from true UTC. */
export function trxDate(at: Date | number, zone: 'eat-as-z' | 'utc'): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const t = eatTimestamp(zone === 'utc' ? ms - EAT_OFFSET_MS : ms);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`;
}
