import { DataSource } from 'typeorm';

/**
 * Like `databaseFingerprint` in test/factories.ts, but precise: instead of ignoring whole tables
 * it drops only the named columns (e.g. api_keys.last_used_at, which moves on every use of a key).
 */
export async function preciseFingerprint(dataSource: DataSource, ignoreColumns: Record<string, string[]> = {}): Promise<Record<string, string>> {
  const tables: { tablename: string }[] = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    const drop = (ignoreColumns[tablename] ?? []).map((c) => ` - '${c}'`).join('');
    const [row] = await dataSource.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg((to_jsonb(t)${drop})::text, '|' ORDER BY (to_jsonb(t)${drop})::text)), '') AS h FROM "${tablename}" t`);
    result[tablename] = `${row.n}:${row.h}`;
  }
  return result;
}

/** Tables whose fingerprints differ, for readable failures. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}
