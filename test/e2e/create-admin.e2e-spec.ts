import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { adminInputProblems, createAdmin, parseAdminArgs } from '../../apps/api/src/cli/create-admin';
import { backendEntry } from '../setup/backend-build';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const ROOT = path.resolve(__dirname, '..', '..');
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'create-admin-test-jwt-secret-of-32-characters-or-more',
  SECRET_BOX_KEYS: `k1:${Buffer.alloc(32, 5).toString('base64')}`,
};

/** The CLI entry itself, as an operator runs it (no terminal: inputs from flags and the environment). */
function runCli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [...backendEntry('apps/api/src/cli/create-admin.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: 'tsconfig.json', ...PRODUCTION, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('create-admin (the first super admin of a production install)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  const admins = async () => (await t.dataSource.query(`SELECT email FROM users WHERE role = 'super_admin' ORDER BY email`)).map((r: { email: string }) => r.email);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('creates a super admin who can log in', async () => {
    const created = await createAdmin(t.db.url, { email: ' Root@Example.test ', name: 'Platform Root', password: 'a-strong-admin-password' });
    expect(created.email).toBe('root@example.test');
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'root@example.test', password: 'a-strong-admin-password' }).expect(200);
    expect(res.body.user).toMatchObject({ email: 'root@example.test', name: 'Platform Root', role: 'super_admin', provider: null, mustChangePassword: false });
    await t.http().get('/api/v1/admin/overview').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });

  it('refuses an e-mail that already has an account, changing nothing', async () => {
    const before = await admins();
    await expect(createAdmin(t.db.url, { email: 'root@example.test', name: 'Someone Else', password: 'another-strong-password' })).rejects.toThrow(
      /an account with the e-mail root@example\.test already exists \(nothing was changed\)/,
    );
    expect(await admins()).toEqual(before);
    await t.http().post('/api/v1/auth/login').send({ email: 'root@example.test', password: 'a-strong-admin-password' }).expect(200);
  });

  it('enforces the password policy and names every problem', async () => {
    expect(adminInputProblems({ email: 'not-an-email', name: '', password: 'short' })).toEqual([
      expect.stringMatching(/^email: /),
      expect.stringMatching(/^name: /),
      expect.stringMatching(/^password: 10 to 128 characters/),
    ]);
    expect(adminInputProblems({ email: 'wanjiku@example.test', name: 'W', password: 'Wanjiku-2026-pass' })).toEqual(['password: must not contain the e-mail address']);
    expect(adminInputProblems({ email: 'ok@example.test', name: 'Ok', password: 'x'.repeat(129) })).toEqual([expect.stringMatching(/^password: /)]);
    const before = await admins();
    await expect(createAdmin(t.db.url, { email: 'weak@example.test', name: 'Weak', password: 'short' })).rejects.toThrow(/password: 10 to 128 characters/);
    expect(await admins()).toEqual(before);
  });

  it('reads --email and --name (never a password flag)', () => {
    expect(parseAdminArgs(['--email', 'a@example.test', '--name=A B'])).toEqual({ email: 'a@example.test', name: 'A B' });
    expect(() => parseAdminArgs(['--password', 'x'])).toThrow(/Unknown argument --password/);
  });

  it('runs as a command: exit 0 and a login hint, then exit 1 for the same e-mail', () => {
    const env = { DATABASE_URL: t.db.url, WAVU_ADMIN_PASSWORD: 'operator-chosen-pass-123', PUBLIC_URL: 'https://wavu.example.com' };
    const first = runCli(['--email', 'cli-admin@example.test', '--name', 'CLI Admin'], env);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toContain('Created super admin cli-admin@example.test: log in at https://wavu.example.com/login');
    const again = runCli(['--email', 'cli-admin@example.test', '--name', 'CLI Admin'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const missing = runCli([], { DATABASE_URL: t.db.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/email: an e-mail address is required/);
  });
});
