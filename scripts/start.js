#!/usr/bin/env node
// `npm start`: build what is stale, then run the platform in demo mode (embedded PostgreSQL
// unless DATABASE_URL, migrations, demo data, SPA + API on one port). Set DEMO_MODE=false and
// the production variables (see README) to run it for real.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { buildIfStale } = require('./build-if-stale');

const root = path.resolve(__dirname, '..');

async function main() {
  await buildIfStale({ api: 'build:api', web: 'build:web:bundle' });
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
