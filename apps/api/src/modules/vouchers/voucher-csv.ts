/** One CSV row of a voucher export. */
export interface VoucherCsvRow {
  code: string;
  password: string | null;
  paymentReference: string;
  planName: string;
  price: number;
  currency: string;
  status: string;
  expiresAt: Date | null;
}

const CSV_HEADER = ['code', 'password', 'payment_reference', 'plan', 'price', 'currency', 'status', 'expires_at'];

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: VoucherCsvRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push([r.code, r.password ?? r.code, r.paymentReference, r.planName, r.price, r.currency, r.status, r.expiresAt?.toISOString() ?? ''].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
