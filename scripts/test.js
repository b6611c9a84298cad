#!/usr/bin/env node
// `npm test`: every layer (unit, integration, e2e, browser) in one jest run. The browser tests
// need the built SPA, so it is built first when stale. Extra arguments go to jest.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildIfStale } = require('./build-if-stale');

const root = path.resolve(__dirname, '..');
buildIfStale({ web: 'build:web' }).then(() => {
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
});
