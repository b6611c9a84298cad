import type { LedgerEntry, LedgerSnapshot } from './types';

/** What the "gateway" considers paid: every completed STK payment and every confirmed C2B payment, once per receipt. */
export class SettledLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  /** Records a settlement; a receipt already present (STK also seen as C2B) is not counted twice. */
  add(entry: LedgerEntry): boolean {
    if (this.entries.has(entry.receipt)) return false;
    this.entries.set(entry.receipt, entry);
    return true;
  }

  has(receipt: string): boolean {
    return this.entries.has(receipt);
  }

  snapshot(): LedgerSnapshot {
    const entries = [...this.entries.values()].map((e) => ({ ...e }));
    return { entries, count: entries.length, total: entries.reduce((sum, e) => sum + e.amount, 0) };
  }

  clear(): void {
    this.entries.clear();
  }
}
