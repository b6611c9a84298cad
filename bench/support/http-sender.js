// Load generator in its own process (as real callbacks arrive from outside the API process):
// reads { url | urls, bodies, concurrency } from the JSON file named on the command line, POSTs every body
// over keep-alive connections (with several urls, sender i posts to urls[i % urls.length]: the API
// instances share the load), and prints { seconds, latencies, failures, cpuSeconds } as JSON.
const fs = require('node:fs');
const http = require('node:http');

const { url, urls, bodies, concurrency, expect } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const targets = (urls ?? [url]).map((u) => new URL(u));

function post(body, target) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
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
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ seconds: (Date.now() - started) / 1000, latencies, failures, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  agent.destroy();
})();
