import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as path from 'node:path';
import { isLocalUrl, parseCidr, parsePortRanges } from './network-lists';
import type { AppConfig } from './app-config';
import { DEMO_DARAJA_PLATFORM, DEMO_JWT_SECRET, DEMO_PESAPAL_MERCHANT, DEMO_SECRET_BOX_KEYS, DEMO_SECRETS, DEMO_SMS_CALLBACK_TOKEN, DEMO_SMS_PLATFORM } from './demo-defaults';
import { EnvironmentVariables } from './env.schema';

/** Express's named address ranges for `trust proxy`. */
const TRUST_PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The project root, from source (apps/api/src/config) or from the build (dist/apps/api/src/config). */
function projectRoot(): string {
  const up = path.resolve(__dirname, '..', '..', '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

function parseSecretBoxKeys(value: string): AppConfig['secretBox']['keys'] {
  return value.split(',').map((pair) => {
    const [id, b64] = pair.split(':');
    return { id, key: Buffer.from(b64, 'base64') };
  });
}

/** SMTP_URL, or SMTP_HOST with its port, credentials and TLS mode; null when neither is set. */
function smtpSettings(env: EnvironmentVariables, problems: string[]): AppConfig['mail']['smtp'] {
  if (env.SMTP_URL) {
    try {
      const url = new URL(env.SMTP_URL);
      const secure = url.protocol === 'smtps:';
      return {
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        user: url.username ? decodeURIComponent(url.username) : null,
        password: url.password ? decodeURIComponent(url.password) : null,
      };
    } catch {
      problems.push('SMTP_URL: not a valid URL');
      return null;
    }
  }
  if (!env.SMTP_HOST) return null;
  const secure = env.SMTP_SECURE ?? env.SMTP_PORT === 465;
  return { host: env.SMTP_HOST, port: env.SMTP_PORT ?? (secure ? 465 : 587), secure, user: env.SMTP_USER ?? null, password: env.SMTP_PASSWORD ?? null };
}

/** Passwords of the examples (.env.example, docker-compose.yml): never a real database's. */
const PLACEHOLDER_DB_PASSWORDS = new Set(['change-me', 'changeme']);

function databasePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/**
 * Reads and validates the environment once. Every problem is reported (not only the first),
 * each naming the variable, so a bad deployment fails fast with a clear message.
 */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.getOwnPropertyNames(EnvironmentVariables.prototype).concat(Object.keys(source))) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') raw[key] = value.trim();
  }
  const env = plainToInstance(EnvironmentVariables, raw, { enableImplicitConversion: false });
  const problems = validateSync(env, { whitelist: true, forbidUnknownValues: false, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );

  const nodeEnv = env.NODE_ENV ?? 'development';
  const demoMode = env.DEMO_MODE ?? false;
  if (demoMode && nodeEnv === 'production') {
    problems.push('DEMO_MODE: demo mode cannot be used with NODE_ENV=production');
  }
  if (!demoMode) {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET: required outside demo mode (at least 32 random characters)');
    if (!env.SECRET_BOX_KEYS) problems.push('SECRET_BOX_KEYS: required outside demo mode ("keyId:base64-32-byte-key")');
    for (const [name, value] of [
      ['JWT_SECRET', env.JWT_SECRET],
      ['SECRET_BOX_KEYS', env.SECRET_BOX_KEYS],
    ] as const) {
      if (value && DEMO_SECRETS.some((demo) => value.includes(demo) || demo.includes(value))) {
        problems.push(`${name}: the public demo secret is refused outside demo mode; generate your own`);
      }
    }
  }
  if (nodeEnv === 'production' && env.DATABASE_URL && PLACEHOLDER_DB_PASSWORDS.has(databasePassword(env.DATABASE_URL))) {
    problems.push('DATABASE_URL: the placeholder database password is refused in production; set POSTGRES_PASSWORD (docker compose) or your own');
  }
  if (demoMode && env.PUBLIC_URL && !isLocalUrl(env.PUBLIC_URL)) {
    problems.push('PUBLIC_URL: demo mode only runs on this machine or a private network (its logins are public); use a local address or run for real (DEMO_MODE=false)');
  }
  const pesapalEnabled = env.PESAPAL_ENABLED ?? demoMode;
  if (!demoMode && pesapalEnabled) {
    if (!env.PESAPAL_CONSUMER_KEY) problems.push('PESAPAL_CONSUMER_KEY: required outside demo mode when PESAPAL_ENABLED');
    if (!env.PESAPAL_CONSUMER_SECRET) problems.push('PESAPAL_CONSUMER_SECRET: required outside demo mode when PESAPAL_ENABLED');
    if (!env.PESAPAL_BASE_URL) problems.push('PESAPAL_BASE_URL: required outside demo mode when PESAPAL_ENABLED (sandbox, live or a URL)');
  }
  const darajaPlatformEnabled = env.DARAJA_PLATFORM_ENABLED ?? demoMode;
  if (!demoMode && darajaPlatformEnabled) {
    for (const name of ['DARAJA_PLATFORM_SHORTCODE', 'DARAJA_PLATFORM_CONSUMER_KEY', 'DARAJA_PLATFORM_CONSUMER_SECRET', 'DARAJA_PLATFORM_PASSKEY'] as const) {
      if (!env[name]) problems.push(`${name}: required outside demo mode when DARAJA_PLATFORM_ENABLED`);
    }
    if (env.DARAJA_PLATFORM_SHORTCODE_TYPE === 'till' && !env.DARAJA_PLATFORM_TILL_NUMBER)
      problems.push('DARAJA_PLATFORM_TILL_NUMBER: required for a till (DARAJA_PLATFORM_SHORTCODE is then the store number)');
  }
  const smsPlatformEnabled = env.SMS_PLATFORM_ENABLED ?? demoMode;
  if (!demoMode && smsPlatformEnabled) {
    for (const name of ['AT_USERNAME', 'AT_API_KEY', 'SMS_CALLBACK_TOKEN'] as const) {
      if (!env[name]) problems.push(`${name}: required outside demo mode when SMS_PLATFORM_ENABLED`);
    }
  }
  const listOf = <T>(name: string, value: string, parse: (v: string) => T): T[] => {
    try {
      return value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
        .map(parse);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      return [];
    }
  };
  // demo mode: the simulated routers listen on loopback, on ports picked at start
  const allowedCidrs = listOf('ROUTER_ALLOWED_CIDRS', env.ROUTER_ALLOWED_CIDRS ?? (demoMode ? '127.0.0.0/8' : ''), (v) => (parseCidr(v), v));
  const allowedPorts = listOf('ROUTER_ALLOWED_PORTS', env.ROUTER_ALLOWED_PORTS ?? (demoMode ? '1-65535' : ''), parsePortRanges).flat();
  // a value the schema refused is reported once, not parsed again
  const trustProxyText = problems.some((p) => p.startsWith('TRUST_PROXY')) ? 'loopback' : (env.TRUST_PROXY ?? 'loopback');
  const trustProxy: AppConfig['http']['trustProxy'] =
    trustProxyText === 'none'
      ? false
      : /^\d+$/.test(trustProxyText)
        ? Number(trustProxyText)
        : listOf('TRUST_PROXY', trustProxyText, (v) => (TRUST_PROXY_KEYWORDS.includes(v) ? v : (parseCidr(v), v)));
  const keysValid = !problems.some((p) => p.startsWith('SECRET_BOX_KEYS'));
  const secretBoxKeys = keysValid ? parseSecretBoxKeys(env.SECRET_BOX_KEYS ?? DEMO_SECRET_BOX_KEYS) : [];
  for (const { id, key } of secretBoxKeys) {
    if (key.length !== 32) problems.push(`SECRET_BOX_KEYS: key "${id}" must decode to 32 bytes (got ${key.length})`);
  }
  if (new Set(secretBoxKeys.map((k) => k.id)).size !== secretBoxKeys.length) {
    problems.push('SECRET_BOX_KEYS: key ids must be unique');
  }
  const smtp = smtpSettings(env, problems);
  if (!demoMode && smtp && !env.MAIL_FROM) problems.push('MAIL_FROM: required outside demo mode when SMTP is configured (e.g. "Wavu <no-reply@example.com>")');
  const subscriptionAlertDays = [...new Set((env.ALERT_SUBSCRIPTION_DAYS ?? '7,1').split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a);
  if (subscriptionAlertDays.some((d) => d < 1 || d > 60)) problems.push('ALERT_SUBSCRIPTION_DAYS: each value must be between 1 and 60 days');
  if (problems.length > 0) throw new ConfigError(problems);

  const root = projectRoot();
  const port = env.PORT ?? 3000;
  return {
    env: nodeEnv,
    demoMode,
    demoPorts: {
      routerApi: env.DEMO_ROUTER_PORT ?? 18728,
      routerApiSsl: env.DEMO_ROUTER_TLS_PORT ?? 18729,
      hotspot: env.DEMO_HOTSPOT_PORT ?? 18080,
      daraja: env.DEMO_DARAJA_PORT ?? 18090,
      pesapal: env.DEMO_PESAPAL_PORT ?? 18091,
      mailSmtp: env.DEMO_MAIL_SMTP_PORT ?? 18025,
      mailHttp: env.DEMO_MAIL_HTTP_PORT ?? 18026,
      sms: env.DEMO_SMS_PORT ?? 18092,
    },
    http: {
      // demo mode: the published demo logins must not face a network unless HOST says so
      host: env.HOST ?? (demoMode ? '127.0.0.1' : '0.0.0.0'),
      port,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      bodyLimit: env.BODY_LIMIT ?? '100kb',
      webDistDir: path.resolve(root, env.WEB_DIST_DIR ?? 'apps/web/dist'),
      apiDocs: env.API_DOCS_ENABLED ?? true,
      trustProxy,
    },
    metrics: { token: env.METRICS_TOKEN ?? null },
    database: {
      url: env.DATABASE_URL ?? null,
      embeddedDir: path.resolve(root, env.EMBEDDED_PG_DIR ?? '.data/pg'),
      embeddedPort: env.EMBEDDED_PG_PORT ?? 54329,
      poolSize: env.DATABASE_POOL_SIZE ?? 20,
      poolWaitMs: env.DATABASE_POOL_WAIT_MS ?? 10_000,
    },
    auth: {
      jwtSecret: env.JWT_SECRET ?? DEMO_JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS ?? 900,
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 86400,
      refreshFamilyMaxAgeSeconds: env.REFRESH_FAMILY_MAX_AGE_SECONDS ?? 30 * 86400,
      loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      loginLockSeconds: env.LOGIN_LOCK_SECONDS ?? 900,
    },
    secretBox: { keys: secretBoxKeys },
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    jobs: {
      enabled: env.JOBS_ENABLED ?? true,
      auditRetentionDays: env.AUDIT_RETENTION_DAYS ?? 365,
      queue: {
        poolSize: env.JOBS_QUEUE_POOL_SIZE ?? 3,
        expireSeconds: env.JOBS_QUEUE_EXPIRE_SECONDS ?? 120,
        maintenanceSeconds: env.JOBS_QUEUE_MAINTENANCE_SECONDS ?? 30,
        pollMs: env.JOBS_QUEUE_POLL_MS ?? 2000,
      },
    },
    providers: { autoApprove: env.AUTO_APPROVE_PROVIDERS ?? false },
    outbox: { maxAttempts: env.OUTBOX_MAX_ATTEMPTS ?? 8, backoffMs: env.OUTBOX_BACKOFF_MS ?? 30_000, intervalMs: env.OUTBOX_INTERVAL_MS ?? 2_000 },
    sms: {
      baseUrl: env.AT_BASE_URL?.replace(/\/+$/, '') ?? null,
      timeoutMs: env.AT_TIMEOUT_MS ?? 15_000,
      // demo mode without a real account: main.ts starts the SMS simulator and sets baseUrl
      simulate: demoMode && !env.AT_BASE_URL && !env.AT_API_KEY,
      platform: smsPlatformEnabled
        ? {
            environment: env.AT_ENVIRONMENT ?? 'sandbox',
            username: env.AT_USERNAME ?? DEMO_SMS_PLATFORM.username,
            apiKey: env.AT_API_KEY ?? DEMO_SMS_PLATFORM.apiKey,
            senderId: env.AT_SENDER_ID ?? (demoMode && !env.AT_API_KEY ? DEMO_SMS_PLATFORM.senderId : null),
          }
        : null,
      callbackToken: env.SMS_CALLBACK_TOKEN ?? DEMO_SMS_CALLBACK_TOKEN,
      callbackBaseUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    },
    alerts: {
      routerOfflineMinutes: env.ALERT_ROUTER_OFFLINE_MINUTES ?? 5,
      digestWindowSeconds: env.ALERT_DIGEST_WINDOW_SECONDS ?? 45,
      digestThreshold: env.ALERT_DIGEST_THRESHOLD ?? 3,
      subscriptionDays: subscriptionAlertDays,
    },
    mail: { smtp, from: env.MAIL_FROM ?? 'Wavu <no-reply@wavu.localhost>', simulate: demoMode && !smtp },
    routers: {
      callTimeoutMs: env.ROUTER_CALL_TIMEOUT_MS ?? 10_000,
      monitorConcurrency: env.ROUTER_MONITOR_CONCURRENCY ?? 8,
      fleet: { concurrency: env.ROUTER_FLEET_CONCURRENCY ?? 256, leaseSeconds: env.ROUTER_FLEET_LEASE_SECONDS ?? 60, backoffCapMinutes: env.ROUTER_FLEET_BACKOFF_CAP_MINUTES ?? 15 },
      outboxMaxAttempts: env.ROUTER_OUTBOX_MAX_ATTEMPTS ?? 8,
      outboxBackoffMs: env.ROUTER_OUTBOX_BACKOFF_MS ?? 5_000,
      outboxIntervalMs: env.ROUTER_OUTBOX_INTERVAL_MS ?? 2_000,
      platformAddress: env.ROUTER_PLATFORM_ADDRESS ?? null,
      allowedCidrs,
      allowedPorts,
      login: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
      testRate: { perProvider: 30, perTarget: 20, windowSeconds: 600 },
      tunnel: { addressGraceHours: env.ROUTER_TUNNEL_ADDRESS_GRACE_HOURS ?? 24 },
    },
    subscriptions: {
      trialDays: env.SUBSCRIPTION_TRIAL_DAYS ?? 14,
      graceDays: env.SUBSCRIPTION_GRACE_DAYS ?? 3,
      pesapal: {
        enabled: pesapalEnabled,
        baseUrl: env.PESAPAL_BASE_URL ?? 'sandbox',
        consumerKey: env.PESAPAL_CONSUMER_KEY ?? DEMO_PESAPAL_MERCHANT.consumerKey,
        consumerSecret: env.PESAPAL_CONSUMER_SECRET ?? DEMO_PESAPAL_MERCHANT.consumerSecret,
        simulate: demoMode && pesapalEnabled && !env.PESAPAL_BASE_URL,
      },
    },
    payments: {
      daraja: { baseUrl: env.DARAJA_BASE_URL?.replace(/\/+$/, '') ?? null, timeoutMs: env.DARAJA_TIMEOUT_MS ?? 15_000 },
      callbackBaseUrl: (env.DARAJA_CALLBACK_BASE_URL ?? env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      callbackIpAllowlist: (env.DARAJA_CALLBACK_IP_ALLOWLIST ?? '')
        .split(',')
        .map((ip) => ip.trim())
        .filter(Boolean),
      platform: darajaPlatformEnabled
        ? {
            environment: env.DARAJA_PLATFORM_ENVIRONMENT ?? 'sandbox',
            shortcodeType: env.DARAJA_PLATFORM_SHORTCODE_TYPE ?? 'paybill',
            shortcode: env.DARAJA_PLATFORM_SHORTCODE ?? DEMO_DARAJA_PLATFORM.shortcode,
            tillNumber: env.DARAJA_PLATFORM_TILL_NUMBER ?? null,
            consumerKey: env.DARAJA_PLATFORM_CONSUMER_KEY ?? DEMO_DARAJA_PLATFORM.consumerKey,
            consumerSecret: env.DARAJA_PLATFORM_CONSUMER_SECRET ?? DEMO_DARAJA_PLATFORM.consumerSecret,
            passkey: env.DARAJA_PLATFORM_PASSKEY ?? DEMO_DARAJA_PLATFORM.passkey,
          }
        : null,
      rateLimit: {
        perPhone: env.PAYMENTS_RATE_LIMIT_PER_PHONE ?? 5,
        perDevice: env.PAYMENTS_RATE_LIMIT_PER_DEVICE ?? 10,
        perIp: env.PAYMENTS_RATE_LIMIT_PER_IP ?? 300,
        windowSeconds: env.PAYMENTS_RATE_WINDOW_SECONDS ?? 600,
      },
      queryAfterSeconds: env.STK_QUERY_AFTER_SECONDS ?? 60,
      expireAfterSeconds: env.STK_EXPIRE_AFTER_SECONDS ?? 300,
      giveUpAfterSeconds: 86_400,
      webhookRetentionDays: 90,
    },
  };
}

/** The one place that reads process.env (with adminInputFromProcess below). */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}

/** create-admin's inputs from the environment (flags and the prompt take precedence). */
export function adminInputFromProcess(): { email?: string; name?: string; password?: string } {
  const { WAVU_ADMIN_EMAIL: email, WAVU_ADMIN_NAME: name, WAVU_ADMIN_PASSWORD: password } = process.env;
  return Object.fromEntries(Object.entries({ email, name, password }).filter(([, v]) => v !== undefined && v !== ''));
}
