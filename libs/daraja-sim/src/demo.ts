import type { SimAppConfig } from './types';

/** The sandbox's own test shortcode with local stand-in credentials (not Safaricom's). */
export const DEMO_APP: SimAppConfig = { consumerKey: 'demo-consumer-key', consumerSecret: 'demo-consumer-secret', shortcode: '174379', passkey: 'demo-passkey' };
