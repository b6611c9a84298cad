import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities read by hand-written SQL on the paid-callback path (docs/mpesa.md "The paid-callback
 * path"): the select list of an entity's columns under a prefix, and the row turned back into the
 * entity (column transformers applied, e.g. bigint → number). Built from TypeORM's metadata, so a
 * column added to the entity is read here too.
 */
export class RawRows<T extends ObjectLiteral> {
  private readonly columns: Array<{ db: string; prop: string; from?: (v: unknown) => unknown }>;
  private readonly keys = new Map<string, string[]>();

  constructor(dataSource: DataSource, entity: EntityTarget<T>) {
    this.columns = dataSource.getMetadata(entity).columns.map((c) => {
      const t = c.transformer && !Array.isArray(c.transformer) ? c.transformer : undefined;
      return { db: c.databaseName, prop: c.propertyName, from: t ? (v: unknown) => t.from(v) as unknown : undefined };
    });
  }

  /** `alias.column AS "prefix.property", …` */
  select(alias: string, prefix = alias): string {
    return this.columns.map((c) => `${alias}.${c.db} AS "${prefix}.${c.prop}"`).join(', ');
  }

  read(row: Record<string, unknown>, prefix: string): T {
    const keys = this.keysOf(prefix);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      const value = row[keys[i]];
      out[c.prop] = c.from && value !== null && value !== undefined ? c.from(value) : value;
    }
    return out as T;
  }

  /** `prefix.property` of each column, made once per prefix (read runs for every row of the paid-callback path) */
  private keysOf(prefix: string): string[] {
    let keys = this.keys.get(prefix);
    if (!keys) {
      keys = this.columns.map((c) => `${prefix}.${c.prop}`);
      this.keys.set(prefix, keys);
    }
    return keys;
  }
}
