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
}

export const APP_CONFIG = Symbol('APP_CONFIG');
