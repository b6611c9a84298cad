import { toHexId } from '../values';

/** One item of a menu: `.id` plus its properties, all strings as on the wire. */
export type Row = Record<string, string>;

/**
 * An ordered table of items with RouterOS-style `*HEX` ids that are never reused.
 */
export class Table {
  private readonly items = new Map<string, Row>();
  private nextId: number;

  constructor(firstId = 1) {
    this.nextId = firstId;
  }

  add(fields: Row, id?: string): string {
    if (id !== undefined) {
      const n = parseInt(id.slice(1), 16);
      if (id.startsWith('*') && Number.isInteger(n) && n >= this.nextId) this.nextId = n + 1;
    }
    const itemId = id ?? toHexId(this.nextId++);
    this.items.set(itemId, { '.id': itemId, ...fields });
    return itemId;
  }

  get(id: string): Row | undefined {
    return this.items.get(id);
  }

  /** First item whose `field` equals `value`. */
  find(field: string, value: string): Row | undefined {
    for (const row of this.items.values()) if (row[field] === value) return row;
    return undefined;
  }

  filter(predicate: (row: Row) => boolean): Row[] {
    return this.all().filter(predicate);
  }

  update(id: string, fields: Row): Row {
    const row = this.items.get(id);
    if (!row) throw new Error(`no item ${id}`);
    Object.assign(row, fields);
    return row;
  }

  unset(id: string, field: string): void {
    const row = this.items.get(id);
    if (row) delete row[field];
  }

  remove(id: string): boolean {
    return this.items.delete(id);
  }

  all(): Row[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }
}
