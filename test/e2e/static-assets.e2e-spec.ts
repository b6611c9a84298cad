import type { IncomingHttpHeaders } from 'node:http';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * The landing page and the SPA as a browser fetches them: hashed assets compressed (brotli when
 * offered, else gzip) and cached for a year; the HTML pages revalidated on every load.
 */
describe('static files (e2e)', () => {
  let t: TestApp;
  let dist: string;
  // a stand-in for apps/web/dist with a hashed bundle large enough to be worth compressing
  const script = `export const plans = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "Plan ${i}" }`).join(', ')}];\n`;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'wavu-static-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Wavu</title><script type="module" src="/assets/dashboard-AbC123.js"></script>');
    writeFileSync(join(dist, 'portal.html'), '<!doctype html><title>Portal</title>');
    writeFileSync(join(dist, 'assets', 'dashboard-AbC123.js'), script);
    t = await startTestApp({ WEB_DIST_DIR: dist });
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  // read the raw bytes over a real socket: the test checks what went over the wire, not what a client decoded
  const raw = (path: string, acceptEncoding: string) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      get({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });

  it('sends a hashed JS asset brotli-compressed when the browser accepts br, with a one-year immutable cache', async () => {
    const res = await raw('/assets/dashboard-AbC123.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(script);
    expect(res.body.length).toBeLessThan(script.length / 3);
  });

  it('falls back to gzip for a browser without brotli', async () => {
    const res = await raw('/assets/dashboard-AbC123.js', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(res.body).toString('utf8')).toBe(script);
  });

  it('sends it uncompressed to a client that accepts no encoding', async () => {
    const res = await raw('/assets/dashboard-AbC123.js', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toBe(script);
  });

  it('revalidates the HTML pages on every load (landing page, SPA routes, portal)', async () => {
    for (const path of ['/', '/index.html', '/app/overview', '/login']) {
      const res = await raw(path, 'gzip, br');
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-cache']);
    }
    const portal = await raw('/portal/7f0c5c1e-4d4b-4c53-9a51-0d7c1f6e2a10?mac=02%3A11%3A22%3A33%3A44%3A55&ip=10.5.50.7', 'gzip, br');
    expect(portal.status).toBe(200);
    expect(portal.headers['cache-control']).toBe('no-cache');
  });

  it('leaves API answers uncompressed (the live event stream must not be buffered)', async () => {
    const res = await raw('/api/docs/openapi.json', 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(10_000);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
