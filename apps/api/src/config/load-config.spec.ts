import { ConfigError, loadConfig } from './load-config';
import { DEMO_JWT_SECRET, DEMO_SECRET_BOX_KEYS } from './demo-defaults';

const KEY = `prod:${Buffer.alloc(32, 7).toString('base64')}`;
const PROD = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SECRET_BOX_KEYS: KEY, DATABASE_URL: 'postgres://u@db:5432/wavu' };

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('gives demo mode safe local defaults', () => {
    const config = loadConfig({ DEMO_MODE: 'true' });
    expect(config.demoMode).toBe(true);
    expect(config.database.url).toBeNull();
    expect(config.http.port).toBe(3000);
    expect(config.secretBox.keys[0].key).toHaveLength(32);
  });

  it('requires real secrets outside demo mode', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(expect.arrayContaining([expect.stringMatching(/^JWT_SECRET: required/), expect.stringMatching(/^SECRET_BOX_KEYS: required/)]));
  });

  it('refuses the public demo secrets outside demo mode, and demo mode in production', () => {
    expect(problems({ ...PROD, JWT_SECRET: DEMO_JWT_SECRET })).toEqual([expect.stringMatching(/^JWT_SECRET: the public demo secret is refused/)]);
    expect(problems({ ...PROD, SECRET_BOX_KEYS: DEMO_SECRET_BOX_KEYS })).toEqual([expect.stringMatching(/^SECRET_BOX_KEYS: the public demo secret/)]);
    expect(problems({ ...PROD, DEMO_MODE: 'true' })).toEqual([expect.stringMatching(/^DEMO_MODE: demo mode cannot be used with NODE_ENV=production/)]);
  });

  it('reads the alert settings with their defaults, subscription days largest first', () => {
    expect(loadConfig(PROD).alerts).toEqual({ routerOfflineMinutes: 5, digestWindowSeconds: 45, digestThreshold: 3, subscriptionDays: [7, 1] });
    expect(loadConfig({ ...PROD, ALERT_ROUTER_OFFLINE_MINUTES: '10', ALERT_SUBSCRIPTION_DAYS: ' 1, 14,3,1' }).alerts).toMatchObject({ routerOfflineMinutes: 10, subscriptionDays: [14, 3, 1] });
    expect(problems({ ...PROD, ALERT_SUBSCRIPTION_DAYS: 'a week' })).toEqual([expect.stringMatching(/^ALERT_SUBSCRIPTION_DAYS: .*whole days/)]);
    expect(problems({ ...PROD, ALERT_SUBSCRIPTION_DAYS: '90,0' })).toEqual([expect.stringMatching(/^ALERT_SUBSCRIPTION_DAYS: each value must be between 1 and 60/)]);
    expect(problems({ ...PROD, ALERT_ROUTER_OFFLINE_MINUTES: '0' })).toEqual([expect.stringMatching(/^ALERT_ROUTER_OFFLINE_MINUTES/)]);
  });

  it('reads TRUST_PROXY as a hop count, addresses / CIDRs / keywords, or none (default loopback)', () => {
    expect(loadConfig(PROD).http.trustProxy).toEqual(['loopback']);
    expect(loadConfig({ ...PROD, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ ...PROD, TRUST_PROXY: 'none' }).http.trustProxy).toBe(false);
    expect(loadConfig({ ...PROD, TRUST_PROXY: '10.0.0.0/8, loopback,2001:db8::/32' }).http.trustProxy).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::/32']);
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '1.2.3.4/8/1', '-1']) expect(problems({ ...PROD, TRUST_PROXY: bad })).toEqual([expect.stringMatching(/^TRUST_PROXY: /)]);
  });

  it('names every bad variable at once', () => {
    const found = problems({ ...PROD, PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', SECRET_BOX_KEYS: 'nokey', BODY_LIMIT: 'lots', LOG_LEVEL: 'loud' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['BODY_LIMIT', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'SECRET_BOX_KEYS']);
  });

  it('reads a production configuration with key rotation', () => {
    const config = loadConfig({ ...PROD, SECRET_BOX_KEYS: `${KEY},old:${Buffer.alloc(32, 1).toString('base64')}`, CORS_ORIGINS: 'https://a.test, https://b.test', PORT: '8080' });
    expect(config.secretBox.keys.map((k) => k.id)).toEqual(['prod', 'old']);
    expect(config.http.corsOrigins).toEqual(['https://a.test', 'https://b.test']);
    expect(config.http.port).toBe(8080);
    expect(config.database.url).toBe(PROD.DATABASE_URL);
  });

  it('Pesapal: on with the simulator merchant in demo mode; keys and base URL required when enabled outside it', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).subscriptions).toMatchObject({ trialDays: 14, graceDays: 3, pesapal: { enabled: true, consumerKey: expect.any(String) } });
    expect(loadConfig(PROD).subscriptions.pesapal.enabled).toBe(false);
    expect(loadConfig({ DEMO_MODE: 'true' }).subscriptions.pesapal.simulate).toBe(true);
    expect(loadConfig({ DEMO_MODE: 'true', PESAPAL_BASE_URL: 'sandbox' }).subscriptions.pesapal.simulate).toBe(false);
    expect(
      problems({ ...PROD, PESAPAL_ENABLED: 'true' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['PESAPAL_BASE_URL', 'PESAPAL_CONSUMER_KEY', 'PESAPAL_CONSUMER_SECRET']);
    const live = loadConfig({
      ...PROD,
      PESAPAL_ENABLED: 'true',
      PESAPAL_BASE_URL: 'live',
      PESAPAL_CONSUMER_KEY: 'k',
      PESAPAL_CONSUMER_SECRET: 's',
      SUBSCRIPTION_TRIAL_DAYS: '30',
      SUBSCRIPTION_GRACE_DAYS: '0',
    });
    expect(live.subscriptions).toEqual({ trialDays: 30, graceDays: 0, pesapal: { enabled: true, baseUrl: 'live', consumerKey: 'k', consumerSecret: 's', simulate: false } });
    expect(problems({ ...PROD, PESAPAL_BASE_URL: 'ftp://x' })).toEqual([expect.stringMatching(/^PESAPAL_BASE_URL: /)]);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DEMO_MODE: 'true', PORT: '', DATABASE_URL: '  ' }).database.url).toBeNull();
  });

  it('demo mode listens on 127.0.0.1 unless HOST says otherwise; production on every interface', () => {
    expect(loadConfig({ DEMO_MODE: 'true' }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ DEMO_MODE: 'true', HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
    expect(loadConfig(PROD).http.host).toBe('0.0.0.0');
  });

  it('demo mode refuses a PUBLIC_URL the internet could reach, and accepts local and private ones', () => {
    for (const url of ['https://wavu.example.com', 'http://203.0.113.7:3000', 'http://[2001:db8::1]:3000', 'http://8.8.8.8']) {
      expect([url, problems({ DEMO_MODE: 'true', PUBLIC_URL: url })]).toEqual([url, [expect.stringMatching(/^PUBLIC_URL: demo mode only runs on this machine or a private network/)]]);
    }
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000', 'http://192.168.1.20:3000', 'http://10.0.0.5', 'http://wavu.local:3000', 'http://demo.localhost']) {
      expect(loadConfig({ DEMO_MODE: 'true', PUBLIC_URL: url }).http.publicUrl).toBe(url);
    }
    expect(loadConfig({ ...PROD, PUBLIC_URL: 'https://wavu.example.com' }).http.publicUrl).toBe('https://wavu.example.com');
  });

  it('refuses the placeholder database password in production', () => {
    expect(problems({ ...PROD, DATABASE_URL: 'postgres://wavu:change-me@db:5432/wavu' })).toEqual([expect.stringMatching(/^DATABASE_URL: the placeholder database password is refused in production/)]);
    expect(problems({ ...PROD, DATABASE_URL: 'postgres://wavu:a-long-random-value@db:5432/wavu' })).toEqual([]);
    expect(loadConfig({ DEMO_MODE: 'true', DATABASE_URL: 'postgres://wavu:change-me@db:5432/wavu' }).database.url).toContain('change-me');
  });

  it('reads the surface settings: metrics token, API docs, the sign-in lifetime', () => {
    expect(loadConfig(PROD)).toMatchObject({ metrics: { token: null }, http: { apiDocs: true }, auth: { refreshFamilyMaxAgeSeconds: 30 * 86400 } });
    const set = loadConfig({ ...PROD, METRICS_TOKEN: 'm'.repeat(20), API_DOCS_ENABLED: 'false', REFRESH_FAMILY_MAX_AGE_SECONDS: '86400' });
    expect(set).toMatchObject({ metrics: { token: 'm'.repeat(20) }, http: { apiDocs: false }, auth: { refreshFamilyMaxAgeSeconds: 86400 } });
    expect(problems({ ...PROD, METRICS_TOKEN: 'short' })).toEqual([expect.stringMatching(/^METRICS_TOKEN: /)]);
  });
});
