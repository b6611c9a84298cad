import { parseAmountMinor } from './money';
import { EAT_OFFSET_MS, readWallClock } from './timestamp';
import type { PullTransaction } from './types';

/** An M-Pesa receipt (TransID / MpesaReceiptNumber) after trimming and upper-casing. */
export const MPESA_RECEIPT_PATTERN = /^[A-Z0-9]{6,20}$/;

/** Pull Transactions only reaches back 48 hours, and one query covers at most 48 hours. */
export const PULL_MAX_WINDOW_MS = 48 * 60 * 60 * 1000;
/** How far EndDate may lie in the future (clock skew between us and Safaricom). */
export const PULL_FUTURE_SLACK_MS = 5 * 60 * 1000;

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

/** Trimmed text cut to max characters; null when absent or blank. */
function bounded(v: unknown, max: number): string | null {
  const t = textOf(v)?.trim();
  return t ? t.slice(0, max) : null;
}

/** Reads a field by its documented name, falling back to any spelling that differs only in case. */
function fieldReader(row: Row): (name: string) => unknown {
  let lower: Map<string, unknown> | null = null;
  return (name) => {
    if (Object.prototype.hasOwnProperty.call(row, name)) return row[name];
    if (!lower) {
      lower = new Map();
      for (const key of Object.keys(row)) if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), row[key]);
    }
    return lower.get(name.toLowerCase());
  };
}

/** The normalised transactionId of a raw row (used to compare pages), or null. */
export function pullRowId(raw: unknown): string | null {
  if (!isRow(raw)) return null;
  const id = textOf(fieldReader(raw)('transactionId'))?.trim().toUpperCase();
  return id && MPESA_RECEIPT_PATTERN.test(id) ? id : null;
}

function msisdnOf(v: unknown): string | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : null;
  return bounded(v, 20);
}

/**
 * One Pull row → PullTransaction, or null when it cannot be trusted (no valid receipt, or an amount that is
 * not an exact non-negative value with at most 2 decimals). Never throws, whatever the input.
 */
export function parsePullRow(raw: unknown): PullTransaction | null {
  if (!isRow(raw)) return null;
  const get = fieldReader(raw);
  const transactionId = pullRowId(raw);
  if (!transactionId) return null;
  const amountMinor = parseAmountMinor(get('amount'));
  if (amountMinor === null || amountMinor < 0) return null;
  const trxDate = (textOf(get('trxDate')) ?? '').trim().slice(0, 40);
  // Safaricom writes trxDate with a Z, but public reports disagree on whether the digits are UTC or Nairobi
  // time; both readings are kept and the caller picks (e.g. whichever matches its own records).
  const wall = readWallClock(trxDate);
  return {
    transactionId,
    trxDate,
    completedAtEat: wall ? new Date(wall.digitsAsUtcMs - EAT_OFFSET_MS) : null,
    completedAtUtc: wall ? new Date(wall.digitsAsUtcMs) : null,
    msisdn: msisdnOf(get('msisdn')),
    sender: bounded(get('sender'), 100),
    transactionType: (bounded(get('transactiontype'), 60) ?? '').toLowerCase(),
    billReference: bounded(get('billreference'), 40) ?? '',
    amountMinor,
    organizationName: bounded(get('organizationname'), 100),
  };
}

/** A list of rows, nested one level (`[[…]]`) or flat (`[…]`), possibly sent as a JSON string; non-objects are dropped. */
function flattenRows(value: unknown): Row[] {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  const rows: Row[] = [];
  for (const item of v) {
    if (Array.isArray(item)) {
      for (const inner of item) if (isRow(inner)) rows.push(inner);
    } else if (isRow(item)) {
      rows.push(item);
    }
  }
  return rows;
}

/** The raw rows of a Pull answer: `Response`, else `Transaction`/`Transactions` (the docs show `"Transaction": "[[]]"`). */
export function pullRowsOf(answer: Row): Row[] {
  for (const key of ['Response', 'Transaction', 'Transactions']) {
    const rows = flattenRows(answer[key]);
    if (rows.length > 0) return rows;
  }
  return [];
}

/** Why [from, to] cannot be queried (Daraja's 48 h rules), or null. */
export function pullWindowProblem(from: Date, to: Date, now: Date): { field: string; problem: string } | null {
  const [f, t, n] = [from.getTime(), to.getTime(), now.getTime()];
  if (!Number.isFinite(f)) return { field: 'StartDate', problem: 'from must be a valid date' };
  if (!Number.isFinite(t)) return { field: 'EndDate', problem: 'to must be a valid date' };
  if (!Number.isFinite(n)) return { field: 'now', problem: 'now must be a valid date' };
  if (f >= t) return { field: 'EndDate', problem: 'to must be later than from' };
  if (f < n - PULL_MAX_WINDOW_MS) return { field: 'StartDate', problem: 'Pull Transactions only reaches back 48 hours' };
  if (t - f > PULL_MAX_WINDOW_MS) return { field: 'EndDate', problem: 'one Pull query covers at most 48 hours' };
  if (t > n + PULL_FUTURE_SLACK_MS) return { field: 'EndDate', problem: 'to must not be more than 5 minutes in the future' };
  return null;
}
