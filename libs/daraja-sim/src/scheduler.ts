/**
 * Tracks the simulator's timers and asynchronous work so `idle()` can wait for callbacks to
 * settle and `close()` leaves no open handles.
 */
export class Scheduler {
  private readonly timers = new Map<NodeJS.Timeout, boolean>();
  private busy = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  /** Runs fn after ms. Background timers (e.g. a manual prompt's expiry) do not hold `idle()`. */
  after(ms: number, fn: () => void | Promise<void>, background = false): NodeJS.Timeout | null {
    if (this.closed) return null;
    if (!background) this.busy++;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.closed) return this.release(background);
        void this.track(Promise.resolve().then(fn)).finally(() => this.release(background));
      },
      Math.max(0, ms),
    );
    this.timers.set(timer, background);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | null): void {
    if (!timer || !this.timers.has(timer)) return;
    const background = this.timers.get(timer) ?? true;
    clearTimeout(timer);
    this.timers.delete(timer);
    this.release(background);
  }

  /** Counts a promise as outstanding work until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.busy++;
    return p.finally(() => this.release(false));
  }

  /** Resolves once no foreground timer or tracked work is outstanding. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
    this.busy = 0;
    this.flush();
  }

  private release(background: boolean): void {
    if (background) return;
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy === 0) this.flush();
  }

  private flush(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
