#!/usr/bin/env node
// `npm test`: the format check (Prettier), the linter (ESLint, eslint.config.mjs), the dead-code check (knip) and the type-check first (API, libs, sandbox, migrations, tests and benches in one
// tsc program; the SPA and portal in the web workspace's), the builds the tests start (SPA, backend dist/), then every layer (unit, integration,
// e2e, browser) in one jest run. ts-jest runs without type diagnostics for speed, so this step is
// what fails the run on a type error. The browser tests need the built SPA, so it is built first
// when stale. Extra arguments go to jest.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildIfStale } = require('./build-if-stale');

const root = path.resolve(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc');

/** Runs a command and resolves with its exit code (output goes straight to the terminal). */
function run(label, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code) => {
      if (code !== 0) console.error(`[wavu] ${label} failed`);
      resolve(code ?? 1);
    });
  });
}

async function typecheck() {
  console.log('[wavu] checking format, lint, dead code and types…');
  // incremental: a second run on an unchanged tree takes a few seconds (build info under node_modules/.cache)
  const cache = (name) => path.join(root, 'node_modules', '.cache', `tsc-${name}.tsbuildinfo`);
  const web = path.join(root, 'apps', 'web');
  const prettier = require.resolve('prettier/bin/prettier.cjs');
  const eslint = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'); // bin/ is not in its exports
  const codes = await Promise.all([
    run('format check (npm run format fixes it)', [prettier, '--check', '--log-level', 'warn', '**/*.{ts,tsx,js,mjs,cjs,css,json}'], root),
    // cached per file: an unchanged file is not re-linted even when a type it uses changed elsewhere
    // (CI starts without the cache; `npm run lint -- --no-cache` re-checks everything)
    run('lint (npm run lint:fix fixes some)', [eslint, '--cache', '--cache-location', path.join(root, 'node_modules', '.cache', 'eslint'), '.'], root),
    // dead code: unused files, exports, types and dependencies (knip.json names the entry points)
    run('dead-code check (knip)', [path.join(root, 'node_modules', 'knip', 'bin', 'knip.js'), '--no-progress'], root),
    run('type-check (api, libs, tests, benches)', [tsc, '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', cache('root')], root),
    run('type-check (web app)', [tsc, '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', cache('web')], web),
    run('type-check (web build config)', [tsc, '-p', 'tsconfig.node.json', '--noEmit', '--incremental', '--tsBuildInfoFile', cache('web-node')], web),
  ]);
  return codes.every((c) => c === 0);
}

typecheck()
  .then(async (ok) => {
    if (!ok) process.exit(1);
    // the SPA for the browser tests; the backend's dist/ for tests that start the API, a CLI or a
    // simulator as its own process (test/setup/backend-build.ts: ≈ 1.5 s a start against ≈ 8 s through ts-node)
    await buildIfStale({ api: 'build:api', web: 'build:web' });
    // WAVU_TEST_WORKERS parallel worker processes; default 1 (in band, as every landed CI ran). With
    // 3 workers a full run takes ≈ 27 minutes instead of ≈ 45 on this 2-core machine (suites mostly
    // wait on sockets, PostgreSQL and browsers, and each has its own database), but every such run
    // so far surfaced one to three timing-sensitive tests (each fixed as found): the default moves
    // to 3 once several full runs in a row are clean. With workers, one that grows past 2 GB is
    // replaced between suites (workerIdleMemoryLimit); in band, the one process gets 12 GB of heap.
    // --forceExit: a handle some suite leaked (a child process, a socket) must not keep a finished
    // run alive until CI's time limit; jest still names it ("Force exiting Jest…") so it gets fixed.
    const workers = process.env.WAVU_TEST_WORKERS ?? '1';
    // (jest leaves band for a worker process whenever a memory limit is given, so only with workers)
    const parallel = Number(workers) > 1 ? ['--workerIdleMemoryLimit=2GB'] : [];
    const jestArgs = ['--ci', '--forceExit', `--maxWorkers=${workers}`, ...parallel, ...process.argv.slice(2)];
    const result = spawnSync(process.execPath, ['--max-old-space-size=12288', require.resolve('jest/bin/jest'), ...jestArgs], { cwd: root, stdio: 'inherit' });
    process.exit(result.status ?? 1);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
