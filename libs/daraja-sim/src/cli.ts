/**
 * Runs the Daraja simulator from the project root:
 *
 *   npm run sim:daraja -- --port 8090
 *
 * Options:
 *   --host 127.0.0.1  --port 8090
 *   --app key:secret:shortcode:passkey[:till:TILLNUMBER][:production]   (repeatable; default demo app below)
 *   --default-action approve|manual|cancel|timeout|wrong-pin|insufficient-funds|never   (default manual)
 *   --decision-delay ms (default 3000)   --manual-timeout ms (default 60000)   --pin 1234|any
 *   --callback-delay ms  --copies n  --drop 0..1  --pending-style classic|4999  --token-ttl seconds
 *   --verbose
 * The customer's phone page is at http://HOST:PORT/sim/phone; the control API is under /sim.
 */
import { DEMO_APP } from './demo';
import type { SimLogger } from './logger';
import type { DarajaSimulatorOptions } from './simulator';
import { startDarajaSimulator } from './simulator';
import type { PhoneAction, SimAppConfig } from './types';

const ACTIONS = ['approve', 'manual', 'cancel', 'timeout', 'wrong-pin', 'insufficient-funds', 'never'];

export function parseApp(spec: string): SimAppConfig {
  const [consumerKey, consumerSecret, shortcode, passkey, ...rest] = spec.split(':');
  if (!consumerKey || !consumerSecret || !shortcode || !passkey) throw new Error(`--app needs key:secret:shortcode:passkey, got ${spec}`);
  const app: SimAppConfig = { consumerKey, consumerSecret, shortcode, passkey };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'till') {
      app.accountType = 'till';
      app.tillNumber = rest[++i];
    } else if (rest[i] === 'production') app.mode = 'production';
    else throw new Error(`unknown --app flag ${rest[i]}`);
  }
  return app;
}

export function parseArgs(argv: string[]): DarajaSimulatorOptions & { verbose: boolean } {
  const opts: DarajaSimulatorOptions & { verbose: boolean } = {
    port: 8090,
    host: '127.0.0.1',
    apps: [],
    phone: { defaultAction: 'manual', decisionDelayMs: 3000 },
    callbacks: {},
    query: {},
    verbose: false,
  };
  const phone = opts.phone as NonNullable<DarajaSimulatorOptions['phone']>;
  const callbacks = opts.callbacks as NonNullable<DarajaSimulatorOptions['callbacks']>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a non-negative number`);
      return v;
    };
    switch (flag) {
      case '--host':
        opts.host = value();
        break;
      case '--port':
        opts.port = num();
        break;
      case '--app':
        opts.apps?.push(parseApp(value()));
        break;
      case '--default-action': {
        const v = value();
        if (!ACTIONS.includes(v)) throw new Error(`--default-action must be one of ${ACTIONS.join(', ')}`);
        phone.defaultAction = v as PhoneAction;
        break;
      }
      case '--decision-delay':
        phone.decisionDelayMs = num();
        break;
      case '--manual-timeout':
        phone.manualTimeoutMs = num();
        break;
      case '--pin': {
        const v = value();
        phone.pin = v === 'any' ? null : v;
        break;
      }
      case '--callback-delay':
        callbacks.delayMs = num();
        break;
      case '--copies':
        callbacks.copies = Math.max(1, Math.floor(num()));
        break;
      case '--drop':
        callbacks.drop = num();
        break;
      case '--pending-style': {
        const v = value();
        if (v !== 'classic' && v !== '4999') throw new Error('--pending-style must be classic or 4999');
        opts.query = { pendingStyle: v };
        break;
      }
      case '--token-ttl':
        opts.tokenTtlMs = num() * 1000;
        break;
      case '--verbose':
        opts.verbose = true;
        break;
      case '--help':
      case '-h':
        throw new Error('help');
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (opts.apps?.length === 0) opts.apps.push(DEMO_APP);
  return opts;
}

const consoleLogger: SimLogger = {
  debug: (m, meta) => console.log(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  warn: (m, meta) => console.warn(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
  error: (m, meta) => console.error(`[daraja-sim] ${m}`, meta ? JSON.stringify(meta) : ''),
};

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message === 'help' ? '' : (err as Error).message);
    console.error(
      'usage: npm run sim:daraja -- [--port 8090] [--app key:secret:shortcode:passkey[:till:N][:production]] [--default-action manual] [--decision-delay 3000] [--pin 1234|any] [--callback-delay ms] [--copies n] [--drop p] [--pending-style classic|4999] [--verbose]',
    );
    process.exit(2);
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
