/** The `npm run sim:daraja` command line as simulator options, without starting anything (cli.ts runs them). */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { DEMO_APP } from './demo';
import type { DarajaSimulatorOptions } from './simulator';
import type { PhoneAction, SimAppConfig } from './types';

export type CliOptions = DarajaSimulatorOptions & { help: boolean; verbose: boolean };

export const USAGE =
  'usage: npm run sim:daraja -- [--host 127.0.0.1] [--port 8090] [--app key:secret:shortcode:passkey[:till:N][:production]]... [--default-action manual] [--decision-delay 3000] [--manual-timeout 60000] [--pin 1234|any] [--callback-delay ms] [--copies n] [--drop p] [--pending-style classic|4999] [--token-ttl seconds] [--verbose] [--help]';

const ACTIONS: readonly string[] = ['approve', 'manual', 'cancel', 'timeout', 'wrong-pin', 'insufficient-funds', 'never'] satisfies PhoneAction[];

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8090' },
  app: { type: 'string', multiple: true },
  'default-action': { type: 'string', default: 'manual' },
  'decision-delay': { type: 'string', default: '3000' },
  'manual-timeout': { type: 'string' },
  pin: { type: 'string' },
  'callback-delay': { type: 'string' },
  copies: { type: 'string' },
  drop: { type: 'string' },
  'pending-style': { type: 'string' },
  'token-ttl': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** A number ≥ 0 up to `max` (a whole one when `whole`), or an error naming the option. */
function nonNegative(option: string, raw: string, { whole = false, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const n = Number(raw);
  if (!(whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw) || n > max) throw new Error(`--${option} needs a ${whole ? 'whole ' : ''}number from 0 to ${max}, got '${raw}'`);
  return n;
}

function parseApp(spec: string): SimAppConfig {
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

/**
 * Throws an Error with a one-line message on an unknown option, a missing value or a bad value.
 * Options left out stay absent, so the simulator's own defaults apply; no --app means the demo app.
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const defaultAction = values['default-action'];
  if (!ACTIONS.includes(defaultAction)) throw new Error(`--default-action must be one of ${ACTIONS.join(', ')}`);
  const phone: NonNullable<DarajaSimulatorOptions['phone']> = { defaultAction: defaultAction as PhoneAction, decisionDelayMs: nonNegative('decision-delay', values['decision-delay']) };
  const callbacks: NonNullable<DarajaSimulatorOptions['callbacks']> = {};
  const opts: CliOptions = {
    help: values.help,
    verbose: values.verbose,
    host: values.host,
    port: nonNegative('port', values.port, { whole: true, max: 65535 }),
    apps: values.app === undefined ? [DEMO_APP] : values.app.map(parseApp),
    phone,
    callbacks,
    query: {},
  };
  if (values['manual-timeout'] !== undefined) phone.manualTimeoutMs = nonNegative('manual-timeout', values['manual-timeout']);
  if (values.pin !== undefined) phone.pin = values.pin === 'any' ? null : values.pin;
  if (values['callback-delay'] !== undefined) callbacks.delayMs = nonNegative('callback-delay', values['callback-delay']);
  if (values.copies !== undefined) callbacks.copies = Math.max(1, Math.floor(nonNegative('copies', values.copies)));
  if (values.drop !== undefined) callbacks.drop = nonNegative('drop', values.drop);
  const pendingStyle = values['pending-style'];
  if (pendingStyle !== undefined) {
    if (pendingStyle !== 'classic' && pendingStyle !== '4999') throw new Error('--pending-style must be classic or 4999');
    opts.query = { pendingStyle };
  }
  if (values['token-ttl'] !== undefined) opts.tokenTtlMs = nonNegative('token-ttl', values['token-ttl']) * 1000;
  return opts;
}
