/** Tracks the simulator's timers and outstanding work so `idle()` can wait for reports and `close()` leaves no handles. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private busy = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  after(ms: number, fn: () => void | Promise<void>): void {
    if (this.closed) return;
    this.busy++;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.closed) return this.release();
        void Promise.resolve()
          .then(fn)
          .catch(() => undefined)
          .finally(() => this.release());
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  /** Resolves once no timer or work is outstanding. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops pending timers (reset) without closing. */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.busy = 0;
    this.flush();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private release(): void {
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy === 0) this.flush();
  }

  private flush(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
