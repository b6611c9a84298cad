import type { SimSmsApp } from './types';

/** The sandbox app the CLI registers without --app: local stand-in credentials, not Africa's Talking's. */
export const DEMO_SMS_APP: SimSmsApp = { username: 'sandbox', apiKey: 'demo-at-api-key', environment: 'sandbox', senderIds: ['WAVU'], balanceMinor: 100_000 };
