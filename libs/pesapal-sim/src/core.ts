import { FaultInjector } from './faults';
import { IpnDispatcher } from './ipn-dispatcher';
import type { PesapalSimLogger } from './logger';
import type { PaymentOptions } from './store';
import { SimStore } from './store';
import { TaskTracker } from './tasks';
import type { PesapalEndpoint, SimOrder, SimSettings, SimSettingsPatch } from './types';

export const HOSTED_PAGE_PATH = '/pesapaliframe/PesapalIframe3/Index';
export const HOSTED_PAGE_ACTION_PATH = '/pesapaliframe/PesapalIframe3/Pay';

/** Everything the HTTP handlers and the programmatic handle share. */
export class SimCore {
  readonly tasks = new TaskTracker();
  readonly store: SimStore;
  readonly faults = new FaultInjector();
  readonly ipn: IpnDispatcher;
  readonly requestCounts: Record<PesapalEndpoint, number> = { RequestToken: 0, RegisterIPN: 0, GetIpnList: 0, SubmitOrderRequest: 0, GetTransactionStatus: 0 };
  baseUrl = '';

  constructor(
    readonly settings: SimSettings,
    readonly logger: PesapalSimLogger,
    readonly now: () => Date,
  ) {
    this.store = new SimStore(now);
    this.ipn = new IpnDispatcher(this.tasks, () => this.settings.ipn, logger, now);
  }

  configure(patch: SimSettingsPatch): SimSettings {
    if (patch.tokenTtlMs !== undefined) this.settings.tokenTtlMs = patch.tokenTtlMs;
    if (patch.mobileMoneyPendingMs !== undefined) this.settings.mobileMoneyPendingMs = patch.mobileMoneyPendingMs;
    if (patch.ipn) Object.assign(this.settings.ipn, patch.ipn);
    return this.settings;
  }

  hostedPageUrl(trackingId: string): string {
    return `${this.baseUrl}${HOSTED_PAGE_PATH}?OrderTrackingId=${encodeURIComponent(trackingId)}`;
  }

  complete(trackingId: string, opts?: PaymentOptions): SimOrder {
    const o = this.store.complete(trackingId, opts);
    this.logger.debug('pesapal-sim: order completed', { orderTrackingId: o.orderTrackingId, merchantReference: o.merchantReference });
    this.notify(o);
    return o;
  }

  fail(trackingId: string, opts?: PaymentOptions & { description?: string }): SimOrder {
    const o = this.store.fail(trackingId, opts);
    this.logger.debug('pesapal-sim: order failed', { orderTrackingId: o.orderTrackingId });
    this.notify(o);
    return o;
  }

  reverse(trackingId: string): SimOrder {
    const o = this.store.reverse(trackingId);
    this.logger.debug('pesapal-sim: order reversed', { orderTrackingId: o.orderTrackingId });
    this.notify(o);
    return o;
  }

  /** M-Pesa on the page: the browser returns at once, the payment settles after `mobileMoneyPendingMs`. */
  payWithMobileMoney(trackingId: string, phone: string | undefined): void {
    const delay = this.settings.mobileMoneyPendingMs;
    if (delay <= 0) {
      this.complete(trackingId, { paymentMethod: 'MPESA', phone });
      return;
    }
    this.tasks.later(delay, () => {
      const o = this.store.order(trackingId);
      if (o.state === 'pending' || o.state === 'abandoned') this.complete(trackingId, { paymentMethod: 'MPESA', phone });
    });
  }

  private notify(o: SimOrder): void {
    const ipn = this.store.ipnFor(o.consumerKey, o.notificationId);
    if (!ipn) return;
    this.ipn.notify(ipn, { orderTrackingId: o.orderTrackingId, merchantReference: o.merchantReference, notificationType: 'IPNCHANGE' });
  }
}
