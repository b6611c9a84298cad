/**
 * Calendar days and months in Africa/Nairobi, where times are shown (docs/architecture.md rule 8).
 * East Africa Time is UTC+3 all year, with no daylight saving, so a fixed offset is exact.
 */
export const NAIROBI_TIME_ZONE = 'Africa/Nairobi';

export const DAY_MS = 86_400_000;
const OFFSET_MS = 3 * 3_600_000;

/** The Nairobi calendar day (YYYY-MM-DD) that contains `at`. */
export function nairobiDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of the Nairobi day `daysAgo` days before the one that contains `at`. */
export function startOfNairobiDay(at: Date, daysAgo = 0): Date {
  const local = at.getTime() + OFFSET_MS;
  return new Date(Math.floor(local / DAY_MS) * DAY_MS - OFFSET_MS - daysAgo * DAY_MS);
}

/** The first instant of the Nairobi calendar month that contains `at`. */
export function startOfNairobiMonth(at: Date): Date {
  const local = new Date(at.getTime() + OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - OFFSET_MS);
}

/** The last `days` Nairobi days, the one that contains `at` included, as the instants [from, to). */
export function recentNairobiDays(at: Date, days: number): { from: Date; to: Date } {
  return { from: startOfNairobiDay(at, days - 1), to: startOfNairobiDay(at, -1) };
}

/** A Nairobi day written YYYY-MM-DD as the instants [from, to); null when it is not such a date. */
export function nairobiDayRange(day: string): { from: Date; to: Date } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(midnightUtc)) return null;
  const from = midnightUtc - OFFSET_MS;
  return { from: new Date(from), to: new Date(from + DAY_MS) };
}
