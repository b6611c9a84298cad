#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts one after the other and prints one table of
// figure, value, target, baseline and ratio (from their `BENCH_RESULT {json}` lines).
// BENCH_ONLY=<substring> runs the matching scripts only. Sizes come from each script's defaults
// (or its own BENCH_* variables).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const only = process.env.BENCH_ONLY;
const scripts = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();

const rows = [];
let failed = 0;
const started = Date.now();
for (const script of scripts) {
  process.stdout.write(`\n=== ${script}\n`);
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join('bench', script)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of (result.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH_RESULT ')) rows.push({ script, ...JSON.parse(line.slice('BENCH_RESULT '.length)) });
    else if (line.trim()) process.stdout.write(`${line}\n`);
  }
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.status !== 0) {
    failed++;
    rows.push({ script, figure: `${script} did not finish (exit ${result.status})`, value: '—', target: '—', met: false });
  }
}

const columns = ['figure', 'value', 'target', 'baseline', 'ratio', 'met'];
const cell = (row, c) => (c === 'met' ? (row.met ? 'yes' : 'NO') : String(row[c] ?? ''));
const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
const line = (values) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
for (const row of rows) console.log(line(columns.map((c) => cell(row, c))));
const missed = rows.filter((r) => !r.met).length;
console.log(`\n${rows.length} figures, ${missed} missed, ${failed} scripts failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(missed || failed ? 1 : 0);
