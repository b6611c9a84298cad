/**
 * Simulated clock. Time only moves when a test (or the control API) advances it, so session
 * uptime, byte counters and limits are deterministic. Several routers may share one clock.
 */
export type ClockListener = (elapsedMs: number, nowMs: number) => void;

export class SimClock {
  private current: number;
  private readonly listeners = new Set<ClockListener>();

  constructor(startMs: number = Date.UTC(2025, 0, 1, 8, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  nowDate(): Date {
    return new Date(this.current);
  }

  /**
   * Advances time by `ms`. Listeners run in steps of at most `stepMs` so that limits which
   * fall inside a long advance end sessions at the right moment.
   */
  advance(ms: number, stepMs = 1000): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance the clock by ${ms}`);
    let remaining = ms;
    while (remaining > 0) {
      const step = Math.min(stepMs, remaining);
      this.current += step;
      remaining -= step;
      for (const listener of this.listeners) listener(step, this.current);
    }
  }

  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
