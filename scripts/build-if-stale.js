// Rebuilds the API (tsc) and/or the SPA (vite) only when their sources are newer than the build;
// stale targets build in parallel.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestMtime(entries) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (/node_modules|dist/.test(path.basename(p))) return;
      for (const child of fs.readdirSync(p)) visit(path.join(p, child));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  entries.forEach((e) => visit(path.join(root, e)));
  return newest;
}

function mtime(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve(Date.now() - started) : process.exit(code ?? 1)));
  });
}

const TARGETS = {
  api: { output: 'dist/apps/api/src/main.js', sources: ['apps/api/src', 'apps/sandbox/src', 'apps/tunnel/src', 'libs', 'migrations', 'tsconfig.json', 'tsconfig.build.json'] },
  web: { output: 'apps/web/dist/index.html', sources: ['apps/web/src', 'apps/web/index.html', 'apps/web/portal.html', 'apps/web/vite.config.ts', 'apps/web/public'] },
};

/**
 * Builds each stale target. `scripts` names the npm script per target: `npm test` type-checks the
 * SPA (build:web), `npm start` only bundles it (build:web:bundle) — the tests check its types.
 */
async function buildIfStale(scripts, log = (m) => process.stdout.write(`${m}\n`)) {
  const stale = Object.entries(scripts).filter(([name]) => mtime(TARGETS[name].output) < newestMtime(TARGETS[name].sources));
  await Promise.all(
    stale.map(async ([name, script]) => {
      log(`[wavu] building ${name}…`);
      const ms = await run(script);
      // tsc leaves an unchanged output file alone: mark the build fresh (test/setup/backend-build.ts reads the same mark)
      const now = new Date();
      fs.utimesSync(path.join(root, TARGETS[name].output), now, now);
      log(`[wavu] built ${name} in ${(ms / 1000).toFixed(1)} s`);
    }),
  );
}

module.exports = { buildIfStale };
