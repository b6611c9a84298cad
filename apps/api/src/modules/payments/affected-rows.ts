/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, affectedCount]. */
export function affected(result: unknown[]): number {
  return Array.isArray(result[0]) && typeof result[1] === 'number' ? result[1] : result.length;
}
