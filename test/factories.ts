import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { UsersService } from '../apps/api/src/modules/auth/users.service';
import { generateWireGuardKeyPair } from '../apps/api/src/modules/routers/tunnel/tunnel-keys';
import type { TestApp } from './setup/test-app';

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

let signups = 0;

/** Signs a provider up through the API and (unless `pending`) has the admin approve it. */
export async function createProvider(t: TestApp, admin: Session, options: { pending?: boolean } = {}): Promise<ProviderFixture> {
  const body = signupBody();
  // each from its own address (the API trusts the loopback proxy): sign-ups are limited per client IP
  signups++;
  await t
    .http()
    .post('/api/v1/providers/signup')
    .set('X-Forwarded-For', `198.18.${(signups >> 8) & 255}.${signups & 255}`)
    .send(body)
    .expect(201);
  // the sign-up answer never names the provider (it is the same for a taken e-mail): the owner reads it
  const owner = await login(t, body.contactEmail, body.password);
  const me = await t.http().get('/api/v1/auth/me').set(owner.auth).expect(200);
  const providerId = me.body.provider.id as string;
  if (!options.pending) await t.http().post(`/api/v1/admin/providers/${providerId}/approve`).set(admin.auth).expect(200);
  return { providerId, email: body.contactEmail, password: body.password, owner: await login(t, body.contactEmail, body.password) };
}

export interface StaffFixture extends Session {
  email: string;
  password: string;
}

/**
 * An owner's new staff member through the API: invited (no password), then the invitation's link
 * (read from the queued e-mail) sets `password` and signs them in.
 */
export async function createStaff(t: TestApp, owner: Session, password = 'staff-password-123'): Promise<StaffFixture> {
  const created = await t
    .http()
    .post('/api/v1/staff')
    .set(owner.auth)
    .send({ name: 'Test Staff', email: `staff-${unique()}@example.test` })
    .expect(201);
  const email = created.body.user.email as string;
  return { ...(await acceptInvitation(t, email, password)), email, password };
}

/**
 * The token of the newest invitation e-mail queued for `email`, read from the outbound queue (the
 * tests' apps send nothing unless they start a mail sink, so the e-mail is still there, link and all).
 */
async function invitationToken(t: TestApp, email: string): Promise<string> {
  const [queued] = await t.dataSource.query<Array<{ body: string }>>(
    `SELECT body FROM outbound_messages WHERE recipient = $1 AND template_key = 'staff_invitation' ORDER BY created_at DESC, id DESC LIMIT 1`,
    [email.toLowerCase()],
  );
  const token = /\/accept-invite\?token=([A-Za-z0-9_-]+)/.exec(queued?.body ?? '')?.[1];
  if (!token) throw new Error(`no queued invitation with a link for ${email} (was it sent and erased?)`);
  return token;
}

/** Sets `password` through the newest invitation to `email`: the session that answers. */
export async function acceptInvitation(t: TestApp, email: string, password: string): Promise<Session> {
  const res = await t
    .http()
    .post('/api/v1/auth/invitation/accept')
    .send({ token: await invitationToken(t, email), newPassword: password })
    .expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, userId: res.body.user.id, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

/** Logs in with a temporary password (a new super admin's) and sets `password`: the session that answers. */
export async function replaceTemporaryPassword(t: TestApp, email: string, temporaryPassword: string, password: string): Promise<Session> {
  const first = await login(t, email, temporaryPassword);
  const res = await t.http().post('/api/v1/auth/change-password').set(first.auth).send({ currentPassword: temporaryPassword, newPassword: password }).expect(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, userId: res.body.user.id, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export async function createApiKey(t: TestApp, owner: Session, scope: 'read' | 'full'): Promise<{ id: string; secret: string; auth: { Authorization: string } }> {
  const res = await t
    .http()
    .post('/api/v1/api-keys')
    .set(owner.auth)
    .send({ name: `key ${scope}`, scope })
    .expect(201);
  return { id: res.body.apiKey.id, secret: res.body.secret, auth: { Authorization: `Bearer ${res.body.secret}` } };
}

/**
 * Row counts of every table plus a checksum of their contents: "changes nothing" assertions.
 * `ignore.tables` leaves whole tables out; `ignore.columns` drops only the named columns (e.g.
 * api_keys.last_used_at, which moves on every use of a key). Shared rate-limit counters
 * (rate_limit_windows) move on every limited request, refused or not, and are always left out.
 */
export async function fingerprintOf(dataSource: DataSource, ignore: { tables?: string[]; columns?: Record<string, string[]> } = {}): Promise<Record<string, string>> {
  const tables: { tablename: string }[] = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  // every table in one statement: sweeps take a fingerprint before and after each of hundreds of requests
  const parts = tables
    .filter(({ tablename }) => tablename !== 'rate_limit_windows' && !ignore.tables?.includes(tablename))
    .map(({ tablename }) => {
      const row = `(to_jsonb(t)${(ignore.columns?.[tablename] ?? []).map((c) => ` - '${c}'`).join('')})::text`;
      return `SELECT '${tablename}' AS name, count(*)::int AS n, coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') AS h FROM "${tablename}" t`;
    });
  const rows: { name: string; n: number; h: string }[] = parts.length ? await dataSource.query(parts.join('\nUNION ALL\n')) : [];
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.h}`]));
}

export function databaseFingerprint(t: TestApp, ignoreTables: string[] = []): Promise<Record<string, string>> {
  return fingerprintOf(t.dataSource, { tables: ignoreTables });
}

/** Tables whose fingerprints differ, for readable failures. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

/**
 * The row the tunnel process publishes for its WireGuard hub (docs/tunnel.md), for tests that
 * add tunnel routers without running it. `reporting` sets its heartbeat to now.
 */
export async function insertTunnelHub(
  dataSource: DataSource,
  options: { prefix?: string; address?: string; endpoint?: string; reporting?: boolean; publicKey?: string } = {},
): Promise<{ publicKey: string; prefix: string; address: string; endpoint: string }> {
  const hub = {
    publicKey: options.publicKey ?? generateWireGuardKeyPair().publicKey,
    prefix: options.prefix ?? '172.30.0.0/16',
    address: options.address ?? '172.30.0.1',
    endpoint: options.endpoint ?? 'wg.wavu.test:51820',
  };
  await dataSource.query(
    `INSERT INTO tunnel_hubs (id, public_key, endpoint, prefix, address, interface_name, last_sync_at)
     VALUES ('default', $1, $2, $3, $4, 'wg-wavu', CASE WHEN $5 THEN now() END)
     ON CONFLICT (id) DO UPDATE SET public_key = $1, endpoint = $2, prefix = $3, address = $4, last_sync_at = CASE WHEN $5 THEN now() END`,
    [hub.publicKey, hub.endpoint, hub.prefix, hub.address, options.reporting ?? true],
  );
  return hub;
}

export interface SeedRouter {
  name: string;
  host?: string;
  location?: string | null;
  status?: 'unknown' | 'online' | 'offline' | 'error';
  connectionMode?: 'direct' | 'tunnel';
  lastSeenAt?: Date | null;
}

/**
 * Many routers for one provider in one INSERT (a fleet view needs hundreds; adding each through
 * the API would run a connection test per router). The password is a placeholder that never
 * opens: these routers are for lists, not for talking to. Returns the ids in the given order.
 */
export async function seedRouters(dataSource: DataSource, providerId: string, routers: SeedRouter[]): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO routers (id, provider_id, name, host, connection_mode, api_port, use_tls, username, password_sealed, location, status, last_seen_at)
     SELECT gen_random_uuid(), $1, r.name, r.host, r.mode, 8729, true, 'wavu-api', 'unsealed-test-placeholder', r.location, r.status, r.seen
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY AS r(name, host, mode, location, status, seen, n)
      ORDER BY r.n
     RETURNING id`,
    [
      providerId,
      routers.map((r) => r.name),
      routers.map((r, i) => r.host ?? `router-${i + 1}.fleet.test`),
      routers.map((r) => r.connectionMode ?? 'direct'),
      routers.map((r) => r.location ?? null),
      routers.map((r) => r.status ?? 'unknown'),
      routers.map((r) => r.lastSeenAt?.toISOString() ?? null),
    ],
  );
  return rows.map((r) => r.id);
}
