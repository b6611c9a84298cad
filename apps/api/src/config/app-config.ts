/** Typed configuration, grouped by concern. Built once from the environment by loadConfig(). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  demoMode: boolean;
  http: {
    host: string;
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimit: string;
    webDistDir: string;
  };
  database: {
    /** null → start the embedded PostgreSQL */
    url: string | null;
    embeddedDir: string;
    embeddedPort: number;
    poolSize: number;
  };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    loginMaxFailures: number;
    loginLockSeconds: number;
  };
  secretBox: { keys: { id: string; key: Buffer }[] };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  jobs: { enabled: boolean; auditRetentionDays: number };
  providers: { autoApprove: boolean };
  routers: {
    /** per RouterOS command (and connect + login) */
    callTimeoutMs: number;
    /** routers checked at once by the monitoring and usage jobs */
    monitorConcurrency: number;
    /** outbox: attempts before an operation is dead-lettered */
    outboxMaxAttempts: number;
    /** outbox: first retry delay; doubles per attempt (capped at 1 h) */
    outboxBackoffMs: number;
    /** outbox worker poll interval when jobs are enabled */
    outboxIntervalMs: number;
    /** the platform's address as routers see it (setup kit: API service + API user restricted to it) */
    platformAddress: string | null;
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
