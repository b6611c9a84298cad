import type { RegisteredApp } from './apps';
import { statementTime, trxDate } from './time';
import type { PullSettings } from './types';

export const DEFAULT_PULL_SETTINGS: PullSettings = {
  listStk: true,
  pageSize: 100,
  paging: 'page-index',
  nesting: 'nested',
  registerKeys: 'spaced',
  trxDateZone: 'eat-as-z',
  totals: false,
};

const CHOICES: { [K in keyof PullSettings]?: readonly PullSettings[K][] } = {
  paging: ['page-index', 'row-offset'],
  nesting: ['nested', 'flat'],
  registerKeys: ['spaced', 'plain'],
  trxDateZone: ['eat-as-z', 'utc'],
};

/** Checks a partial settings object (from code or the control API); throws on an unknown key or a bad value. */
export function checkPullSettings(partial: Record<string, unknown>): Partial<PullSettings> {
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in DEFAULT_PULL_SETTINGS)) throw new Error(`unknown pull setting ${key}`);
    if (key === 'listStk' || key === 'totals') {
      if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`);
    } else if (key === 'pageSize') {
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 10_000) throw new Error('pageSize must be a whole number from 1 to 10000');
    } else if (!(CHOICES[key as keyof PullSettings] as readonly unknown[]).includes(value)) {
      throw new Error(`${key} must be one of ${(CHOICES[key as keyof PullSettings] as readonly unknown[]).join(', ')}`);
    }
  }
  return partial;
}

/** A movement on a shortcode's account: a customer payment (STK or C2B) or a settlement sweep out of it. */
export interface AccountItem {
  kind: 'stk' | 'c2b' | 'sweep';
  receipt: string;
  atMs: number;
  initiatedMs: number;
  /** The shortcode is the app's till (Buy Goods), not its paybill. */
  till: boolean;
  /** KES, positive both ways. */
  amount: number;
  msisdn: string | null;
  name: string;
  reference: string;
  balance: number | null;
}

/** Oldest first, receipts breaking ties: the order Pull pages through. */
export const byTime = (a: AccountItem, b: AccountItem): number => a.atMs - b.atMs || (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0);

/** One Pull Transactions row as Daraja sends it (lower-case keys, amount as a 2-decimal string, msisdn as a number). */
export function pullRow(item: AccountItem, app: RegisteredApp, zone: PullSettings['trxDateZone']): Record<string, unknown> {
  const sweep = item.kind === 'sweep';
  return {
    transactionId: item.receipt,
    trxDate: trxDate(item.atMs, zone),
    msisdn: item.msisdn === null ? null : Number(item.msisdn),
    sender: item.name,
    transactiontype: sweep ? 'merchant-to-organization-settlement' : item.till ? 'c2b-buy-goods-debit' : 'c2b-pay-bill-debit',
    billreference: sweep || item.till ? '' : item.reference,
    amount: item.amount.toFixed(2),
    organizationname: app.organizationName,
  };
}

const STATEMENT_HEADER = [
  'Receipt No.',
  'Completion Time',
  'Initiation Time',
  'Details',
  'Transaction Status',
  'Paid In',
  'Withdrawn',
  'Balance',
  'Balance Confirmed',
  'Reason Type',
  'Other Party Info',
  'Linked Transaction ID',
  'A/C No.',
];

/** Quotes a cell when it holds a delimiter, a quote, a line break or edge spaces. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

const maskForStatement = (msisdn: string): string => `${msisdn.slice(0, 4)}******${msisdn.slice(-3)}`;

function statementLine(item: AccountItem, app: RegisteredApp): string[] {
  let details: string;
  let reason: string;
  let party: string;
  if (item.kind === 'sweep') {
    details = 'Merchant to Organization Settlement';
    reason = 'Merchant to Organization Settlement';
    party = `${app.shortcode} - ${app.organizationName}`;
  } else {
    party = `${maskForStatement(item.msisdn ?? '')} - ${item.name}`;
    const acc = item.reference ? ` Acc. ${item.reference}` : '';
    if (item.till) [details, reason] = [`Merchant Payment from ${party}`, 'Buy Goods'];
    else if (item.kind === 'stk') [details, reason] = [`Pay Bill Online from ${party}${acc}`, 'Pay Bill Online'];
    else [details, reason] = [`Pay Bill from ${party}${acc}`, 'Pay Bill'];
  }
  const money = item.amount.toFixed(2);
  return [
    item.receipt,
    statementTime(item.atMs),
    statementTime(item.initiatedMs),
    details,
    'Completed',
    item.kind === 'sweep' ? '' : money,
    item.kind === 'sweep' ? `-${money}` : '',
    item.balance === null ? '' : item.balance.toFixed(2),
    'true',
    reason,
    party,
    '',
    item.kind === 'sweep' || item.till ? '' : item.reference,
  ].map(csvCell);
}

/** The org-portal statement export: preamble, header, then one line per movement, newest first. */
export function statementCsv(app: RegisteredApp, shortCode: string, from: Date, to: Date, items: AccountItem[]): string {
  const lines = [
    ['Organisation Name:', app.organizationName],
    ['Organisation Short Code:', shortCode],
    ['Time Period:', `From ${statementTime(from)} To ${statementTime(to)}`],
    [],
    STATEMENT_HEADER,
  ].map((cells) => cells.map(csvCell).join(','));
  for (const item of [...items].sort(byTime).reverse()) lines.push(statementLine(item, app).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
