import type { SimLogger } from './logger';
import type { Scheduler } from './scheduler';
import type { CallbackDelivery, CallbackSettings } from './types';

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = {
  delayMs: 0,
  copies: 1,
  copyGapMs: 0,
  drop: false,
  reorderWindowMs: 0,
  retryOnNon2xx: null,
  timeoutMs: 5000,
  sourceIp: null,
};

interface Job {
  key: string;
  url: string;
  body: unknown;
  copy: number;
  settings: CallbackSettings;
}

/** POSTs a JSON body; resolves with the HTTP status or throws on network failure/timeout. */
export async function postJson(url: string, body: unknown, timeoutMs: number, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), signal: controller.signal });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json };
  } finally {
    clearTimeout(timer);
  }
}

/** Delivers STK callbacks with the configured delay, copies, loss, reordering and retries. */
export class CallbackDispatcher {
  readonly deliveries: CallbackDelivery[] = [];
  private held: Job[] = [];
  private heldTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly logger: SimLogger,
    private readonly random: () => number,
  ) {}

  dispatch(key: string, url: string, body: unknown, settings: CallbackSettings): void {
    const copies = Math.max(1, Math.floor(settings.copies));
    for (let copy = 1; copy <= copies; copy++) {
      const job: Job = { key, url, body, copy, settings };
      this.scheduler.after(settings.delayMs + (copy - 1) * settings.copyGapMs, () => this.due(job));
    }
  }

  private due(job: Job): void {
    if (job.settings.reorderWindowMs <= 0) {
      void this.scheduler.track(this.send(job, 1));
      return;
    }
    this.held.push(job);
    if (!this.heldTimer) {
      this.heldTimer = this.scheduler.after(job.settings.reorderWindowMs, () => {
        const batch = this.held.reverse();
        this.held = [];
        this.heldTimer = null;
        // one after another: sent at once over separate connections they could arrive in any order
        void this.scheduler.track(
          (async () => {
            for (const j of batch) await this.send(j, 1);
          })(),
        );
      });
    }
  }

  private dropped(settings: CallbackSettings): boolean {
    if (settings.drop === true) return true;
    if (typeof settings.drop === 'number' && settings.drop > 0) return this.random() < settings.drop;
    return false;
  }

  private async send(job: Job, attempt: number): Promise<void> {
    const record: CallbackDelivery = { checkoutRequestId: job.key, url: job.url, copy: job.copy, attempt, status: null, dropped: false, error: null, at: new Date().toISOString(), body: job.body };
    this.deliveries.push(record);
    if (attempt === 1 && this.dropped(job.settings)) {
      record.dropped = true;
      this.logger.debug('callback dropped', { checkoutRequestId: job.key, copy: job.copy });
      return;
    }
    const headers: Record<string, string> = job.settings.sourceIp ? { 'X-Forwarded-For': job.settings.sourceIp } : {};
    try {
      const { status } = await postJson(job.url, job.body, job.settings.timeoutMs, headers);
      record.status = status;
      this.logger.debug('callback delivered', { checkoutRequestId: job.key, copy: job.copy, status });
      if (status >= 200 && status < 300) return;
    } catch (err) {
      record.error = (err as Error).name === 'AbortError' ? 'timeout' : (err as Error).message;
      this.logger.warn('callback delivery failed', { checkoutRequestId: job.key, error: record.error });
    }
    const retry = job.settings.retryOnNon2xx;
    if (retry && attempt <= retry.attempts) {
      this.scheduler.after(retry.backoffMs * attempt, () => this.scheduler.track(this.send(job, attempt + 1)));
    }
  }
}
