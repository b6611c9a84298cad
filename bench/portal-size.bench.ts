/**
 * Captive portal first load (docs/product.md §12: ≤ 60 KB of JS+CSS gzipped; usable in ≤ 3 s on a
 * throttled 3G profile).
 *
 * 1. Size: reads the built portal entry (apps/web/dist/portal.html; builds it when missing),
 *    follows its <script src>, <link rel=stylesheet|modulepreload href> tags and sums the
 *    gzipped size of every JS/CSS file the first load fetches.
 * 2. Time to usable: Chromium opens /portal/<id> from a small static server (the built files
 *    plus a fixed router-context JSON, so no database is needed) under DevTools network
 *    throttling (CDP Network.emulateNetworkConditions: 400 kbps down and up, 400 ms RTT) with
 *    the cache disabled; "usable" = the first plan card is visible and enabled. Median of 5.
 *
 *   npm run bench:portal-size
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/setup/browser';
import { reportBench } from './report';

const DIST = path.resolve(__dirname, '..', 'apps', 'web', 'dist');
const ROUTER_ID = '3f0b6c1e-8a4d-4e21-9c55-0d6a1b2c3d4e';
const LIMIT_KB = 60;
const USABLE_MS = 3000;

function firstLoadAssets(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*>/g)) {
    const rel = /\brel="([^"]+)"/.exec(m[0])?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (href && /stylesheet|modulepreload/.test(rel)) refs.add(href);
  }
  return [...refs].filter((r) => r.startsWith('/') && /\.(js|css)$/.test(r));
}

async function timeToUsable(runs: number): Promise<number[]> {
  const context = {
    routerId: ROUTER_ID,
    branding: { name: 'Mama Njeri WiFi', logoUrl: null, accentColor: '#0B6E4F' },
    sales: 'open',
    languages: ['en', 'sw'],
    plans: [20, 50, 250].map((price, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      name: ['1 hour', '1 day', '1 week'][i],
      price,
      currency: 'KES',
      kind: 'time',
      uptimeLimitSeconds: [3600, 86400, 604800][i],
      validitySeconds: null,
      dataLimitBytes: null,
      downloadRate: '5M',
      uploadRate: '2M',
      sharedUsers: 1,
    })),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/portal/${ROUTER_ID}`) {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-cache' });
      return res.end(fs.readFileSync(path.join(DIST, 'portal.html')));
    }
    if (url.pathname === `/api/v1/captive/routers/${ROUTER_ID}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(context));
    }
    const file = path.join(DIST, path.normalize(url.pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      return res.end();
    }
    // served gzipped, as the API (behind its proxy / compression) would
    const body = gzipSync(fs.readFileSync(file));
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream', 'content-encoding': 'gzip' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 390, height: 780 } });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 });
      const started = Date.now();
      await page.goto(`${base}/portal/${ROUTER_ID}?mac=02%3A11%3A22%3A33%3A44%3A55&ip=10.5.50.7&link-login-only=http%3A%2F%2Fwifi.hotspot.lan%2Flogin&link-orig=http%3A%2F%2Fexample.test%2F&error=`, {
        waitUntil: 'commit',
      });
      await page.getByRole('button', { name: '1 hour, KES 20' }).waitFor({ state: 'visible' });
      times.push(Date.now() - started);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return times;
}

async function main(): Promise<void> {
  const htmlPath = path.join(DIST, 'portal.html');
  if (!fs.existsSync(htmlPath)) execSync('npm run build:web', { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
  const html = fs.readFileSync(htmlPath, 'utf8');
  const assets = firstLoadAssets(html);
  if (!assets.some((a) => a.endsWith('.js'))) throw new Error('portal.html references no script: is it the built file?');
  let raw = 0;
  let gz = 0;
  for (const asset of assets) {
    const bytes = fs.readFileSync(path.join(DIST, asset));
    const g = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += g;
    console.log(`  ${asset.padEnd(48)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(g / 1024).toFixed(1).padStart(6)} KB gzipped`);
  }
  const htmlGz = gzipSync(Buffer.from(html), { level: 9 }).length;
  console.log(`portal first load: ${assets.length} JS/CSS files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (+ ${(htmlGz / 1024).toFixed(1)} KB HTML)`);
  reportBench({ figure: 'captive portal first-load JS+CSS (gzipped)', value: `${(gz / 1024).toFixed(1)} KB`, target: `≤ ${LIMIT_KB} KB`, met: gz <= LIMIT_KB * 1024 });

  if (process.env.BENCH_SKIP_BROWSER === '1') return;
  const times = (await timeToUsable(Number(process.env.BENCH_RUNS ?? 5))).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`time to usable on 400 kbps / 400 ms RTT (Chromium, cache off): ${times.join(', ')} ms; median ${median} ms`);
  reportBench({
    figure: 'captive portal time to usable, throttled 3G (400 kbps, 400 ms RTT), median of runs',
    value: `${(median / 1000).toFixed(2)} s`,
    target: `≤ ${USABLE_MS / 1000} s`,
    met: median <= USABLE_MS,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
