/**
 * Safe local defaults used only in demo mode (and by the tests). They are public —
 * the app refuses to start outside demo mode when any configured secret equals one of these.
 */
export const DEMO_JWT_SECRET = 'demo-only-jwt-secret-do-not-use-in-production-0000';
export const DEMO_SECRET_BOX_KEYS = 'demo:ZGVtby1vbmx5LXNlY3JldC1ib3gta2V5LTMyYnl0ZXM=';
/** Demo mode's platform Africa's Talking app: the SMS simulator's sandbox app (local stand-ins, not AT's). */
export const DEMO_SMS_PLATFORM = { username: 'sandbox', apiKey: 'demo-at-api-key', senderId: 'WAVU' } as const;
/** Demo mode's secret in the platform delivery-report URL. */
export const DEMO_SMS_CALLBACK_TOKEN = 'demo-only-sms-callback-token-0000';
export const DEMO_SECRETS: readonly string[] = [DEMO_JWT_SECRET, DEMO_SECRET_BOX_KEYS, DEMO_SMS_CALLBACK_TOKEN];
/** Demo mode's Pesapal merchant: the simulator's default (Pesapal's published sandbox demo keys). */
export const DEMO_PESAPAL_MERCHANT = { consumerKey: 'qkio1BGGYAXTu2JOfm7XSXNruoZsrqEW', consumerSecret: 'osGQ364R49cXKeOYSpaOnT++rHs=' } as const;
/** Demo mode's platform Daraja app: the Daraja simulator's DEMO_APP (local stand-ins, not Safaricom's). */
export const DEMO_DARAJA_PLATFORM = { shortcode: '174379', consumerKey: 'demo-consumer-key', consumerSecret: 'demo-consumer-secret', passkey: 'demo-passkey' } as const;
