// The arithmetic of router history (docs/monitoring.md): every figure a router reports is
// untrusted, so each one is validated and clamped here before it is stored, and traffic rates
// come from byte-counter deltas that refuse to invent a figure when the counters cannot be trusted.

/** A byte counter above this is not a counter JavaScript can subtract exactly: treated as unreadable. */
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;
/** 400 Gbit/s: faster than any MikroTik port; a rate above it is a broken counter, not traffic. */
export const MAX_RATE_BPS = 400_000_000_000;
/** Counters older than this (a router offline for a while) give no rate: the average over the gap would be shown as one minute. */
const MAX_RATE_GAP_SECONDS = 15 * 60;
/** Interfaces whose traffic is kept per minute, the busiest first (a router reporting thousands is capped). */
export const MAX_INTERFACES_KEPT = 16;
/** Interfaces whose counters are remembered as the next minute's base. */
const MAX_COUNTERS_KEPT = 64;
/** What an active-sessions figure can plausibly be. */
const MAX_SESSIONS = 1_000_000;
/** Interface names longer than this are cut (the column's length). */
const INTERFACE_NAME_MAX = 64;

/** A counter reading, as remembered between minutes. */
export interface CounterReading {
  rxBytes: number;
  txBytes: number;
  at: Date;
}

/** One interface as the router reported it (any field may be garbage). */
export interface InterfaceReading {
  name: unknown;
  running: unknown;
  disabled: unknown;
  rxBytes: unknown;
  txBytes: unknown;
}

export interface InterfaceRate {
  name: string;
  rxBps: number;
  txBps: number;
}

/** A byte counter, or null when it is not a non-negative integer JavaScript can hold exactly. */
export function validCounter(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNTER ? value : null;
}

/**
 * Bits per second between two readings of one counter, or null when there is no honest figure:
 * the counter went down (a reboot or a reset), time did not move forward, the gap is longer than
 * MAX_RATE_GAP_SECONDS, or the result is beyond any real link (MAX_RATE_BPS).
 */
export function rateBps(previous: number, previousAt: Date, current: number, currentAt: Date): number | null {
  const seconds = (currentAt.getTime() - previousAt.getTime()) / 1000;
  if (!(seconds > 0) || seconds > MAX_RATE_GAP_SECONDS) return null;
  if (current < previous) return null;
  const bps = Math.round(((current - previous) * 8) / seconds);
  return Number.isFinite(bps) && bps <= MAX_RATE_BPS ? bps : null;
}

/** CPU load as a whole percentage 0–100, or null when it is not a number. */
export function cpuPercent(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** Used memory as a whole percentage of the total, or null when free/total make no sense. */
export function memoryUsedPercent(free: unknown, total: unknown): number | null {
  const f = typeof free === 'string' ? Number(free) : free;
  const t = typeof total === 'string' ? Number(total) : total;
  if (typeof f !== 'number' || typeof t !== 'number' || !Number.isFinite(f) || !Number.isFinite(t)) return null;
  if (t <= 0 || f < 0 || f > t) return null;
  return Math.round(((t - f) / t) * 100);
}

/** An active-sessions count, or null when it is not a plausible count. */
export function sessionCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SESSIONS ? value : null;
}

/** An interface name fit to store: printable, trimmed, at most INTERFACE_NAME_MAX characters; null when nothing is left. */
function interfaceName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const printable = [...value].filter((c) => c >= ' ' && c !== '\u007f').join('');
  const name = printable.trim().slice(0, INTERFACE_NAME_MAX);
  return name || null;
}

/**
 * This minute's traffic from the interfaces the router reported and the counters remembered from
 * the last reading. Only running, enabled interfaces with valid counters count; an interface is
 * kept when it carried traffic (a rate above zero), the busiest MAX_INTERFACES_KEPT of them. An
 * interface whose counter went down (or that has no previous reading) gives no rate this minute
 * but its counters become the next minute's base.
 */
export function interfaceRates(previous: ReadonlyMap<string, CounterReading>, readings: readonly InterfaceReading[], at: Date): { rates: InterfaceRate[]; counters: Map<string, CounterReading> } {
  const counters = new Map<string, CounterReading>();
  const rates: InterfaceRate[] = [];
  for (const r of readings) {
    if (counters.size >= MAX_COUNTERS_KEPT) break;
    const name = interfaceName(r.name);
    if (!name || counters.has(name) || r.running !== true || r.disabled === true) continue;
    const rx = validCounter(r.rxBytes);
    const tx = validCounter(r.txBytes);
    if (rx === null || tx === null) continue;
    counters.set(name, { rxBytes: rx, txBytes: tx, at });
    const before = previous.get(name);
    if (!before) continue;
    const rxBps = rateBps(before.rxBytes, before.at, rx, at);
    const txBps = rateBps(before.txBytes, before.at, tx, at);
    if (rxBps === null || txBps === null || rxBps + txBps === 0) continue;
    rates.push({ name, rxBps, txBps });
  }
  rates.sort((a, b) => b.rxBps + b.txBps - (a.rxBps + a.txBps) || a.name.localeCompare(b.name));
  return { rates: rates.slice(0, MAX_INTERFACES_KEPT), counters };
}
