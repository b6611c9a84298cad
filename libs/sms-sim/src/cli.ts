/**
 * Runs the Africa's Talking SMS simulator from the project root:
 *
 *   npm run sim:sms -- --port 8092
 *
 * Options (parsed in cli-args.ts):
 *   --host 127.0.0.1  --port 8092
 *   --app username:apiKey[:production][:sender=ID][:balance=cents][:callback=URL]   (repeatable; default the demo app in demo.ts)
 *   --delivery-delay ms (default 1000)  --latency ms  --rate-limit per-second  --callback-retries n
 *   --verbose  --help
 * The phone inbox is at http://HOST:PORT/sim/phone; the control API is under /sim.
 */
import type { CliOptions } from './cli-args';
import { parseCliArgs, USAGE } from './cli-args';
import type { SimLogger } from './logger';
import { startSmsSimulator } from './simulator';

const consoleLogger: SimLogger = {
  debug: (m, meta) => console.log(`[sms-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  warn: (m, meta) => console.warn(`[sms-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  error: (m, meta) => console.error(`[sms-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
};

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startSmsSimulator({ ...opts, logger: opts.verbose ? consoleLogger : undefined });
  console.log(`Africa's Talking SMS simulator on ${sim.url}`);
  console.log(`  phone inbox: ${sim.phoneUrl}`);
  console.log(`  control API: ${sim.url}/sim/...`);
  for (const app of sim.listApps()) console.log(`  app ${app.username} (${app.environment}) balance ${app.balance} senders ${app.senderIds.join(', ') || '-'}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
