import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities read by hand-written SQL on the paid-callback path (docs/mpesa.md "The paid-callback
 * path"): the select list of an entity's columns under a prefix, and the row turned back into the
 * entity (column transformers applied, e.g. bigint → number). Built from TypeORM's metadata, so a
 * column added to the entity is read here too.
 */
export class RawRows<T extends ObjectLiteral> {
  private readonly columns: Array<{ db: string; prop: string; from?: (v: unknown) => unknown }>;

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
    const out: Record<string, unknown> = {};
    for (const c of this.columns) {
      const value = row[`${prefix}.${c.prop}`];
      out[c.prop] = c.from && value !== null && value !== undefined ? c.from(value) : value;
    }
    return out as T;
  }
}
