/** The `npm run sim:pesapal` command line as simulator options, without starting anything (cli.ts runs them). */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { PesapalSimulatorOptions } from './simulator';
import type { SimMerchantCredentials } from './types';

export type CliOptions = PesapalSimulatorOptions & { help: boolean; verbose: boolean };

export const USAGE =
  'usage: npm run sim:pesapal -- [--host 127.0.0.1] [--port 8091] [--public-url URL] [--merchant KEY:SECRET]... [--token-ttl 300] [--ipn-delay 0] [--ipn-duplicates 0] [--ipn-attempts 5] [--ipn-backoff 1000] [--mpesa-pending 0] [--verbose] [--help]';

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8091' },
  'public-url': { type: 'string' },
  merchant: { type: 'string', multiple: true },
  'token-ttl': { type: 'string' },
  'ipn-delay': { type: 'string' },
  'ipn-duplicates': { type: 'string' },
  'ipn-attempts': { type: 'string' },
  'ipn-backoff': { type: 'string' },
  'mpesa-pending': { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** A whole number from 0 to `max`, or an error naming the option. */
function wholeNumber(option: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > max) throw new Error(`--${option} needs a whole number from 0 to ${max}, got '${raw}'`);
  return n;
}

function merchant(spec: string): SimMerchantCredentials {
  const colon = spec.indexOf(':');
  if (colon <= 0) throw new Error(`--merchant needs KEY:SECRET, got '${spec}'`);
  return { consumerKey: spec.slice(0, colon), consumerSecret: spec.slice(colon + 1) };
}

/**
 * Throws an Error with a one-line message on an unknown option, a missing value or a bad value.
 * Options left out stay absent, so the simulator's own defaults apply.
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const opts: CliOptions = { help: values.help, verbose: values.verbose, host: values.host, port: wholeNumber('port', values.port, 65535), ipn: {} };
  const ipn = opts.ipn as NonNullable<CliOptions['ipn']>;
  if (values['public-url'] !== undefined) opts.publicUrl = values['public-url'];
  if (values.merchant !== undefined) opts.merchants = values.merchant.map(merchant);
  if (values['token-ttl'] !== undefined) opts.tokenTtlMs = wholeNumber('token-ttl', values['token-ttl']) * 1000;
  if (values['ipn-delay'] !== undefined) ipn.delayMs = wholeNumber('ipn-delay', values['ipn-delay']);
  if (values['ipn-duplicates'] !== undefined) ipn.duplicates = wholeNumber('ipn-duplicates', values['ipn-duplicates']);
  if (values['ipn-attempts'] !== undefined) ipn.maxAttempts = Math.max(1, wholeNumber('ipn-attempts', values['ipn-attempts']));
  if (values['ipn-backoff'] !== undefined) ipn.retryBackoffMs = wholeNumber('ipn-backoff', values['ipn-backoff']);
  if (values['mpesa-pending'] !== undefined) opts.mobileMoneyPendingMs = wholeNumber('mpesa-pending', values['mpesa-pending']);
  return opts;
}
