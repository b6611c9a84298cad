import { parse } from 'csv-parse/sync';
import { parseAmountMinor } from './money';
import { MPESA_RECEIPT_PATTERN } from './pull';
import { EAT_OFFSET_MS, readWallClock } from './timestamp';

/** One transaction line of an M-Pesa org-portal statement export. */
export interface OrgStatementLine {
  /** 1-based line number in the file. */
  row: number;
  /** "Receipt No." upper-cased. */
  receipt: string;
  /** "Completion Time" read as Nairobi time (an explicit Z/offset in an ISO value is honoured). */
  completedAt: Date | null;
  initiatedAt: Date | null;
  /** At most 200 characters. */
  details: string;
  /** "Transaction Status", e.g. Completed. */
  status: string;
  /** Exact cents; 0 when empty. */
  paidInMinor: number;
  /** Exact cents, positive ("-500.00" → 50000); 0 when empty. */
  withdrawnMinor: number;
  reasonType: string;
  /** "Other Party Info", at most 120 characters. */
  otherParty: string;
  /** "A/C No." column, else "Acc. XXXX" from Details, else ''; at most 40 characters. */
  accountNumber: string;
}

export interface OrgStatement {
  shortCode: string | null;
  periodFrom: Date | null;
  periodTo: Date | null;
  lines: OrgStatementLine[];
  errors: Array<{ row: number; reason: string }>;
}

/** The text is not a statement export we can read (no header row, too long, broken CSV). */
export class StatementFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatementFormatError';
  }
}

const DEFAULT_MAX_LINES = 50_000;

type Column = 'receipt' | 'completed' | 'initiated' | 'details' | 'status' | 'paidIn' | 'withdrawn' | 'reasonType' | 'otherParty' | 'account';

/** Header names, compared lower-case with everything but letters and digits removed. */
const COLUMNS: Record<string, Column> = {
  receiptno: 'receipt',
  completiontime: 'completed',
  initiationtime: 'initiated',
  details: 'details',
  transactionstatus: 'status',
  paidin: 'paidIn',
  withdrawn: 'withdrawn',
  reasontype: 'reasonType',
  otherpartyinfo: 'otherParty',
  acno: 'account',
};

const keyOf = (cell: string): string => cell.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Nairobi time unless the value names its zone. */
function nairobiTime(text: string): Date | null {
  const wall = text ? readWallClock(text) : null;
  return wall ? new Date(wall.digitsAsUtcMs - (wall.offsetMs ?? EAT_OFFSET_MS)) : null;
}

/** `;` when the header line uses it more than `,` (European spreadsheet exports), else `,`. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.split(/\r\n|\n|\r/, 500).find((line) => /receipt\s*no/i.test(line));
  if (!header) return ',';
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** The "Key:,Value" lines above the table: short code and time period. */
function readPreamble(rows: string[][]): Pick<OrgStatement, 'shortCode' | 'periodFrom' | 'periodTo'> {
  const out: Pick<OrgStatement, 'shortCode' | 'periodFrom' | 'periodTo'> = { shortCode: null, periodFrom: null, periodTo: null };
  for (const cells of rows) {
    let key = cells[0] ?? '';
    let value = cells.slice(1).find((c) => c !== '') ?? '';
    if (!value && key.includes(':')) [key, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1).trim()];
    const k = keyOf(key);
    if (k === 'shortcode' || k === 'organisationshortcode' || k === 'organizationshortcode') {
      out.shortCode = /^(\d{5,7})\b/.exec(value)?.[1] ?? out.shortCode;
    } else if (k === 'timeperiod') {
      const m = /^from\s+(.+?)\s+to\s+(.+)$/i.exec(value);
      if (m) {
        out.periodFrom = nairobiTime(m[1]);
        out.periodTo = nairobiTime(m[2]);
      }
    }
  }
  return out;
}

/**
 * Parses the M-Pesa org-portal statement export (CSV, `,` or `;`, optional BOM): the preamble above the
 * table, then one line per transaction with columns found by name. Lines that cannot be trusted (receipt,
 * amounts) are listed in `errors` instead of `lines`. Pure: nothing is evaluated, nothing is written.
 */
export function parseOrgStatement(text: string, options: { maxLines?: number } = {}): OrgStatement {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const source = text.replace(/^\uFEFF/, '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(source, {
      delimiter: delimiterOf(source),
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      to_line: maxLines + 1,
      max_record_size: 100_000,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    throw new StatementFormatError(`the statement is not readable CSV: ${(err as Error).message}`);
  }
  if (records.some((r) => r.info.lines > maxLines)) throw new StatementFormatError(`the statement has more than ${maxLines} lines`);

  const headerAt = records.findIndex((r) => r.record.some((cell) => keyOf(cell) === 'receiptno'));
  if (headerAt < 0) throw new StatementFormatError('no header row with a "Receipt No." column: is this an M-Pesa statement export?');
  const columns = new Map<Column, number>();
  records[headerAt].record.forEach((cell, i) => {
    const column = COLUMNS[keyOf(cell)];
    if (column && !columns.has(column)) columns.set(column, i);
  });
  const cell = (cells: string[], column: Column, max = 200): string => {
    const i = columns.get(column);
    return i === undefined ? '' : (cells[i] ?? '').slice(0, max);
  };

  const statement: OrgStatement = { ...readPreamble(records.slice(0, headerAt).map((r) => r.record)), lines: [], errors: [] };
  for (const { record: cells, info } of records.slice(headerAt + 1)) {
    if (cells.every((c) => c === '')) continue;
    // info.lines is where the record ends; quoted cells may span lines.
    const row = info.lines - cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const receiptCell = cell(cells, 'receipt', 40);
    if (keyOf(receiptCell) === 'receiptno') continue; // the header repeated (multi-page exports)
    const receipt = receiptCell.toUpperCase();
    if (!MPESA_RECEIPT_PATTERN.test(receipt)) {
      statement.errors.push({ row, reason: receipt ? `invalid receipt "${receipt.slice(0, 20)}"` : 'missing receipt' });
      continue;
    }
    const paidIn = cell(cells, 'paidIn', 40);
    const withdrawn = cell(cells, 'withdrawn', 40);
    const paidInMinor = paidIn ? parseAmountMinor(paidIn, { allowNegative: true }) : 0;
    const withdrawnMinor = withdrawn ? parseAmountMinor(withdrawn, { allowNegative: true }) : 0;
    if (paidInMinor === null || withdrawnMinor === null) {
      statement.errors.push({ row, reason: `invalid amount for ${receipt}` });
      continue;
    }
    const details = cell(cells, 'details', 200);
    statement.lines.push({
      row,
      receipt,
      completedAt: nairobiTime(cell(cells, 'completed', 40)),
      initiatedAt: nairobiTime(cell(cells, 'initiated', 40)),
      details,
      status: cell(cells, 'status', 40),
      paidInMinor: Math.abs(paidInMinor),
      withdrawnMinor: Math.abs(withdrawnMinor),
      reasonType: cell(cells, 'reasonType', 100),
      otherParty: cell(cells, 'otherParty', 120),
      accountNumber: (cell(cells, 'account', 40) || /\bAcc\.\s*(\S+)/i.exec(details)?.[1] || '').slice(0, 40),
    });
  }
  return statement;
}
