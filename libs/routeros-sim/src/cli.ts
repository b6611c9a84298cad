/**
 * Runs simulated RouterOS routers from the project root:
 *
 *   npm run sim:routeros -- --port 8728 --user admin --password admin --version 7.18
 *
 * Options: --host, --port (first port), --count N (routers on consecutive ports), --user,
 * --password, --version 6.49|7.17|7.18, --login plain|legacy, --identity, --latency ms,
 * --control-port P (HTTP control endpoint, see control-http.ts), --verbose.
 */
import type { LoginMethod, RouterOsVersion } from './profiles';
import { isRouterOsVersion } from './profiles';
import { RouterOsSimulator } from './simulator';
import type { SimLogger } from './logger';

interface CliOptions {
  host: string;
  port: number;
  count: number;
  user: string;
  password: string;
  version: RouterOsVersion;
  login?: LoginMethod;
  identity?: string;
  latency: number;
  controlPort?: number;
  verbose: boolean;
}

const USAGE =
  'usage: sim:routeros -- [--host 127.0.0.1] [--port 8728] [--count 1] [--user admin] [--password admin] [--version 6.49|7.17|7.18] [--login plain|legacy] [--identity name] [--latency ms] [--control-port 8790] [--verbose]';

export function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { host: '127.0.0.1', port: 8728, count: 1, user: 'admin', password: 'admin', version: '7.18', latency: 0, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
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
      case '--count':
        opts.count = Math.max(1, int());
        break;
      case '--user':
        opts.user = value();
        break;
      case '--password':
        opts.password = value();
        break;
      case '--version': {
        const v = value();
        if (!isRouterOsVersion(v)) throw new Error(`unknown --version ${v} (6.49, 7.17 or 7.18)`);
        opts.version = v;
        break;
      }
      case '--login': {
        const v = value();
        if (v !== 'plain' && v !== 'legacy') throw new Error('--login must be plain or legacy');
        opts.login = v;
        break;
      }
      case '--identity':
        opts.identity = value();
        break;
      case '--latency':
        opts.latency = int();
        break;
      case '--control-port':
        opts.controlPort = int();
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
  return opts;
}

const consoleLogger = (verbose: boolean): SimLogger => ({
  debug: (m, meta) => verbose && console.debug(m, meta ?? ''),
  warn: (m, meta) => console.warn(m, meta ?? ''),
  error: (m, meta) => console.error(m, meta ?? ''),
});

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const sim = new RouterOsSimulator({ logger: consoleLogger(opts.verbose) });
  for (let i = 0; i < opts.count; i++) {
    const name = opts.count === 1 ? (opts.identity ?? 'MikroTik') : `${opts.identity ?? 'router'}-${i + 1}`;
    const port = opts.port === 0 ? 0 : opts.port + i;
    const r = await sim.addRouter({ name, host: opts.host, port, version: opts.version, login: opts.login, user: opts.user, password: opts.password, faults: { latencyMs: opts.latency } });
    console.log(`RouterOS ${opts.version} simulator "${r.name}" listening on ${opts.host}:${r.port} (user ${opts.user}, ${opts.login ?? 'plain'} login)`);
  }
  if (opts.controlPort !== undefined) {
    const control = await sim.startControlServer(opts.controlPort, opts.host);
    console.log(`control endpoint on ${control.url}`);
  }
  const shutdown = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (require.main === module) {
  void main();
}
