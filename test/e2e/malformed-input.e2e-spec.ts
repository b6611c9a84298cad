import { RateLimiter } from '../../apps/api/src/common/http/rate-limit';
import { CASH_SALE_LIMIT_BYTES, CASH_SALE_PATHS, STATEMENT_UPLOAD_LIMIT_BYTES, STATEMENT_UPLOAD_PATHS } from '../../apps/api/src/create-app';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { Operation } from '../setup/openapi-ops';
import { operations, resolve } from '../setup/openapi-ops';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

// each generated case sends up to a hundred requests: on a loaded 2-core machine that can take longer than jest's 5 s default
jest.setTimeout(60_000);

const WRONG: Record<string, unknown> = { string: 12345, number: 'not-a-number', integer: 'not-a-number', boolean: 'maybe', array: 'not-an-array', object: 'not-an-object' };
const VALID_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Generated from the committed openapi.json: every operation, fed malformed bodies, params and
 * queries, answers 400 with field messages — never 2xx or 5xx — and the database is unchanged.
 */
describe('malformed input on every endpoint (generated from openapi.json)', () => {
  let t: TestApp;
  let admin: Session;
  let provider: ProviderFixture;
  let checked = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    // each generated case on its own: no rate limit counts here (rate limits have their own tests: captive.e2e-spec, rate-limits.e2e-spec)
    jest.spyOn(t.app.get(RateLimiter), 'hit').mockReturnValue(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  const authFor = (op: Operation) => (op.path.startsWith('/api/v1/admin') ? admin.auth : op.security ? provider.owner.auth : {});
  const url = (op: Operation, id = VALID_UUID) => op.path.replace(/\{[^}]+\}/g, id);
  const call = (op: Operation, target = url(op)) => {
    const req = (t.http() as any)[op.method](target).set(authFor(op));
    return req;
  };
  const expect400 = (res: { status: number; body: any }, label: string) => {
    if (res.status !== 400) throw new Error(`${label}: expected 400, got ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
    expect(typeof res.body.code).toBe('string');
    checked++;
  };

  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
  });

  it.each(operations.filter((op) => op.body).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s rejects bad bodies', async (label, op) => {
    const before = await databaseFingerprint(t);
    const body = op.body!;
    const props = body.properties ?? {};

    const extra = await call(op).send({ unexpectedField: 'x' });
    expect400(extra, `${label} extra field`);
    expect(extra.body.details.map((d: { field: string }) => d.field)).toContain('unexpectedField');

    for (const [name, raw] of Object.entries(props)) {
      const prop = resolve(raw);
      const wrong = prop.enum ? 'not-one-of-the-values' : WRONG[prop.type ?? 'string'];
      const res = await call(op).send({ [name]: wrong });
      expect400(res, `${label} ${name}=${JSON.stringify(wrong)}`);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(name);
      const huge = await call(op).send({ [name]: 'x'.repeat(5000) });
      if (prop.type === 'string' && !prop.enum) expect400(huge, `${label} ${name} oversized`);
    }
    if (body.required?.length) {
      const res = await call(op).send({});
      expect400(res, `${label} empty`);
      for (const name of body.required) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(name);
    }
    expect400(await call(op).send([1, 2, 3]), `${label} array body`);
    const badJson = await call(op).set('Content-Type', 'application/json').send('{"broken": ');
    expect400(badJson, `${label} invalid JSON`);
    expect(badJson.body.code).toBe('INVALID_JSON');
    // statement uploads take a whole M-Pesa statement export, cash sales up to 10,000 scanned codes; every other body the usual limit
    const limit = STATEMENT_UPLOAD_PATHS.includes(op.path) ? STATEMENT_UPLOAD_LIMIT_BYTES : CASH_SALE_PATHS.includes(op.path.replace(/\{(\w+)\}/g, ':$1')) ? CASH_SALE_LIMIT_BYTES : 100 * 1024;
    const big = await call(op).send({ blob: 'x'.repeat(limit + 100 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');

    expect(await databaseFingerprint(t)).toEqual(before);
  });

  const idParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path' && /^(id|[a-z][A-Za-z]*Id)$/.test(p.name)).map((p) => p.name);

  it.each(operations.filter((op) => idParams(op).length).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s rejects a malformed id', async (label, op) => {
    const before = await databaseFingerprint(t);
    for (const bad of ['not-a-uuid', "1' OR '1'='1", '123', '%F0%9F%92%A5']) {
      const res = await call(op, url(op, bad)).send({ reason: 'valid reason' });
      expect400(res, `${label} id=${bad}`);
      for (const name of idParams(op)) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(name);
    }
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it.each(operations.filter((op) => op.parameters.some((p) => p.in === 'query')).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s rejects bad query values',
    async (label, op) => {
      for (const param of op.parameters.filter((p) => p.in === 'query')) {
        const schema = resolve(param.schema);
        const values = schema.enum ? ['bogus'] : schema.type === 'integer' || schema.type === 'number' ? ['abc', '-1', '100000'] : ['x'.repeat(5000)];
        for (const value of values) expect400(await call(op).query({ [param.name]: value }), `${label} ${param.name}=${value.slice(0, 20)}`);
      }
      expect400(await call(op).query({ unexpectedParam: '1' }), `${label} unknown query parameter`);
    },
  );

  it('checked a meaningful number of cases', () => {
    expect(checked).toBeGreaterThan(100);
  });
});
