import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1');

/**
 * Every environment variable the API reads. Validated once at start (see load-config.ts);
 * nothing else in apps/api reads process.env.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  @IsOptional()
  NODE_ENV?: (typeof NODE_ENVS)[number];

  /** Demo mode: safe local defaults for secrets, seeded demo data. Refused with NODE_ENV=production. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  DEMO_MODE?: boolean;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  PORT?: number;

  /** Address to listen on: default 0.0.0.0, but 127.0.0.1 in demo mode (the demo logins must not face a network). */
  @IsString()
  @IsOptional()
  HOST?: string;

  /** Public base URL of this platform, used in links (webhooks, portal, setup kit). Demo mode refuses one that is not local. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @IsOptional()
  PUBLIC_URL?: string;

  /** postgres://user:pass@host:port/db — when absent an embedded PostgreSQL is started. */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  @IsOptional()
  DATABASE_URL?: string;

  /** Folder of the embedded PostgreSQL's data (only used without DATABASE_URL). */
  @IsString()
  @IsOptional()
  EMBEDDED_PG_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  EMBEDDED_PG_PORT?: number;

  /** Demo mode: the simulated router's RouterOS API port (default 18728). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  DEMO_ROUTER_PORT?: number;

  /** Demo mode: the simulated router's api-ssl (encrypted RouterOS API) port (default 18729). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  DEMO_ROUTER_TLS_PORT?: number;

  /** Demo mode: the simulated router's hotspot login page port (default 18080). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  DEMO_HOTSPOT_PORT?: number;

  /** Demo mode: the Daraja (M-Pesa) simulator port (default 18090). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  DEMO_DARAJA_PORT?: number;

  /** Demo mode: the Pesapal simulator port (default 18091). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  @IsOptional()
  DEMO_PESAPAL_PORT?: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  @IsOptional()
  DATABASE_POOL_SIZE?: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  @IsOptional()
  DATABASE_POOL_WAIT_MS?: number;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @IsOptional()
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  @IsOptional()
  JWT_ACCESS_TTL_SECONDS?: number;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  @Max(90 * 86400)
  @IsOptional()
  REFRESH_TOKEN_TTL_SECONDS?: number;

  /** Absolute lifetime of a sign-in: refreshing fails this long after the login, however often it was refreshed (default 30 days). */
  @Transform(toInt)
  @IsInt()
  @Min(3600)
  @Max(365 * 86400)
  @IsOptional()
  REFRESH_FAMILY_MAX_AGE_SECONDS?: number;

  /**
   * Bearer token Prometheus sends to GET /metrics. Without it /metrics is off in production
   * (404) and answers loopback callers only elsewhere.
   */
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  @IsOptional()
  METRICS_TOKEN?: string;

  /** Serve the API documentation (Swagger UI at /api/docs and /api/docs/openapi.json); default true. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  API_DOCS_ENABLED?: boolean;

  /**
   * Secret-box keys: `keyId:base64key` pairs separated by commas, each key 32 bytes.
   * The first key encrypts; all keys decrypt (rotation).
   */
  @Matches(/^([A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]{43,44})(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'SECRET_BOX_KEYS must be "keyId:base64key[,keyId:base64key…]" with 32-byte keys',
  })
  @IsOptional()
  SECRET_BOX_KEYS?: string;

  /** Comma-separated origins allowed by CORS (empty: same origin only). */
  @IsString()
  @IsOptional()
  CORS_ORIGINS?: string;

  /**
   * Which proxies in front of the API may name the client in X-Forwarded-For: a hop count (1 =
   * the one proxy in front), or comma-separated addresses / CIDRs and the keywords loopback,
   * linklocal, uniquelocal; `none` trusts no proxy. Default: loopback.
   */
  @Matches(/^\s*(none|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?))*)\s*$/, {
    message: 'TRUST_PROXY must be none, a hop count such as 1, or comma-separated CIDRs / loopback, linklocal, uniquelocal',
  })
  @IsOptional()
  TRUST_PROXY?: string;

  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  @IsOptional()
  BODY_LIMIT?: string;

  @IsIn(LOG_LEVELS)
  @IsOptional()
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  LOGIN_MAX_FAILURES?: number;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  @IsOptional()
  LOGIN_LOCK_SECONDS?: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  @IsOptional()
  AUDIT_RETENTION_DAYS?: number;

  /** Run scheduled jobs in this process (turn off for extra API-only instances or tests). */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  JOBS_ENABLED?: boolean;

  /** Background-work queue (pg-boss): connections of its own pool (default 3). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  @IsOptional()
  JOBS_QUEUE_POOL_SIZE?: number;

  /** Background-work queue: seconds without a heartbeat before a running job is retried elsewhere (default 120). */
  @Transform(toInt)
  @IsInt()
  @Min(3)
  @Max(3600)
  @IsOptional()
  JOBS_QUEUE_EXPIRE_SECONDS?: number;

  /** Background-work queue: seconds between maintenance runs, which retry expired jobs (default 30). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  @IsOptional()
  JOBS_QUEUE_MAINTENANCE_SECONDS?: number;

  /** Background-work queue: idle worker poll interval in ms (default 2000). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  @IsOptional()
  JOBS_QUEUE_POLL_MS?: number;

  /** Approve new providers without a super admin. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  AUTO_APPROVE_PROVIDERS?: boolean;

  /** Timeout of each RouterOS API command (and of connect + login), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(120_000)
  @IsOptional()
  ROUTER_CALL_TIMEOUT_MS?: number;

  /** Routers read at once by the provisioning outbox worker and "who is online" (monitoring, usage sync and reconcile: ROUTER_FLEET_CONCURRENCY). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  @IsOptional()
  ROUTER_MONITOR_CONCURRENCY?: number;

  /** Fleet work (monitoring, usage sync, reconcile): routers worked at once per instance (docs/monitoring.md). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  @IsOptional()
  ROUTER_FLEET_CONCURRENCY?: number;

  /** Fleet work: seconds a claimed slice of routers stays one instance's before another may take it over. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(3600)
  @IsOptional()
  ROUTER_FLEET_LEASE_SECONDS?: number;

  /** Fleet work: the longest back-off of a router that keeps failing, in minutes (never below the job's interval). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  @IsOptional()
  ROUTER_FLEET_BACKOFF_CAP_MINUTES?: number;

  /** Provisioning outbox: attempts before an operation is dead-lettered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  ROUTER_OUTBOX_MAX_ATTEMPTS?: number;

  /** Provisioning outbox: first retry delay in ms (doubles per attempt, capped at 1 h). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  @IsOptional()
  ROUTER_OUTBOX_BACKOFF_MS?: number;

  /** Provisioning outbox: worker poll interval in ms (when jobs are enabled). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  @IsOptional()
  ROUTER_OUTBOX_INTERVAL_MS?: number;

  /** Outbound messages (e-mail, SMS): attempts before a message is dead (default 8). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  OUTBOX_MAX_ATTEMPTS?: number;

  /** Outbound messages: first retry delay in ms (doubles per attempt, capped at 1 h; default 30000). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  @IsOptional()
  OUTBOX_BACKOFF_MS?: number;

  /** Outbound messages: sender poll interval in ms (when jobs are enabled; default 2000). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  @IsOptional()
  OUTBOX_INTERVAL_MS?: number;

  /** Alerts: a router offline (or failing) longer than this many minutes raises one alert per outage (default 5). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  @IsOptional()
  ALERT_ROUTER_OFFLINE_MINUTES?: number;

  /** Alerts: how long the first alert of a kind waits for others of its provider before they go out together (seconds, default 45). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  @IsOptional()
  ALERT_DIGEST_WINDOW_SECONDS?: number;

  /** Alerts: more than this many alerts of one kind in one window become a single digest (default 3). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  ALERT_DIGEST_THRESHOLD?: number;

  /** Alerts: days before the subscription period ends that the owner is alerted, comma-separated (default "7,1"). */
  @Matches(/^\s*\d{1,2}\s*(,\s*\d{1,2}\s*)*$/, { message: 'ALERT_SUBSCRIPTION_DAYS must be whole days separated by commas, e.g. 7,1' })
  @IsOptional()
  ALERT_SUBSCRIPTION_DAYS?: string;

  /** SMTP server as one URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Overrides SMTP_HOST. */
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  @IsOptional()
  SMTP_URL?: string;

  /** SMTP server host (when SMTP_URL is not set). */
  @IsString()
  @IsOptional()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  SMTP_PORT?: number;

  @IsString()
  @IsOptional()
  SMTP_USER?: string;

  @IsString()
  @IsOptional()
  SMTP_PASSWORD?: string;

  /** TLS from the first byte (port 465); false = plain with STARTTLS when the server offers it. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  SMTP_SECURE?: boolean;

  /** The From of every e-mail, e.g. "Wavu <no-reply@example.com>". */
  @IsString()
  @MinLength(3)
  @IsOptional()
  MAIL_FROM?: string;

  /** Demo mode: the mail sink's SMTP and mailbox-page ports (default 18025 and 18026). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  DEMO_MAIL_SMTP_PORT?: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  DEMO_MAIL_HTTP_PORT?: number;

  /** SMS through the platform's own Africa's Talking account for providers that do not bring theirs (default: demo mode only). */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  SMS_PLATFORM_ENABLED?: boolean;

  @IsIn(['sandbox', 'production'])
  @IsOptional()
  AT_ENVIRONMENT?: 'sandbox' | 'production';

  /** The platform's Africa's Talking app username (`sandbox` for the sandbox). */
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'AT_USERNAME must be 1-100 letters, digits, "_", "." or "-"' })
  @IsOptional()
  AT_USERNAME?: string;

  @IsString()
  @MinLength(8)
  @IsOptional()
  AT_API_KEY?: string;

  /** The platform's registered sender ID (alphanumeric, at most 11) or shortcode; none = AT's shared sender. */
  @Matches(/^[A-Za-z0-9]{1,11}$/, { message: 'AT_SENDER_ID must be 1-11 letters or digits' })
  @IsOptional()
  AT_SENDER_ID?: string;

  /** Where Africa's Talking is (both environments): the SMS simulator's URL in demo mode and the tests. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @IsOptional()
  AT_BASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  @IsOptional()
  AT_TIMEOUT_MS?: number;

  /** The secret in the platform account's delivery-report URL (register it on the AT app); 24+ letters, digits, "_" or "-". */
  @Matches(/^[A-Za-z0-9_-]{24,128}$/, { message: 'SMS_CALLBACK_TOKEN must be 24-128 letters, digits, "_" or "-"' })
  @IsOptional()
  SMS_CALLBACK_TOKEN?: string;

  /** Demo mode: the SMS simulator's port (default 18092). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  DEMO_SMS_PORT?: number;

  /** Management tunnel: hours before a removed router's tunnel address and key may be given to another router (default 24). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 365)
  @IsOptional()
  ROUTER_TUNNEL_ADDRESS_GRACE_HOURS?: number;

  /** The platform's IPv4 address as routers see it (setup kit restricts the API to it). */
  @Matches(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { message: 'ROUTER_PLATFORM_ADDRESS must be an IPv4 address' })
  @IsOptional()
  ROUTER_PLATFORM_ADDRESS?: string;

  /**
   * Comma-separated CIDRs (or single addresses) routers may use although internal: a VPN the
   * operator runs, a lab network (never the Wavu tunnel's prefix: docs/tunnel.md). Demo mode
   * default: 127.0.0.0/8 (simulated routers).
   */
  @Matches(/^\s*[0-9a-fA-F:.]+(\/\d{1,3})?\s*(,\s*[0-9a-fA-F:.]+(\/\d{1,3})?\s*)*$/, { message: 'ROUTER_ALLOWED_CIDRS must be comma-separated CIDRs such as 10.8.0.0/16' })
  @IsOptional()
  ROUTER_ALLOWED_CIDRS?: string;

  /** Comma-separated ports or ranges (8000,9000-9010) allowed besides 8728/8729. Demo mode default: 1-65535. */
  @Matches(/^\s*\d{1,5}(-\d{1,5})?\s*(,\s*\d{1,5}(-\d{1,5})?\s*)*$/, { message: 'ROUTER_ALLOWED_PORTS must be comma-separated ports or ranges such as 8000,9000-9010' })
  @IsOptional()
  ROUTER_ALLOWED_PORTS?: string;

  /** Pesapal (platform subscriptions): on by default in demo mode (the simulator), off otherwise. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  PESAPAL_ENABLED?: boolean;

  /** `sandbox`, `live`, or a base URL (e.g. a Pesapal simulator). */
  @Matches(/^(sandbox|live|https?:\/\/[^\s]+)$/, { message: 'PESAPAL_BASE_URL must be sandbox, live or an http(s) URL' })
  @IsOptional()
  PESAPAL_BASE_URL?: string;

  @IsString()
  @IsOptional()
  PESAPAL_CONSUMER_KEY?: string;

  @IsString()
  @IsOptional()
  PESAPAL_CONSUMER_SECRET?: string;

  /** Days of free trial from a provider's approval. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  @IsOptional()
  SUBSCRIPTION_TRIAL_DAYS?: number;

  /** Days sales continue after a subscription expires, before they are paused. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  @IsOptional()
  SUBSCRIPTION_GRACE_DAYS?: number;

  /** Daraja base URL for both environments (e.g. a Daraja simulator); default: Safaricom's sandbox/production hosts. Demo mode: the simulator started at boot. */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'DARAJA_BASE_URL must be an http(s) URL' })
  @IsOptional()
  DARAJA_BASE_URL?: string;

  /** Public base URL Daraja calls back (STK callbacks, C2B validation/confirmation); default PUBLIC_URL. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @IsOptional()
  DARAJA_CALLBACK_BASE_URL?: string;

  /** Timeout of each Daraja request in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  @IsOptional()
  DARAJA_TIMEOUT_MS?: number;

  /** Platform collection (the platform's own shortcode collects for providers): on by default in demo mode. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  DARAJA_PLATFORM_ENABLED?: boolean;

  @IsIn(['sandbox', 'production'])
  @IsOptional()
  DARAJA_PLATFORM_ENVIRONMENT?: 'sandbox' | 'production';

  @IsIn(['paybill', 'till'])
  @IsOptional()
  DARAJA_PLATFORM_SHORTCODE_TYPE?: 'paybill' | 'till';

  /** Paybill number, or the till's store number. */
  @Matches(/^\d{5,7}$/, { message: 'DARAJA_PLATFORM_SHORTCODE must be 5–7 digits' })
  @IsOptional()
  DARAJA_PLATFORM_SHORTCODE?: string;

  @Matches(/^\d{5,7}$/, { message: 'DARAJA_PLATFORM_TILL_NUMBER must be 5–7 digits' })
  @IsOptional()
  DARAJA_PLATFORM_TILL_NUMBER?: string;

  @IsString()
  @IsOptional()
  DARAJA_PLATFORM_CONSUMER_KEY?: string;

  @IsString()
  @IsOptional()
  DARAJA_PLATFORM_CONSUMER_SECRET?: string;

  @IsString()
  @IsOptional()
  DARAJA_PLATFORM_PASSKEY?: string;

  /** Comma-separated source IPs allowed to call the Daraja webhooks (empty: any; the secret URL still applies). */
  @Matches(/^[0-9a-fA-F:.,\s]*$/, { message: 'DARAJA_CALLBACK_IP_ALLOWLIST must be comma-separated IP addresses' })
  @IsOptional()
  DARAJA_CALLBACK_IP_ALLOWLIST?: string;

  /** STK pushes per phone per PAYMENTS_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  @IsOptional()
  PAYMENTS_RATE_LIMIT_PER_PHONE?: number;

  /** STK pushes per hotspot device (router + MAC) per PAYMENTS_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  @IsOptional()
  PAYMENTS_RATE_LIMIT_PER_DEVICE?: number;

  /** STK pushes per client IP (IPv6: /64) per PAYMENTS_RATE_WINDOW_SECONDS: a whole hotspot's NAT, so set high. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  @IsOptional()
  PAYMENTS_RATE_LIMIT_PER_IP?: number;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400)
  @IsOptional()
  PAYMENTS_RATE_WINDOW_SECONDS?: number;

  /** An STK push without a result is marked expired (soft: a late success is still honoured) after this many seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  @IsOptional()
  STK_EXPIRE_AFTER_SECONDS?: number;

  /** STK Query is first asked this many seconds after a push without a callback (default 60). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3_600)
  @IsOptional()
  STK_QUERY_AFTER_SECONDS?: number;

  /** Folder with the built SPA (served at /). */
  @IsString()
  @IsOptional()
  WEB_DIST_DIR?: string;
}
