/**
 * Runs the Pesapal API 3.0 simulator from the project root:
 *
 *   npm run sim:pesapal -- --port 8091
 *
 * Options: --host 127.0.0.1, --port 8091, --public-url URL (base of redirect_url),
 * --merchant KEY:SECRET (repeatable; default Pesapal's demo keys), --token-ttl SECONDS (300),
 * --ipn-delay MS (0), --ipn-duplicates N (0), --ipn-attempts N (5), --ipn-backoff MS (1000),
 * --mpesa-pending MS (0), --verbose, --help (cli-args.ts).
 */
import type { CliOptions } from './cli-args';
import { parseCliArgs, USAGE } from './cli-args';
import type { PesapalSimLogger } from './logger';
import { startPesapalSimulator } from './simulator';
import { DEFAULT_PESAPAL_MERCHANT } from './types';

const consoleLogger: PesapalSimLogger = {
  debug: (m, meta) => console.log(m, meta ?? ''),
  warn: (m, meta) => console.warn(m, meta ?? ''),
  error: (m, meta) => console.error(m, meta ?? ''),
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
  const sim = await startPesapalSimulator({ ...opts, ...(opts.verbose ? { logger: consoleLogger } : {}) });
  const keys = (opts.merchants ?? [DEFAULT_PESAPAL_MERCHANT]).map((m) => m.consumerKey).join(', ');
  console.log(`Pesapal simulator on ${sim.url}`);
  console.log(`  API base URL:  ${sim.url}  (POST /api/Auth/RequestToken, ...)`);
  console.log(`  hosted page:   ${sim.url}${sim.hostedPagePath}?OrderTrackingId=...`);
  console.log(`  control API:   ${sim.url}${sim.controlPrefix}/orders, /ledger, /settings, /faults`);
  console.log(`  consumer keys: ${keys}`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  void main();
}
