import type { PesapalSimLogger } from './logger';
import type { TaskTracker } from './tasks';
import type { IpnDeliveryRecord, IpnSettings, SimIpnRegistration } from './types';

export interface IpnNotice {
  orderTrackingId: string;
  merchantReference: string;
  notificationType: 'IPNCHANGE' | 'RECURRING';
}

/**
 * Sends IPNs the way Pesapal does: GET with query parameters or POST with a JSON body
 * (PascalCase keys), as registered. An attempt counts as delivered only when the receiver
 * answers 2xx with the JSON acknowledgement
 * `{orderNotificationType, orderTrackingId, orderMerchantReference, status: 200}`;
 * otherwise it is retried with backoff up to `maxAttempts`.
 */
export class IpnDispatcher {
  readonly deliveries: IpnDeliveryRecord[] = [];

  constructor(
    private readonly tasks: TaskTracker,
    private readonly settings: () => IpnSettings,
    private readonly logger: PesapalSimLogger,
    private readonly now: () => Date,
  ) {}

  notify(ipn: SimIpnRegistration, notice: IpnNotice): void {
    const s = this.settings();
    if (s.drop) {
      this.logger.debug('pesapal-sim: IPN dropped by setting', { orderTrackingId: notice.orderTrackingId });
      return;
    }
    const copies = 1 + Math.max(0, Math.floor(s.duplicates));
    for (let copy = 0; copy < copies; copy++) {
      this.tasks.later(s.delayMs, () => this.deliver(ipn, notice, copy));
    }
  }

  private async deliver(ipn: SimIpnRegistration, notice: IpnNotice, copy: number): Promise<void> {
    const s = this.settings();
    let backoff = s.retryBackoffMs;
    for (let attempt = 1; attempt <= Math.max(1, s.maxAttempts); attempt++) {
      if (this.tasks.isClosed) return;
      const record = await this.attempt(ipn, notice, copy, attempt, s.timeoutMs);
      this.deliveries.push(record);
      if (record.acknowledged) return;
      if (attempt < s.maxAttempts) {
        const slept = await this.tasks.sleep(backoff);
        if (!slept) return;
        backoff *= 2;
      }
    }
    this.logger.warn('pesapal-sim: IPN not acknowledged, giving up', { orderTrackingId: notice.orderTrackingId, url: ipn.url });
  }

  private async attempt(ipn: SimIpnRegistration, notice: IpnNotice, copy: number, attempt: number, timeoutMs: number): Promise<IpnDeliveryRecord> {
    const base: Omit<IpnDeliveryRecord, 'httpStatus' | 'acknowledged'> = {
      orderTrackingId: notice.orderTrackingId,
      merchantReference: notice.merchantReference,
      notificationType: notice.notificationType,
      method: ipn.method,
      url: ipn.url,
      copy,
      attempt,
      at: this.now().toISOString(),
    };
    const controller = this.tasks.controller();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const params = { OrderTrackingId: notice.orderTrackingId, OrderMerchantReference: notice.merchantReference, OrderNotificationType: notice.notificationType };
      let res: Response;
      if (ipn.method === 'GET') {
        const url = new URL(ipn.url);
        for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
        res = await fetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal: controller.signal });
      } else {
        res = await fetch(ipn.url, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify({ OrderTrackingId: params.OrderTrackingId, OrderNotificationType: params.OrderNotificationType, OrderMerchantReference: params.OrderMerchantReference }),
          signal: controller.signal,
        });
      }
      const text = await res.text();
      const problem = res.ok ? acknowledgementProblem(text, notice) : `HTTP ${res.status}`;
      return { ...base, httpStatus: res.status, acknowledged: problem === null, ...(problem ? { error: problem } : {}) };
    } catch (err) {
      const message = controller.signal.aborted ? 'timeout or simulator closed' : err instanceof Error ? err.message : String(err);
      return { ...base, httpStatus: null, acknowledged: false, error: message };
    } finally {
      clearTimeout(timer);
      this.tasks.release(controller);
    }
  }
}

/** Returns why an IPN answer is not the required acknowledgement, or null when it is. */
export function acknowledgementProblem(text: string, notice: IpnNotice): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'answer is not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'answer is not a JSON object';
  const b = body as Record<string, unknown>;
  if (b.orderTrackingId !== notice.orderTrackingId) return 'orderTrackingId not echoed';
  if (b.orderMerchantReference !== notice.merchantReference) return 'orderMerchantReference not echoed';
  if (b.orderNotificationType !== notice.notificationType) return 'orderNotificationType not echoed';
  if (b.status !== 200) return `status is ${JSON.stringify(b.status)}, not 200`;
  return null;
}
