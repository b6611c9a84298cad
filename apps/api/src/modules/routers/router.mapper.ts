import type { RouterDto } from './dto/router.dto';
import type { RouterTunnelDto } from './dto/router-tunnel.dto';
import type { RouterEventDto } from './dto/router-event.dto';
import type { BulkSyncDto, ProvisioningOpDto } from './dto/router-sync.dto';
import type { RouterBulkSync } from './entities/bulk-sync.entity';
import type { ProvisioningOp } from './entities/provisioning-op.entity';
import type { RouterEvent } from './entities/router-event.entity';
import type { Router } from './entities/router.entity';
import type { OpCounts } from './outbox.repository';
import type { BulkSyncProgress, RouterSummary } from './provisioning.types';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The dashboard's alert: shown from the moment monitoring raised the outage alert (ALERT_ROUTER_OFFLINE_MINUTES) until the router is back. */
export function routerAlert(r: Router, now = Date.now()): string | null {
  if (r.status === 'online' || r.status === 'unknown' || !r.statusChangedAt || !r.offlineAlertAt) return null;
  const since = r.statusChangedAt.getTime();
  const minutes = Math.floor((now - since) / 60_000);
  return `${r.status === 'offline' ? 'Offline' : 'Failing'} for ${minutes} minutes (since ${r.statusChangedAt.toISOString()})`;
}

/** Entity → response: the sealed password never leaves the service. */
export function mapRouter(r: Router, counts?: OpCounts, tunnel: RouterTunnelDto | null = null, now = Date.now()): RouterDto {
  return {
    id: r.id,
    name: r.name,
    host: r.host,
    connectionMode: r.connectionMode,
    tunnel,
    apiPort: r.apiPort,
    useTls: r.useTls,
    tls: r.useTls ? { fingerprint: r.tlsFingerprint, pendingFingerprint: r.tlsFingerprintPending, pendingSince: r.tlsFingerprintPendingAt } : null,
    username: r.username,
    hotspotServer: r.hotspotServer,
    hotspotDnsName: r.hotspotDnsName,
    location: r.location,
    notes: r.notes,
    status: r.status,
    statusChangedAt: r.statusChangedAt,
    lastSeenAt: r.lastSeenAt,
    lastCheckedAt: r.lastCheckedAt,
    lastError: r.lastError,
    alert: routerAlert(r, now),
    version: r.version,
    boardName: r.boardName,
    identity: r.identity,
    uptimeSeconds: r.uptimeSeconds,
    cpuLoad: r.cpuLoad,
    freeMemory: num(r.freeMemory),
    totalMemory: num(r.totalMemory),
    activeSessions: r.activeSessions,
    sync: { pending: (counts?.pending ?? 0) + (counts?.applying ?? 0), failed: counts?.dead ?? 0 },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function mapSummary(r: Router): RouterSummary {
  return { id: r.id, name: r.name, hotspotDnsName: r.hotspotDnsName, hotspotServer: r.hotspotServer, status: r.status };
}

export function mapEvent(e: RouterEvent): RouterEventDto {
  return { id: e.id, type: e.type, message: e.message, metadata: e.metadata, createdAt: e.createdAt };
}

export function mapOp(o: ProvisioningOp): ProvisioningOpDto {
  return {
    id: o.id,
    type: o.type,
    target: o.target,
    status: o.status,
    attempts: o.attempts,
    nextAttemptAt: o.nextAttemptAt,
    lastError: o.lastError,
    lastErrorCode: o.lastErrorCode,
    createdAt: o.createdAt,
  };
}

export function mapBulkSync(b: RouterBulkSync): BulkSyncDto & BulkSyncProgress {
  return { id: b.id, routerId: b.routerId, status: b.status, total: b.total, done: b.done, failed: b.failed, error: b.error };
}
