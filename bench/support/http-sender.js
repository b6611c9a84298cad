// Load generator in its own process (as real callbacks arrive from outside the API process):
// reads { url | urls, bodies, concurrency, rate? } from the JSON file named on the command line, POSTs every body
// over keep-alive connections (with several urls, sender i posts to urls[i % urls.length]: the API
// instances share the load), and prints { seconds, latencies, failures, cpuSeconds } as JSON.
// Without `rate`: `concurrency` senders, each posting its next body when the previous one was answered
// (closed loop: how fast the API can go). With `rate` (bodies per second): body i is posted at i / rate s
// whatever the earlier answers, as callbacks from Safaricom arrive (open loop), and its latency counts
// from that moment, so a send held up by a slow API counts its wait too.
const fs = require('node:fs');
const http = require('node:http');

const { url, urls, bodies, concurrency, expect, rate } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: rate ? 1024 : concurrency });
const targets = (urls ?? [url]).map((u) => new URL(u));

function post(body, target, started = process.hrtime.bigint()) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: res.statusCode === 200 && (!expect || text === expect) }));
      },
    );
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false }));
    req.end(body);
  });
}

(async () => {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = Date.now();
  if (rate) {
    const t0 = process.hrtime.bigint();
    const sends = [];
    for (let i = 0; i < bodies.length; i++) {
      const due = t0 + BigInt(Math.round((i * 1e9) / rate));
      const wait = Number(due - process.hrtime.bigint()) / 1e6;
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sends.push(
        post(bodies[i], targets[i % targets.length], due).then((r) => {
          latencies.push(r.ms);
          if (!r.ok) failures++;
        }),
      );
    }
    await Promise.all(sends);
  } else {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, sender) => {
        const target = targets[sender % targets.length];
        while (next < bodies.length) {
          const r = await post(bodies[next++], target);
          latencies.push(r.ms);
          if (!r.ok) failures++;
        }
      }),
    );
  }
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ seconds: (Date.now() - started) / 1000, latencies, failures, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  agent.destroy();
})();
