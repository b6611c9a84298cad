/** Typed configuration, grouped by concern. Built once from the environment by loadConfig(). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  demoMode: boolean;
  /** demo mode: fixed simulator ports, so the printed addresses (and bookmarks) survive restarts */
  demoPorts: { routerApi: number; routerApiSsl: number; hotspot: number; daraja: number; pesapal: number; mailSmtp: number; mailHttp: number; sms: number };
  http: {
    host: string;
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimit: string;
    webDistDir: string;
    /** Swagger UI and openapi.json under /api/docs (API_DOCS_ENABLED) */
    apiDocs: boolean;
    /** Express `trust proxy` (TRUST_PROXY): hops, or addresses / CIDRs / keywords; false = none */
    trustProxy: number | string[] | false;
  };
  /** GET /metrics: the bearer token it needs; null → off in production, loopback callers only elsewhere */
  metrics: { token: string | null };
  database: {
    /** null → start the embedded PostgreSQL */
    url: string | null;
    embeddedDir: string;
    embeddedPort: number;
    poolSize: number;
    /** how long a query waits for a free pooled connection before failing (503) */
    poolWaitMs: number;
  };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    /** a sign-in (refresh family) ends this long after the login, however often it was refreshed */
    refreshFamilyMaxAgeSeconds: number;
    loginMaxFailures: number;
    loginLockSeconds: number;
  };
  secretBox: { keys: { id: string; key: Buffer }[] };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `enabled` gates the cron triggers; the queue (`queue`) runs in every instance (docs/architecture.md "Background work"). */
  jobs: {
    enabled: boolean;
    auditRetentionDays: number;
    queue: {
      /** connections of the queue's own pool (pg-boss), apart from DATABASE_POOL_SIZE */
      poolSize: number;
      /** a running job whose heartbeat stops (its instance died) is retried this long after the last beat */
      expireSeconds: number;
      /** how often one instance runs the queue's maintenance (expiry, archive) */
      maintenanceSeconds: number;
      /** how often an idle worker looks for work queued by another instance */
      pollMs: number;
    };
  };
  providers: { autoApprove: boolean };
  /** Outbound messages (e-mail now, SMS next): the durable queue and its sender (docs/email.md). */
  outbox: {
    /** attempts before a message is dead */
    maxAttempts: number;
    /** first retry delay; doubles per attempt (capped at 1 h) */
    backoffMs: number;
    /** sender poll interval when jobs are enabled */
    intervalMs: number;
  };
  /** SMS through Africa's Talking (docs/sms.md): the platform account and where AT is. */
  sms: {
    /** overrides both AT hosts (the simulator); null = Africa's Talking itself */
    baseUrl: string | null;
    timeoutMs: number;
    /** demo mode without a real account: main.ts starts the SMS simulator; until then SMS wait in the queue */
    simulate: boolean;
    /** the platform's account, offered to providers that do not bring their own; null = not offered */
    platform: { environment: 'sandbox' | 'production'; username: string; apiKey: string; senderId: string | null } | null;
    /** the secret in the platform account's delivery-report URL */
    callbackToken: string;
    /** public base of delivery-report URLs (PUBLIC_URL) */
    callbackBaseUrl: string;
  };
  /** Alerts to providers' owners and opted-in staff (docs/alerts.md). */
  alerts: {
    /** a router offline or failing longer than this raises one alert per outage (dashboard and messages) */
    routerOfflineMinutes: number;
    /** the first alert of a kind waits this long for others of its provider (storm rule) */
    digestWindowSeconds: number;
    /** more than this many alerts of one kind in one window go out as one digest */
    digestThreshold: number;
    /** days before the subscription period ends that the owner is alerted, largest first */
    subscriptionDays: number[];
  };
  mail: {
    /** null = no SMTP server configured: e-mails wait in the queue (demo mode: main.ts starts the mail sink and sets it) */
    smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null } | null;
    from: string;
    /** demo mode without SMTP_URL / SMTP_HOST: main.ts starts the local mail sink */
    simulate: boolean;
  };
  routers: {
    /** per RouterOS command (and connect + login) */
    callTimeoutMs: number;
    /** routers read at once by the provisioning outbox worker and "who is online" (the periodic fleet work uses `fleet.concurrency`) */
    monitorConcurrency: number;
    /** monitoring, usage sync and reconcile shared by every instance through leases (docs/monitoring.md): routers at once per instance, lease length, longest back-off */
    fleet: { concurrency: number; leaseSeconds: number; backoffCapMinutes: number };
    /** outbox: attempts before an operation is dead-lettered */
    outboxMaxAttempts: number;
    /** outbox: first retry delay; doubles per attempt (capped at 1 h) */
    outboxBackoffMs: number;
    /** outbox worker poll interval when jobs are enabled */
    outboxIntervalMs: number;
    /** the platform's address as routers see it (setup kit: API service + API user restricted to it) */
    platformAddress: string | null;
    /** internal ranges routers may use anyway (ROUTER_ALLOWED_CIDRS; demo: 127.0.0.0/8) */
    allowedCidrs: string[];
    /** ports besides 8728/8729, as inclusive ranges (ROUTER_ALLOWED_PORTS; demo: all) */
    allowedPorts: Array<[number, number]>;
    /** failed logins per router address:port, across providers: lock after maxFailures in windowSeconds, for lockSeconds */
    login: { maxFailures: number; windowSeconds: number; lockSeconds: number };
    /** connection tests per provider and per target address:port in windowSeconds */
    testRate: { perProvider: number; perTarget: number; windowSeconds: number };
    /** the WireGuard management tunnel (docs/tunnel.md): a removed router's address is not handed out again for this long */
    tunnel: { addressGraceHours: number };
  };
  subscriptions: {
    trialDays: number;
    graceDays: number;
    pesapal: {
      /** off: checkout answers SUBSCRIPTION_PAYMENTS_DISABLED */
      enabled: boolean;
      /** `sandbox`, `live` or a URL (demo mode: the simulator started at boot) */
      baseUrl: string;
      consumerKey: string;
      consumerSecret: string;
      /** demo mode without PESAPAL_BASE_URL: main.ts starts the Pesapal simulator and sets baseUrl */
      simulate: boolean;
    };
  };
  payments: {
    daraja: {
      /** overrides both environments' hosts (simulator); null = Safaricom */
      baseUrl: string | null;
      timeoutMs: number;
    };
    /** base of the URLs Daraja calls back */
    callbackBaseUrl: string;
    /** empty = any source (the per-provider secret URL still applies) */
    callbackIpAllowlist: string[];
    /** the platform's own shortcode, for platform collection; null = disabled */
    platform: {
      environment: 'sandbox' | 'production';
      shortcodeType: 'paybill' | 'till';
      shortcode: string;
      tillNumber: string | null;
      consumerKey: string;
      consumerSecret: string;
      passkey: string;
    } | null;
    /** STK pushes per window: per phone (a provider's), per hotspot device (router + MAC), per client IP (a whole hotspot's NAT) */
    rateLimit: { perPhone: number; perDevice: number; perIp: number; windowSeconds: number };
    /** first STK Query for a push without a callback */
    queryAfterSeconds: number;
    /** unresolved pushes become expired (soft) */
    expireAfterSeconds: number;
    /** pushes are no longer queried after this */
    giveUpAfterSeconds: number;
    webhookRetentionDays: number;
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
