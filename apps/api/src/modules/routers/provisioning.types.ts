import type { EntityManager } from 'typeorm';
/**
 * The contract between the routers module and the modules that change routers (plans,
 * vouchers, payments). Other modules never talk to a router: they enqueue operations through
 * RoutersService (in their own transaction), and the routers module's outbox worker applies them.
 */

export const PROVISIONING_OP_TYPES = ['upsert_profile', 'remove_profile', 'upsert_user', 'remove_user', 'disable_user', 'enable_user'] as const;
export type ProvisioningOpType = (typeof PROVISIONING_OP_TYPES)[number];

/** A hotspot user profile as a plan wants it on every router that offers the plan. */
export interface HotspotProfileSpec {
  /** RouterOS profile name, derived from the plan (safe characters only), e.g. `wavu-1h-5m-3f9a2c`. */
  name: string;
  /** `rx/tx` seen from the router, optional burst, e.g. `2M/5M` or `2M/5M 4M/10M 1M/2M 10/10`. */
  rateLimit?: string;
  sharedUsers?: number;
  /** seconds; 0 or absent = none */
  sessionTimeoutSeconds?: number;
  idleTimeoutSeconds?: number;
}

/** A hotspot user as a voucher wants it on a router. */
export interface HotspotUserSpec {
  /** the voucher code (login name) */
  name: string;
  password: string;
  /** HotspotProfileSpec.name */
  profile: string;
  limitUptimeSeconds?: number;
  limitBytesTotal?: number;
  /** e.g. `wavu:<voucherId>` — how reconcile and usage sync map router users back */
  comment: string;
  disabled?: boolean;
}

/** One operation for one router. `target` is the profile name or user name it acts on. */
export type ProvisioningOpInput =
  | { routerId: string; type: 'upsert_profile'; target: string; profile: HotspotProfileSpec }
  | { routerId: string; type: 'remove_profile'; target: string }
  | { routerId: string; type: 'upsert_user'; target: string; user: HotspotUserSpec }
  | { routerId: string; type: 'remove_user' | 'disable_user' | 'enable_user'; target: string };

/** What usage sync reports per router user (counters include the running session). */
export interface HotspotUsage {
  name: string;
  comment: string | null;
  uptimeSeconds: number;
  bytesIn: number;
  bytesOut: number;
  /** has an active session right now */
  active: boolean;
  /** the router refused further logins because a limit was reached */
  limitReached: boolean;
}

export interface UsageReport {
  providerId: string;
  routerId: string;
  at: Date;
  users: HotspotUsage[];
}

/** Registered by other modules (vouchers) to hear about usage; called after each usage sync. */
export type UsageListener = (report: UsageReport) => Promise<void>;

export interface BulkSyncProgress {
  id: string;
  routerId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  total: number;
  done: number;
  failed: number;
  error: string | null;
}

/**
 * The methods RoutersService (modules/routers/routers.service.ts) exports for other modules.
 * Implemented by the routers module; other modules depend on this shape only.
 */
export interface RouterProvisioningApi {
  /** Writes outbox rows in the caller's transaction (per-router order kept). */
  enqueue(manager: EntityManager, providerId: string, ops: ProvisioningOpInput[]): Promise<void>;
  /** The provider's routers among `routerIds`; ROUTER_NOT_FOUND (404) if any is not theirs. */
  requireRouters(providerId: string, routerIds: string[], manager?: EntityManager): Promise<RouterSummary[]>;
  /** Every router of the provider. */
  listRouters(providerId: string, manager?: EntityManager): Promise<RouterSummary[]>;
  /** Pushes many users to one router with the pipelined client, outside any transaction. */
  startBulkSync(providerId: string, routerId: string, users: HotspotUserSpec[]): Promise<BulkSyncProgress>;
  getBulkSync(providerId: string, syncId: string): Promise<BulkSyncProgress>;
  /** Per router: how many of these users (names) the platform wants there and how many the router confirmed holding. */
  confirmation(providerId: string, routerIds: string[], names: string[]): Promise<Map<string, { wanted: number; confirmed: number }>>;
  /** Usage sync calls every listener after each run. */
  onUsage(listener: UsageListener): void;
}

export interface RouterSummary {
  id: string;
  name: string;
  /** used in login links and QR codes, e.g. `wifi.demo-hotspot.test` */
  hotspotDnsName: string | null;
  hotspotServer: string | null;
  status: 'unknown' | 'online' | 'offline' | 'error';
}

/**
 * Injection token for the provisioning API (RoutersService implements RouterProvisioningApi).
 * Plans and vouchers depend on the interface only; their modules bind it with
 * `{ provide: ROUTER_PROVISIONING, useExisting: RoutersService }`.
 */
export const ROUTER_PROVISIONING = Symbol('ROUTER_PROVISIONING');
