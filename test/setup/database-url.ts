/** URLs on the test server (DATABASE_URL of the run) for a given database name. */
export function databaseUrl(database: string): string {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests through jest (global setup provides it)');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export function adminUrl(): string {
  return databaseUrl('postgres');
}
