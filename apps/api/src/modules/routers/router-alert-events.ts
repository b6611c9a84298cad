import type { RouterEvent } from './entities/router-event.entity';

/**
 * What the alerts module needs to know about a router event it turns into a message
 * (docs/alerts.md). `key` names the event once: an outage is named by its router and the
 * moment its alert was raised (its return carries the same moment), a dead letter by its event.
 */
export type RouterAlertEvent = { eventId: string; providerId: string; routerId: string; routerName: string; recordedAt: Date; key: string } & (
  { kind: 'router_offline'; status: 'offline' | 'error'; since: Date } | { kind: 'router_back'; downSince: Date | null; backAt: Date } | { kind: 'provisioning_failed'; change: string; error: string }
);

const dateOr = (value: unknown, fallback: Date): Date => {
  const d = typeof value === 'string' ? new Date(value) : null;
  return d && !Number.isNaN(d.getTime()) ? d : fallback;
};
const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value ? value : fallback);

/** A router event as the alerts module reads it; null for an event that is not one of the alertable kinds. */
export function toRouterAlertEvent(e: RouterEvent & { routerName: string | null }): RouterAlertEvent | null {
  const base = { eventId: e.id, providerId: e.providerId, routerId: e.routerId, routerName: e.routerName ?? 'a removed router', recordedAt: e.createdAt };
  const m = e.metadata;
  switch (e.type) {
    case 'offline_alert': {
      const alertedAt = dateOr(m.alertedAt, e.createdAt);
      return {
        ...base,
        kind: 'router_offline',
        key: `router_offline:${e.routerId}:${alertedAt.toISOString()}`,
        status: m.status === 'error' ? 'error' : 'offline',
        since: dateOr(m.since, e.createdAt),
      };
    }
    case 'back_online': {
      const alertedAt = dateOr(m.alertedAt, e.createdAt);
      return {
        ...base,
        kind: 'router_back',
        key: `router_back:${e.routerId}:${alertedAt.toISOString()}`,
        downSince: typeof m.downSince === 'string' ? dateOr(m.downSince, e.createdAt) : null,
        backAt: dateOr(m.backAt, e.createdAt),
      };
    }
    case 'sync_dead_letter': {
      const change = typeof m.opType === 'string' ? `${m.opType} ${text(m.target, '')}`.trim() : e.message.split(' failed ')[0];
      return { ...base, kind: 'provisioning_failed', key: `provisioning_failed:${e.id}`, change: change.slice(0, 120), error: text(m.error, e.message).slice(0, 300) };
    }
    default:
      return null;
  }
}
