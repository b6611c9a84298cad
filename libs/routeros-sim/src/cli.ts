/**
 * Runs simulated RouterOS routers from the project root:
 *
 *   npm run sim:routeros -- --port 8728 --user admin --password admin --version 7.18
 *
 * Options: --host, --port (first port), --count N (routers on consecutive ports), --user,
 * --password, --version 6.49|7.17|7.18, --login plain|legacy, --identity, --latency ms,
 * --control-port P (HTTP control endpoint, see control-http.ts), --verbose, --help (cli-args.ts).
 */
import type { CliOptions } from './cli-args';
import { parseCliArgs, USAGE } from './cli-args';
import { RouterOsSimulator } from './simulator';
import type { SimLogger } from './logger';

const consoleLogger = (verbose: boolean): SimLogger => ({
  debug: (m, meta) => verbose && console.debug(m, meta ?? ''),
  warn: (m, meta) => console.warn(m, meta ?? ''),
  error: (m, meta) => console.error(m, meta ?? ''),
});

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
