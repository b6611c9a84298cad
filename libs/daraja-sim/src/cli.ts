/**
 * Runs the Daraja simulator from the project root:
 *
 *   npm run sim:daraja -- --port 8090
 *
 * Options:
 *   --host 127.0.0.1  --port 8090
 *   --app key:secret:shortcode:passkey[:till:TILLNUMBER][:production]   (repeatable; default the demo app in demo.ts)
 *   --default-action approve|manual|cancel|timeout|wrong-pin|insufficient-funds|never   (default manual)
 *   --decision-delay ms (default 3000)   --manual-timeout ms (default 60000)   --pin 1234|any
 *   --callback-delay ms  --copies n  --drop 0..1  --pending-style classic|4999  --token-ttl seconds
 *   --verbose  --help   (parsed in cli-args.ts)
 * The customer's phone page is at http://HOST:PORT/sim/phone; the control API is under /sim.
 */
import type { CliOptions } from './cli-args';
import { parseCliArgs, USAGE } from './cli-args';
import type { SimLogger } from './logger';
import { startDarajaSimulator } from './simulator';

const consoleLogger: SimLogger = {
  debug: (m, meta) => console.log(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  warn: (m, meta) => console.warn(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  error: (m, meta) => console.error(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
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
  const sim = await startDarajaSimulator({ ...opts, logger: opts.verbose ? consoleLogger : undefined });
  console.log(`Daraja simulator on ${sim.url}`);
  console.log(`  phone page:  ${sim.phoneUrl}`);
  console.log(`  control API: ${sim.url}/sim/...`);
  for (const app of sim.listApps()) console.log(`  app ${String(app.consumerKey)} shortcode ${String(app.shortcode)} (${String(app.accountType)}, ${String(app.mode)})`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
