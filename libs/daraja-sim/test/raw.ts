import { createHash } from 'crypto';
import type { SimAppConfig } from '../src';
import { eatTimestamp } from '../src';

export const APP: SimAppConfig = { consumerKey: 'key-a', consumerSecret: 'secret-a', shortcode: '174379', passkey: 'passkey-a' };
export const TILL_APP: SimAppConfig = { consumerKey: 'key-t', consumerSecret: 'secret-t', shortcode: '500100', passkey: 'passkey-t', accountType: 'till', tillNumber: '600200' };

export interface RawAnswer {
  status: number;
  body: any;
}

export async function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}

export async function token(base: string, app: SimAppConfig = APP): Promise<string> {
  const basic = Buffer.from(`${app.consumerKey}:${app.consumerSecret}`).toString('base64');
  const r = await raw(`${base}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}` } });
  return r.body.access_token as string;
}

export function password(app: SimAppConfig, timestamp: string): string {
  return Buffer.from(`${app.shortcode}${app.passkey}${timestamp}`).toString('base64');
}

export function pushBody(app: SimAppConfig, callbackUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = eatTimestamp();
  const till = app.accountType === 'till';
  return {
    BusinessShortCode: app.shortcode,
    Password: password(app, ts),
    Timestamp: ts,
    TransactionType: till ? 'CustomerBuyGoodsOnline' : 'CustomerPayBillOnline',
    Amount: '10',
    PartyA: '254712345678',
    PartyB: till ? app.tillNumber : app.shortcode,
    PhoneNumber: '254712345678',
    CallBackURL: `${callbackUrl}/cb/stk`,
    AccountReference: 'ABC123',
    TransactionDesc: 'Wifi 1h',
    ...overrides,
  };
}

export async function post(base: string, path: string, bearer: string, body: unknown, contentType = 'application/json'): Promise<RawAnswer> {
  return raw(`${base}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
