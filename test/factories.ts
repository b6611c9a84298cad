import { randomBytes } from 'node:crypto';
import { UsersService } from '../apps/api/src/modules/auth/users.service';
import { TestApp } from './setup/test-app';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  auth: { Authorization: string };
}

export async function login(t: TestApp, email: string, password: string): Promise<Session> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, userId: res.body.user.id, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export async function createSuperAdmin(t: TestApp): Promise<Session & { email: string; password: string }> {
  const email = `admin-${unique()}@wavu.test`;
  const password = 'admin-password-123';
  await t.app.get(UsersService).create({ email, name: 'Test Admin', password, role: 'super_admin', providerId: null });
  return { ...(await login(t, email, password)), email, password };
}

export function signupBody(overrides: Record<string, unknown> = {}) {
  const id = unique();
  return {
    businessName: `Hotspot ${id}`,
    contactName: 'Test Owner',
    contactEmail: `owner-${id}@example.test`,
    phone: '0700000100',
    password: 'owner-password-123',
    type: 'isp',
    ...overrides,
  };
}

export interface ProviderFixture {
  providerId: string;
  email: string;
  password: string;
  owner: Session;
}

/** Signs a provider up through the API and (unless `pending`) has the admin approve it. */
export async function createProvider(t: TestApp, admin: Session, options: { pending?: boolean } = {}): Promise<ProviderFixture> {
  const body = signupBody();
  const res = await t.http().post('/api/v1/providers/signup').send(body).expect(201);
  const providerId = res.body.provider.id as string;
  if (!options.pending) await t.http().post(`/api/v1/admin/providers/${providerId}/approve`).set(admin.auth).expect(200);
  return { providerId, email: body.contactEmail, password: body.password, owner: await login(t, body.contactEmail, body.password) };
}

export async function createApiKey(t: TestApp, owner: Session, scope: 'read' | 'full'): Promise<{ id: string; secret: string; auth: { Authorization: string } }> {
  const res = await t.http().post('/api/v1/api-keys').set(owner.auth).send({ name: `key ${scope}`, scope }).expect(201);
  return { id: res.body.apiKey.id, secret: res.body.secret, auth: { Authorization: `Bearer ${res.body.secret}` } };
}

/** Row counts of every table plus a checksum of their contents: "changes nothing" assertions. */
export async function databaseFingerprint(t: TestApp, ignore: string[] = []): Promise<Record<string, string>> {
  const tables: { tablename: string }[] = await t.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    if (ignore.includes(tablename)) continue;
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM "${tablename}" t`);
    result[tablename] = `${row.n}:${row.h}`;
  }
  return result;
}
