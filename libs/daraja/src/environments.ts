export type DarajaEnvironment = 'sandbox' | 'production';

export const DARAJA_BASE_URLS: Readonly<Record<DarajaEnvironment, string>> = {
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
};

export const DARAJA_PATHS = {
  oauth: '/oauth/v1/generate?grant_type=client_credentials',
  stkPush: '/mpesa/stkpush/v1/processrequest',
  stkQuery: '/mpesa/stkpushquery/v1/query',
  c2bRegister: (version: 'v1' | 'v2') => `/mpesa/c2b/${version}/registerurl`,
  pullRegister: '/pulltransactions/v1/register',
  pullQuery: '/pulltransactions/v1/query',
} as const;

export function isDarajaEnvironment(value: unknown): value is DarajaEnvironment {
  return value === 'sandbox' || value === 'production';
}
