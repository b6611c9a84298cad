/** The `npm run sim:routeros` command line as options, without starting anything (cli.ts runs them). */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { LoginMethod, RouterOsVersion } from './profiles';
import { isRouterOsVersion } from './profiles';

export interface CliOptions {
  help: boolean;
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

export const USAGE =
  'usage: npm run sim:routeros -- [--host 127.0.0.1] [--port 8728] [--count 1] [--user admin] [--password admin] [--version 6.49|7.17|7.18] [--login plain|legacy] [--identity name] [--latency ms] [--control-port 8790] [--verbose] [--help]';

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8728' },
  count: { type: 'string', default: '1' },
  user: { type: 'string', default: 'admin' },
  password: { type: 'string', default: 'admin' },
  version: { type: 'string', default: '7.18' },
  login: { type: 'string' },
  identity: { type: 'string' },
  latency: { type: 'string', default: '0' },
  'control-port': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** A whole number from 0 to `max`, or an error naming the option. */
function wholeNumber(option: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) throw new Error(`--${option} needs a whole number from 0 to ${max}, got '${raw}'`);
  return n;
}

/** Throws an Error with a one-line message on an unknown option, a missing value or a bad value. */
export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (!isRouterOsVersion(values.version)) throw new Error(`unknown --version ${values.version} (6.49, 7.17 or 7.18)`);
  if (values.login !== undefined && values.login !== 'plain' && values.login !== 'legacy') throw new Error('--login must be plain or legacy');
  const controlPort = values['control-port'];
  return {
    help: values.help,
    host: values.host,
    port: wholeNumber('port', values.port, 65535),
    count: Math.max(1, wholeNumber('count', values.count)),
    user: values.user,
    password: values.password,
    version: values.version,
    login: values.login,
    identity: values.identity,
    latency: wholeNumber('latency', values.latency),
    controlPort: controlPort === undefined ? undefined : wholeNumber('control-port', controlPort, 65535),
    verbose: values.verbose,
  };
}
