import type { SimClock } from '../clock';
import type { VersionProfile } from '../profiles';
import type { Row } from './table';
import { Table } from './table';

/** `/file` types the simulator makes (docs/routeros.md §9). */
export type SimFileType = 'backup' | 'script' | '.rsc file' | 'directory' | 'file';

/** The type RouterOS shows for a file name (by its extension). */
function fileTypeFor(name: string): SimFileType {
  if (name.endsWith('.backup')) return 'backup';
  if (name.endsWith('.rsc')) return '.rsc file';
  return 'file';
}

/**
 * The router's flash: `/file` rows (name, type, size, creation-time) and their bytes. Files are
 * not configuration: they survive a reboot and a backup load.
 */
export class FileStore {
  readonly table = new Table(1);
  private readonly contents = new Map<string, Buffer>();
  private readonly settling = new Set<NodeJS.Timeout>();
  /** `writeSettling` files are complete only this long after the write (the `fileSettleMs` fault) */
  settleMs = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly profile: VersionProfile,
  ) {}

  /** Creates or replaces `name` (a replaced file keeps its `.id`). */
  write(name: string, bytes: Buffer, type: SimFileType = fileTypeFor(name)): Row {
    const fields: Row = { name, type, size: String(bytes.length), 'creation-time': this.timestamp() };
    const existing = this.table.find('name', name);
    const id = existing ? existing['.id'] : this.table.add(fields);
    if (existing) this.table.update(id, fields);
    this.contents.set(id, Buffer.from(bytes));
    return { ...(this.table.get(id) as Row) };
  }

  /**
   * A file the router is still writing: listed at once with size 0, complete after `settleMs`
   * (as an export or backup shows up on a real router a moment after the command returned).
   */
  writeSettling(name: string, bytes: Buffer, type: SimFileType = fileTypeFor(name)): void {
    if (this.settleMs <= 0) {
      this.write(name, bytes, type);
      return;
    }
    this.write(name, Buffer.alloc(0), type);
    const timer = setTimeout(() => {
      this.settling.delete(timer);
      if (this.table.find('name', name)) this.write(name, bytes, type);
    }, this.settleMs);
    this.settling.add(timer);
  }

  /** Stops pending `writeSettling` writes (router stopped). */
  cancelSettling(): void {
    for (const t of this.settling) clearTimeout(t);
    this.settling.clear();
  }

  /** A copy of the file's bytes, or null when there is no such file. */
  read(name: string): Buffer | null {
    const row = this.table.find('name', name);
    const bytes = row && this.contents.get(row['.id']);
    return bytes ? Buffer.from(bytes) : null;
  }

  find(name: string): Row | undefined {
    const row = this.table.find('name', name);
    return row && { ...row };
  }

  remove(idOrName: string): boolean {
    const row = this.table.get(idOrName) ?? this.table.find('name', idOrName);
    if (!row) return false;
    this.contents.delete(row['.id']);
    return this.table.remove(row['.id']);
  }

  list(): Row[] {
    return this.table.all().map((r) => ({ ...r }));
  }

  /** `2025-01-01 08:00:00` on v7, `jan/01/2025 08:00:00` on v6 (as `/file print` shows it). */
  private timestamp(): string {
    const d = this.clock.nowDate();
    const time = d.toISOString().slice(11, 19);
    if (this.profile.logTimeStyle === 'v7') return `${d.toISOString().slice(0, 10)} ${time}`;
    const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][d.getUTCMonth()];
    return `${month}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()} ${time}`;
  }
}
