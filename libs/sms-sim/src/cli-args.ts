/** The `npm run sim:sms` command line as simulator options, without starting anything (cli.ts runs them). */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { DEMO_SMS_APP } from './demo';
import type { SmsSimulatorOptions } from './simulator';
import type { SimSmsApp } from './types';

export type CliOptions = SmsSimulatorOptions & { help: boolean; verbose: boolean };

export const USAGE =
  'usage: npm run sim:sms -- [--host 127.0.0.1] [--port 8092] [--app username:apiKey[:production][:sender=ID]...[:balance=cents][:callback=URL]]... [--delivery-delay 1000] [--latency 0] [--rate-limit n] [--callback-retries 3] [--verbose] [--help]';

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8092' },
  app: { type: 'string', multiple: true },
  'delivery-delay': { type: 'string' },
  latency: { type: 'string' },
  'rate-limit': { type: 'string' },
  'callback-retries': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

function whole(option: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new Error(`--${option} needs a whole number from 0 to ${max}, got '${raw}'`);
  return Number(raw);
}

/** `username:apiKey` then flags; the callback URL comes last because it contains colons. */
function parseApp(spec: string): SimSmsApp {
  const callbackAt = spec.indexOf(':callback=');
  const head = callbackAt >= 0 ? spec.slice(0, callbackAt) : spec;
  const [username, apiKey, ...flags] = head.split(':');
  if (!username || !apiKey) throw new Error(`--app needs username:apiKey, got ${spec}`);
  const app: SimSmsApp = { username, apiKey, senderIds: [] };
  if (callbackAt >= 0) app.deliveryReportUrl = spec.slice(callbackAt + ':callback='.length);
  for (const flag of flags) {
    if (flag === 'production' || flag === 'sandbox') app.environment = flag;
    else if (flag.startsWith('sender=') && flag.length > 7) app.senderIds?.push(flag.slice(7));
    else if (flag.startsWith('balance=')) app.balanceMinor = whole('app balance', flag.slice(8));
    else throw new Error(`unknown --app flag ${flag}`);
  }
  return app;
}

/** Throws an Error with a one-line message on an unknown option, a missing value or a bad value. */
export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const settings: NonNullable<SmsSimulatorOptions['settings']> = {};
  if (values['delivery-delay'] !== undefined) settings.deliveryDelayMs = whole('delivery-delay', values['delivery-delay'], 3_600_000);
  if (values.latency !== undefined) settings.latencyMs = whole('latency', values.latency, 600_000);
  if (values['rate-limit'] !== undefined) settings.rateLimitPerSecond = Math.max(1, whole('rate-limit', values['rate-limit'], 100_000));
  if (values['callback-retries'] !== undefined) settings.callbackRetries = whole('callback-retries', values['callback-retries'], 20);
  return {
    help: values.help,
    verbose: values.verbose,
    host: values.host,
    port: whole('port', values.port, 65535),
    apps: values.app === undefined ? [DEMO_SMS_APP] : values.app.map(parseApp),
    settings,
  };
}
