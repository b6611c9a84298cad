/**
 * `npm start` on a fresh clone (after `npm ci`) to the first page served: a copy of HEAD with no
 * dist/ and no .data/, node_modules linked from this checkout. Target ≤ 20 s (docs/product.md §12).
 *   npm run bench -- (BENCH_ONLY=cold-start)
 */
import { execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportBench } from './report';

const ROOT = path.resolve(__dirname, '..');
const TARGET_MS = 20_000;

async function waitForPage(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok && (await res.text()).includes('<div id="root"')) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wavu-cold-'));
  fs.chmodSync(dir, 0o755);
  execSync(`git archive HEAD | tar -x -C ${dir}`, { cwd: ROOT });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const port = 30000 + Math.floor(Math.random() * 5000);
  const started = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), EMBEDDED_PG_PORT: String(port + 1), LOG_LEVEL: 'warn', DATABASE_URL: '' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const ok = await waitForPage(`http://127.0.0.1:${port}/`, started + 120_000);
  const ms = Date.now() - started;
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 2000));
  fs.rmSync(dir, { recursive: true, force: true });
  if (!ok) {
    console.log(output.slice(-3000));
    throw new Error('npm start did not serve a page within 120 s');
  }
  console.log(`npm start (fresh copy, after install) → first page served: ${(ms / 1000).toFixed(1)} s (target ≤ 20 s)`);
  reportBench({ figure: '`npm start` fresh clone → first page served', value: `${(ms / 1000).toFixed(1)} s`, target: '≤ 20 s', met: ms <= TARGET_MS });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
