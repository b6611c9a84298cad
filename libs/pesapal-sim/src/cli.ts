/**
 * Runs the Pesapal API 3.0 simulator from the project root:
 *
 *   npm run sim:pesapal -- --port 8091
 *
 * Options: --host 127.0.0.1, --port 8091, --public-url URL (base of redirect_url),
 * --merchant KEY:SECRET (repeatable; default Pesapal's demo keys), --token-ttl SECONDS (300),
 * --ipn-delay MS (0), --ipn-duplicates N (0), --ipn-attempts N (5), --ipn-backoff MS (1000),
 * --mpesa-pending MS (0), --verbose.
 */
import type { PesapalSimLogger } from './logger';
import type { PesapalSimulatorOptions } from './simulator';
import { startPesapalSimulator } from './simulator';
import type { SimMerchantCredentials } from './types';
import { DEFAULT_PESAPAL_MERCHANT } from './types';

const USAGE =
  'usage: sim:pesapal -- [--host 127.0.0.1] [--port 8091] [--public-url URL] [--merchant KEY:SECRET]... [--token-ttl 300] [--ipn-delay 0] [--ipn-duplicates 0] [--ipn-attempts 5] [--ipn-backoff 1000] [--mpesa-pending 0] [--verbose]';

export function parseArgs(argv: string[]): PesapalSimulatorOptions & { verbose: boolean } {
  const opts: PesapalSimulatorOptions & { verbose: boolean } = { host: '127.0.0.1', port: 8091, verbose: false, ipn: {} };
  const merchants: SimMerchantCredentials[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer`);
      return v;
    };
    switch (flag) {
      case '--host':
        opts.host = value();
        break;
      case '--port':
        opts.port = int();
        break;
      case '--public-url':
        opts.publicUrl = value();
        break;
      case '--merchant': {
        const v = value();
        const colon = v.indexOf(':');
        if (colon <= 0) throw new Error('--merchant needs KEY:SECRET');
        merchants.push({ consumerKey: v.slice(0, colon), consumerSecret: v.slice(colon + 1) });
        break;
      }
      case '--token-ttl':
        opts.tokenTtlMs = int() * 1000;
        break;
      case '--ipn-delay':
        opts.ipn = { ...opts.ipn, delayMs: int() };
        break;
      case '--ipn-duplicates':
        opts.ipn = { ...opts.ipn, duplicates: int() };
        break;
      case '--ipn-attempts':
        opts.ipn = { ...opts.ipn, maxAttempts: Math.max(1, int()) };
        break;
      case '--ipn-backoff':
        opts.ipn = { ...opts.ipn, retryBackoffMs: int() };
        break;
      case '--mpesa-pending':
        opts.mobileMoneyPendingMs = int();
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (merchants.length > 0) opts.merchants = merchants;
  return opts;
}

const consoleLogger: PesapalSimLogger = {
  debug: (m, meta) => console.log(m, meta ?? ''),
  warn: (m, meta) => console.warn(m, meta ?? ''),
  error: (m, meta) => console.error(m, meta ?? ''),
};

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
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
