import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import type { ProviderFixture } from '../factories';
import { changedTables, createProvider, createSuperAdmin, fingerprintOf } from '../factories';
import { freePort } from '../setup/free-port';
import { startTestApp } from '../setup/test-app';
import type { ApiProcess } from './reliability/processes';
import { call, productionSecrets, startApiProcess } from './reliability/processes';

/**
 * Backups and restore without Docker, same commands (docs/deployment.md): deploy/backup/backup.sh,
 * the script the compose backup service runs, dumps a PostgreSQL cluster this test owns (the
 * system's server binaries; pg_dump refuses a newer server, so dump and server share a version)
 * holding real app data; deploy/backup/restore.sh restores the dump into an empty database; the
 * API then starts on it as its own process and the owner sees the same vouchers, payment and ledger.
 */

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const BACKUP = path.join(ROOT, 'deploy/backup/backup.sh');
const RESTORE = path.join(ROOT, 'deploy/backup/restore.sh');
const DUMP_NAME = /^wavu-\d{8}T\d{6}Z\.dump$/;

/** The newest PostgreSQL whose server and client binaries are installed (Debian: postgresql-NN). */
function postgresBin(): string {
  if (process.env.WAVU_PG_BIN) return process.env.WAVU_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  const usable = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, 'bin'))
    .find((bin) => ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore', 'psql'].every((b) => fs.existsSync(path.join(bin, b))));
  if (!usable) throw new Error('no PostgreSQL server + client binaries in /usr/lib/postgresql/<version>/bin: install postgresql (.ci/run does) or set WAVU_PG_BIN');
  return usable;
}

const isRoot = () => process.getuid?.() === 0;

/** A throwaway cluster on 127.0.0.1 with a password-protected owner, as the compose db service. */
class Cluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wavu-backup-pg-'));
  readonly data = path.join(this.dir, 'data');
  readonly user = 'wavu';
  readonly password = randomBytes(12).toString('hex');
  port = 0;

  constructor(readonly bin: string) {}

  /** PostgreSQL refuses root: the binaries then run as the postgres OS user. */
  private run(binary: string, args: string[]): void {
    const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', path.join(this.bin, binary), ...args]] : [path.join(this.bin, binary), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }

  async start(): Promise<void> {
    fs.chmodSync(this.dir, 0o755);
    const pwfile = path.join(this.dir, 'pw');
    fs.writeFileSync(pwfile, this.password, { mode: 0o600 });
    if (isRoot()) {
      const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
      if (!Number.isInteger(id('-u')) || spawnSync('id', ['-u', 'postgres']).status !== 0) throw new Error('running as root needs the postgres OS user (the postgresql package creates it)');
      fs.chownSync(this.dir, id('-u'), id('-g'));
      fs.chownSync(pwfile, id('-u'), id('-g'));
    }
    this.run('initdb', ['-D', this.data, '-U', this.user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
    this.port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -c unix_socket_directories=${this.dir} -c fsync=off -c synchronous_commit=off`;
    this.run('pg_ctl', ['-D', this.data, '-o', options, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  url(database: string): string {
    return `postgres://${this.user}:${this.password}@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
  }

  /** libpq variables the scripts read, PATH starting with this cluster's version of the tools. */
  env(database: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:${process.env.PATH}`, PGHOST: '127.0.0.1', PGPORT: String(this.port), PGUSER: this.user, PGPASSWORD: this.password, PGDATABASE: database, ...extra };
  }

  stop(): void {
    if (fs.existsSync(path.join(this.data, 'postmaster.pid'))) this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const sh = (script: string, args: string[], env: NodeJS.ProcessEnv) => spawnSync('sh', [script, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });

/** The backup file name for a moment `days` ago (the stamp backup.sh writes). */
function dumpNameDaysAgo(days: number): string {
  const stamp = new Date(Date.now() - days * 86_400_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `wavu-${stamp}.dump`;
}

async function fingerprint(url: string): Promise<Record<string, string>> {
  const dataSource = await new DataSource(dataSourceOptions(url, 1)).initialize();
  try {
    return await fingerprintOf(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('database backup and restore (deploy/backup, without Docker)', () => {
  const cluster = new Cluster(postgresBin());
  const backups = path.join(cluster.dir, 'backups');
  const secrets = productionSecrets();
  let sim: DarajaSimulator | undefined;
  let api: ApiProcess | undefined;
  let owner: ProviderFixture;
  const made = { voucherCodes: [] as string[], paymentId: '', ledgerRows: 0 };
  let original: Record<string, string>;

  beforeAll(async () => {
    await cluster.start();
    await cluster.createDatabase('wavu');
    const url = cluster.url('wavu');
    expect((await runMigrations(url)).length).toBeGreaterThan(0);

    // real rows, made through the app: a provider and its owner, a router, a plan, a printed batch
    // sold for cash (vouchers + ledger), and an M-Pesa purchase settled by the Daraja simulator
    sim = await startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    const t = await startTestApp(
      { ...secrets, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '2000', ROUTER_OUTBOX_MAX_ATTEMPTS: '1', ROUTER_CALL_TIMEOUT_MS: '300' },
      { db: { name: 'wavu', url, drop: () => Promise.resolve() } },
    );
    try {
      await t.app.listen(port, '127.0.0.1');
      const admin = await createSuperAdmin(t);
      owner = await createProvider(t, admin);
      const ownerApi = (method: 'get' | 'post', route: string) => (t.http() as any)[method](`/api/v1${route}`).set(owner.owner.auth);
      const router = await ownerApi('post', '/routers').send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
      const plan = await ownerApi('post', '/plans').send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
      const batch = await ownerApi('post', '/voucher-batches').send({ planId: plan.body.id, quantity: 5, pushToRouter: false }).expect(202);
      await t.app.get(VoucherBatchesService).settled(batch.body.id);
      await ownerApi('post', '/cash-sales').send({ batchId: batch.body.id }).expect(200);

      const started = await t.app.get(PaymentsService).startPurchase({ providerId: owner.providerId, routerId: router.body.id, planId: plan.body.id, phone: '254712345678', clientIp: '10.0.0.9' });
      await sim.idle();
      for (const until = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 50))) {
        const [payment] = await t.dataSource.query(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId]);
        if (payment.status === 'paid') break;
        if (Date.now() > until) throw new Error(`the M-Pesa purchase did not settle (${payment.status})`);
      }
      made.paymentId = started.purchaseId;
      made.voucherCodes = (await t.dataSource.query(`SELECT code FROM vouchers WHERE provider_id = $1 ORDER BY code`, [owner.providerId])).map((r: { code: string }) => r.code);
      made.ledgerRows = Number((await t.dataSource.query(`SELECT count(*) AS n FROM ledger_entries WHERE provider_id = $1`, [owner.providerId]))[0].n);
    } finally {
      await t.close();
    }
    expect(made.voucherCodes).toHaveLength(6); // 5 printed + 1 bought
    expect(made.ledgerRows).toBe(6);
    original = await fingerprint(url);
  });

  afterAll(async () => {
    await api?.stop();
    await sim?.close();
    cluster.stop();
  });

  it('backup.sh writes a verified custom-format dump and prunes only dumps older than BACKUP_KEEP_DAYS', () => {
    fs.mkdirSync(backups, { recursive: true });
    const old = dumpNameDaysAgo(20);
    const recent = dumpNameDaysAgo(3);
    for (const name of [old, recent, 'notes.txt']) fs.writeFileSync(path.join(backups, name), 'earlier');

    const result = sh(BACKUP, [], cluster.env('wavu', { BACKUP_DIR: backups, BACKUP_KEEP_DAYS: '7' }));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const files = fs.readdirSync(backups).sort();
    const written = files.filter((f) => DUMP_NAME.test(f) && f !== recent);
    expect(written).toHaveLength(1);
    expect(files).toEqual([recent, written[0], 'notes.txt'].sort()); // the 20-day-old one is gone, nothing partial left
    expect(result.stdout).toContain(`deleted ${old}`);
    // custom format ("PGDMP" header), and pg_restore can read its table of contents
    expect(fs.readFileSync(path.join(backups, written[0])).subarray(0, 5).toString()).toBe('PGDMP');
    const list = spawnSync(path.join(cluster.bin, 'pg_restore'), ['--list', path.join(backups, written[0])], { encoding: 'utf8' });
    expect(list.stdout).toMatch(/TABLE DATA public ledger_entries/);
  });

  it('a failed backup exits non-zero, leaves no partial file and prunes nothing', () => {
    const before = fs.readdirSync(backups).sort();
    const monthOld = dumpNameDaysAgo(30); // named once: the clock may pass a second while the backup runs
    fs.writeFileSync(path.join(backups, monthOld), 'earlier');
    const result = sh(BACKUP, [], cluster.env('wavu', { BACKUP_DIR: backups, BACKUP_KEEP_DAYS: '7', PGPASSWORD: 'wrong' }));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/password authentication failed/);
    expect(fs.readdirSync(backups).sort()).toEqual([...before, monthOld].sort());
    fs.rmSync(path.join(backups, monthOld));

    const bad = sh(BACKUP, [], cluster.env('wavu', { BACKUP_DIR: backups, BACKUP_KEEP_DAYS: 'a week' }));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/BACKUP_KEEP_DAYS must be a whole number/);
    // the service's nightly loop refuses a time it could never reach instead of sleeping forever
    const badTime = sh(path.join(ROOT, 'deploy/backup/schedule.sh'), [], cluster.env('wavu', { BACKUP_DIR: backups, BACKUP_AT: '24:30' }));
    expect(badTime.status).toBe(2);
    expect(badTime.stderr).toMatch(/BACKUP_AT must be HH:MM/);
  });

  it('restore.sh restores into an empty database: the same rows, table by table', async () => {
    const [dump] = fs
      .readdirSync(backups)
      .filter((f) => DUMP_NAME.test(f))
      .sort()
      .reverse();
    await cluster.createDatabase('wavu_restored');
    const result = sh(RESTORE, [path.join(backups, dump)], cluster.env('wavu_restored'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const restored = await fingerprint(cluster.url('wavu_restored'));
    expect(changedTables(original, restored)).toEqual([]);
    expect(Object.keys(restored).length).toBeGreaterThan(20);

    // never over existing data: a second restore into it is refused and changes nothing
    const again = sh(RESTORE, [path.join(backups, dump)], cluster.env('wavu_restored'));
    expect(again.status).toBe(3);
    expect(again.stderr).toMatch(/database wavu_restored is not empty/);
    expect(changedTables(restored, await fingerprint(cluster.url('wavu_restored')))).toEqual([]);
  });

  it('the API starts on the restored database: the owner logs in and sees the vouchers, the payment and the ledger', async () => {
    api = await startApiProcess({ ...secrets, DATABASE_URL: cluster.url('wavu_restored') });
    const login = await call(api.url, 'POST', '/api/v1/auth/login', { body: { email: owner.email, password: owner.password } });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;

    const vouchers = await call(api.url, 'GET', '/api/v1/vouchers?limit=100', { token });
    expect(vouchers.status).toBe(200);
    const listed = JSON.stringify(vouchers.body);
    for (const code of made.voucherCodes) expect(listed).toContain(code);

    const payment = await call(api.url, 'GET', `/api/v1/payments/${made.paymentId}`, { token });
    expect(payment.status).toBe(200);
    expect(payment.body).toMatchObject({ id: made.paymentId, status: 'paid' });

    const ledger = await fetch(`${api.url}/api/v1/payments/ledger.csv`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ledger.status).toBe(200);
    const lines = (await ledger.text()).trim().split('\n');
    expect(lines).toHaveLength(1 + made.ledgerRows); // header + one line per entry
  });

  it('BACKUP_KEEP_DAYS=0 keeps only the newest dump', () => {
    const result = sh(BACKUP, [], cluster.env('wavu', { BACKUP_DIR: backups, BACKUP_KEEP_DAYS: '0' }));
    expect(result.status).toBe(0);
    const dumps = fs.readdirSync(backups).filter((f) => DUMP_NAME.test(f));
    expect(dumps).toHaveLength(1);
    expect(result.stdout).toContain(`wrote ${path.join(backups, dumps[0])}`);
  });
});
