/**
 * Every bench script prints its figures for people, and one `BENCH_RESULT {json}` line per figure
 * so `npm run bench` (scripts/bench.js) can put them all in one table.
 */
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  met: boolean;
  /** comparative benchmarks: the baseline measured in the same run, and the ratio */
  baseline?: string;
  ratio?: string;
}

export function reportBench(row: BenchRow): void {
  console.log(`BENCH_RESULT ${JSON.stringify(row)}`);
}
