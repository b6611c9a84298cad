import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocument, serializeOpenApi } from '../../apps/api/src/openapi/openapi';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const ROOT = path.resolve(__dirname, '..', '..');

describe('API conventions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://dashboard.example.test' });
  });
  afterAll(() => t?.close());

  it('echoes a sane X-Request-Id, or makes one, and puts it in error bodies', async () => {
    const own = await t.http().get('/api/v1/auth/me').set('X-Request-Id', 'client-req-12345').expect(401);
    expect(own.headers['x-request-id']).toBe('client-req-12345');
    expect(own.body.requestId).toBe('client-req-12345');
    const hostile = await t.http().get('/api/v1/auth/me').set('X-Request-Id', '<script>alert(1)</script>').expect(401);
    expect(hostile.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(hostile.headers['x-request-id']).toBe(hostile.body.requestId);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', requestId: expect.any(String) });
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await t.http().options('/api/v1/auth/login').set('Origin', 'https://dashboard.example.test').set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example.test');
    const denied = await t.http().options('/api/v1/auth/login').set('Origin', 'https://evil.example.test').set('Access-Control-Request-Method', 'POST');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("tries the routes of M-Pesa's callbacks before the dashboard's (Express matches routes in order)", () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
    const routes = stack.flatMap((layer) => (layer.route ? [`${Object.keys(layer.route.methods).length > 1 ? '*' : Object.keys(layer.route.methods)[0]} ${layer.route.path}`] : []));
    const stk = routes.indexOf('post /api/v1/webhooks/daraja/:providerId/:secret/stk');
    const login = routes.indexOf('post /api/v1/auth/login');
    const payments = routes.indexOf('get /api/v1/payments');
    expect([stk, login, payments].every((i) => i >= 0)).toBe(true);
    expect(stk).toBeLessThan(login);
    expect(stk).toBeLessThan(payments);
    // the platform's own C2B URLs still win over a provider id read from the path
    expect(routes.indexOf('post /api/v1/webhooks/daraja/platform/:secret/c2b/confirmation')).toBeLessThan(routes.indexOf('post /api/v1/webhooks/daraja/:providerId/:secret/c2b/confirmation'));
  });

  it('has liveness and readiness (with the database) outside the API prefix', async () => {
    expect((await t.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http().get('/health/ready').expect(200)).body).toEqual({ status: 'ok', checks: { database: 'up', liveUpdates: 'up' } });
  });

  it('exposes Prometheus metrics with per-route HTTP counters', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/wavu_http_requests_total\{method="GET",route="\/api\/v1\/auth\/me",status="401"\} \d+/);
    expect(res.text).toContain('wavu_process_cpu_seconds_total');
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const res = await t.http().get('/api/docs/openapi.json').expect(200);
    expect(res.body.info.title).toBe('Wavu API');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/auth/login');
    await t.http().get('/api/docs').expect(200);
  });

  it('the committed openapi.json is up to date (run `npm run openapi` when this fails)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'openapi.json'), 'utf8');
    expect(serializeOpenApi(buildOpenApiDocument(t.app))).toBe(committed);
  });

  it("the SPA's generated API types are up to date with openapi.json (run `npm run openapi` when this fails)", () => {
    const bin = path.join(ROOT, 'node_modules', '.bin', 'openapi-typescript');
    const generated = execFileSync(bin, [path.join(ROOT, 'openapi.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const committed = fs.readFileSync(path.join(ROOT, 'apps', 'web', 'src', 'lib', 'api', 'schema.d.ts'), 'utf8');
    expect(committed).toBe(generated);
  });
});
