/** Tracks timers and in-flight work so tests can wait for quiet and close() leaves no open handles. */
export class TaskTracker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `fn` after `ms`; counted as pending work until it settles. */
  later(ms: number, fn: () => Promise<void> | void): void {
    if (this.closed) return;
    this.pending++;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        Promise.resolve()
          .then(fn)
          .catch(() => undefined)
          .finally(() => this.done());
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  /** Sleep that ends early (resolving false) when the tracker closes. */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const controller = this.controller();
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.release(controller);
          resolve(true);
        },
        Math.max(0, ms),
      );
      this.timers.add(timer);
      controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(false);
      });
    });
  }

  controller(): AbortController {
    const c = new AbortController();
    if (this.closed) c.abort();
    else this.controllers.add(c);
    return c;
  }

  release(c: AbortController): void {
    this.controllers.delete(c);
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // Cancelled timers never run their callback: settle their pending count now.
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    this.pending = 0;
    this.flush();
  }

  private done(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.flush();
  }

  private flush(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
