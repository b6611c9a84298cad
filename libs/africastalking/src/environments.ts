export type AtEnvironment = 'sandbox' | 'production';

export const AT_BASE_URLS: Readonly<Record<AtEnvironment, string>> = {
  sandbox: 'https://api.sandbox.africastalking.com',
  production: 'https://api.africastalking.com',
};

/** Bulk SMS (the only endpoint this library uses; premium SMS lives on content.africastalking.com). */
export const AT_MESSAGING_PATH = '/version1/messaging';

/** The username every sandbox app uses. */
export const AT_SANDBOX_USERNAME = 'sandbox';

export function isAtEnvironment(value: unknown): value is AtEnvironment {
  return value === 'sandbox' || value === 'production';
}
