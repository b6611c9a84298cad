// Rebuilds the API (tsc) and/or the SPA (vite) only when their sources are newer than the build.
const { spawnSync } = require('node:child_process');
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
  const started = Date.now();
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return Date.now() - started;
}

const TARGETS = {
  api: { output: 'dist/apps/api/src/main.js', sources: ['apps/api/src', 'apps/sandbox/src', 'libs', 'migrations', 'tsconfig.json', 'tsconfig.build.json'], script: 'build:api' },
  web: { output: 'apps/web/dist/index.html', sources: ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/public'], script: 'build:web' },
};

/** Builds each named target whose output is missing or older than its sources. */
function buildIfStale(names, log = (m) => process.stdout.write(`${m}\n`)) {
  for (const name of names) {
    const target = TARGETS[name];
    if (mtime(target.output) >= newestMtime(target.sources)) continue;
    log(`[wavu] building ${name}…`);
    const ms = run(target.script);
    log(`[wavu] built ${name} in ${(ms / 1000).toFixed(1)} s`);
  }
}

module.exports = { buildIfStale };
