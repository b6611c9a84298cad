import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** main.ts itself: bad configuration stops the process with a clear message and exit code 1. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('startup with bad configuration', () => {
  jest.setTimeout(60_000);

  it('exits 1 naming each missing secret outside demo mode', () => {
    const { code, stderr } = start({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toMatch(/JWT_SECRET: required outside demo mode/);
    expect(stderr).toMatch(/SECRET_BOX_KEYS: required outside demo mode/);
  });

  it('exits 1 on a malformed variable and on demo mode in production', () => {
    const bad = start({ DEMO_MODE: 'true', PORT: 'eighty' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/PORT: /);
    const prodDemo = start({ DEMO_MODE: 'true', NODE_ENV: 'production' });
    expect(prodDemo.code).toBe(1);
    expect(prodDemo.stderr).toMatch(/DEMO_MODE: demo mode cannot be used with NODE_ENV=production/);
  });
});
