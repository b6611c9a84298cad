/**
 * Shared set-up of the voucher (and STK callback) benchmarks: a fresh migrated database on the
 * PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432), the whole API
 * on it, one approved provider with an owner, a plan and a router record. `close()` drops the
 * database.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Principal } from '../apps/api/src/common/auth/principal';
import { loadConfig } from '../apps/api/src/config/load-config';
import { createApp } from '../apps/api/src/create-app';
import { runMigrations } from '../apps/api/src/database/migrate';
import { UsersService } from '../apps/api/src/modules/auth/users.service';
import { PlansService } from '../apps/api/src/modules/plans/plans.service';
import { ProvidersService } from '../apps/api/src/modules/providers/providers.service';
import { RoutersService } from '../apps/api/src/modules/routers/routers.service';

export interface VoucherBench {
  app: NestExpressApplication;
  ds: DataSource;
  url: string;
  providerId: string;
  planId: string;
  routerId: string;
  owner: Principal;
  ownerLogin: { email: string; password: string };
  close(): Promise<void>;
}

export interface VoucherBenchOptions {
  /** Part of the database name (`wavu_bench_<label>_<random>`). Default `vouchers`. */
  label?: string;
  /** Config variables on top of the bench defaults (e.g. DATABASE_POOL_SIZE, DARAJA_BASE_URL). */
  env?: Record<string, string>;
  /** Type of the bench provider (sets its commission default). Default `isp`. */
  providerType?: 'isp' | 'homeowner';
}

const ctx = { ip: null, userAgent: 'bench' };

export async function startVoucherBench(options: VoucherBenchOptions = {}): Promise<VoucherBench> {
  const server = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `wavu_bench_${options.label ?? 'vouchers'}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(server.toString());
  admin.pathname = '/postgres';
  const db = new URL(server.toString());
  db.pathname = `/${name}`;
  const dropDatabase = async (): Promise<void> => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
  const adminClient = new Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${name}"`);
  await adminClient.end();

  let app: NestExpressApplication | undefined;
  try {
    await runMigrations(db.toString());
    const config = loadConfig({
      NODE_ENV: 'test',
      DEMO_MODE: 'true',
      DATABASE_URL: db.toString(),
      DATABASE_POOL_SIZE: '10',
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      WEB_DIST_DIR: '.no-web',
      ...options.env,
    });
    app = await createApp(config);
    await app.init();
    const started = app;
    const close = async (): Promise<void> => {
      await started.close();
      await dropDatabase();
    };
    return { ...(await seed(started, name, options.providerType ?? 'isp')), app: started, url: db.toString(), close };
  } catch (error) {
    await app?.close();
    await dropDatabase();
    throw error;
  }
}

/** The approved provider, its owner, a plan and a router record. */
async function seed(app: NestExpressApplication, name: string, providerType: 'isp' | 'homeowner'): Promise<Omit<VoucherBench, 'app' | 'url' | 'close'>> {
  const ds = app.get(DataSource);

  const superAdmin = await app.get(UsersService).create({ email: `bench-${name}@wavu.test`, name: 'Bench Admin', password: 'bench-admin-pass', role: 'super_admin', providerId: null });
  const adminPrincipal: Principal = { kind: 'user', userId: superAdmin.id, apiKeyId: null, email: superAdmin.email, role: 'super_admin', providerId: null, scope: 'full' };
  const ownerLogin = { email: `owner-${name}@example.test`, password: 'bench-owner-pass' };
  const provider = await app
    .get(ProvidersService)
    .register({ businessName: 'Bench Hotspot', contactName: 'Bench Owner', contactEmail: ownerLogin.email, phone: '254700000009', password: ownerLogin.password, type: providerType }, ctx);
  if (provider.status === 'pending') await app.get(ProvidersService).transition(provider.id, 'approve', adminPrincipal, ctx);
  const [{ id: ownerId }] = await ds.query(`SELECT id FROM users WHERE email = $1`, [ownerLogin.email]);
  const owner: Principal = { kind: 'user', userId: ownerId, apiKeyId: null, email: ownerLogin.email, role: 'provider_owner', providerId: provider.id, scope: 'full' };
  const router = await app
    .get(RoutersService)
    .create(provider.id, { name: 'Bench router', host: '127.0.0.1', apiPort: 1, username: 'admin', password: '', hotspotDnsName: 'wifi.bench.test' }, owner, ctx);
  const plan = await app.get(PlansService).create(provider.id, { name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400, validityFrom: 'first_login' } as never, owner, ctx);

  return { ds, providerId: provider.id, planId: plan.id, routerId: router.id, owner, ownerLogin };
}

/**
 * `count` vouchers for the bench provider in one INSERT … SELECT: statuses spread like a real
 * table, `due` of them available with an expiry in the past (on the router).
 */
export async function fillVouchers(b: VoucherBench, count: number, due: number): Promise<void> {
  const batchId = (await b.ds.query(`SELECT gen_random_uuid() AS id`))[0].id;
  const step = 250_000;
  for (let from = 1; from <= count; from += step) {
    const to = Math.min(count, from + step - 1);
    await b.ds.query(
      `INSERT INTO vouchers (provider_id, plan_id, batch_id, batch_seq, router_id, code, payment_reference, status, plan_name, price_minor, currency, kind,
         validity_seconds, validity_from, profile_name, expires_at, pushed_at, sold_at, created_at)
       SELECT $1, $2, CASE WHEN g % 10 = 0 THEN $3::uuid ELSE NULL END, g, $4, 'B' || lpad(g::text, 9, '0'), 'R' || lpad(g::text, 9, '0'),
              CASE WHEN g <= $6 THEN 'available' WHEN g % 10 < 6 THEN 'available' WHEN g % 10 < 8 THEN 'sold' WHEN g % 10 = 8 THEN 'in_use' ELSE 'expired' END,
              '1 day', 5000, 'KES', 'unlimited', 86400, 'first_login', 'wavu-1-day-bench',
              CASE WHEN g <= $6 THEN now() - interval '1 minute' WHEN g % 10 = 9 THEN NULL ELSE now() + interval '30 days' + make_interval(secs => g) END,
              now(), CASE WHEN g % 10 IN (6, 7, 8) THEN now() ELSE NULL END,
              now() - make_interval(secs => ($5 - g))
         FROM generate_series($7::int, $8::int) g`,
      [b.providerId, b.planId, batchId, b.routerId, count, due, from, to],
    );
  }
  await b.ds.query(`ANALYZE vouchers`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, z) => a - z);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** CPU seconds (user + system) a process of this machine has used so far, from /proc (USER_HZ 100); null when unreadable (gone, or not on this machine). */
function processCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15 of proc(5)
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each server process of the bench database; null when none can be read (PostgreSQL on another machine). */
async function databaseCpu(ds: VoucherBench['ds']): Promise<Map<number, number> | null> {
  const rows: { pid: number }[] = await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(pid); // null: the connection closed meanwhile
    if (seconds !== null) byPid.set(pid, seconds);
  }
  return byPid.size ? byPid : null;
}

/** What each party used while a measured step ran, in CPU seconds; null when it could not be read. */
export interface CpuUsed {
  /** this process (the API under test), and the system share of it */
  api: number;
  apiSystem: number;
  /** the bench database's server processes (a connection opened meanwhile counts whole; one closed meanwhile is missed) */
  database: number | null;
  /** the child process named at the start (a simulator), if any */
  child: number | null;
}

/** Starts measuring the CPU used by this process, the bench database and optionally a child process; the function returned reads what each used since. */
export async function startCpuMeter(ds: VoucherBench['ds'], childPid?: number): Promise<() => Promise<CpuUsed>> {
  const api = process.cpuUsage();
  const database = await databaseCpu(ds);
  const child = childPid === undefined ? null : processCpuSeconds(childPid);
  return async () => {
    const used = process.cpuUsage(api);
    const databaseAfter = await databaseCpu(ds);
    const childAfter = childPid === undefined ? null : processCpuSeconds(childPid);
    return {
      api: (used.user + used.system) / 1e6,
      apiSystem: used.system / 1e6,
      database: database && databaseAfter ? [...databaseAfter].reduce((sum, [pid, seconds]) => sum + seconds - (database.get(pid) ?? 0), 0) : null,
      child: child !== null && childAfter !== null ? childAfter - child : null,
    };
  };
}
