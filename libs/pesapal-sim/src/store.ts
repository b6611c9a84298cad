import { eatLocal, isoWith7Fraction, maskPhone, newBearerToken, newCardConfirmation, newGuid, newMpesaReceipt } from './formats';
import type { IpnMethod, SimIpnRegistration, SimLedgerEntry, SimMerchantCredentials, SimOrder, SimPaymentMethod } from './types';

interface SimToken {
  consumerKey: string;
  expiresAt: number;
  revoked: boolean;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface PaymentOptions {
  paymentMethod?: SimPaymentMethod;
  /** Payer phone for mobile money (masked in `payment_account`). */
  phone?: string;
  confirmationCode?: string;
}

/** In-memory state of the simulated Pesapal: merchants, tokens, IPN registrations, orders, ledger. */
export class SimStore {
  private readonly merchants = new Map<string, string>();
  private readonly tokens = new Map<string, SimToken>();
  readonly ipns: SimIpnRegistration[] = [];
  readonly orders = new Map<string, SimOrder>();
  readonly ledger: SimLedgerEntry[] = [];
  private nextIpnNumber = 4278;
  tokensIssued = 0;

  constructor(private readonly now: () => Date) {}

  addMerchant(m: SimMerchantCredentials): void {
    this.merchants.set(m.consumerKey, m.consumerSecret);
  }

  /** Exact comparison: Pesapal does not trim keys (a trailing space fails). */
  checkCredentials(key: unknown, secret: unknown): boolean {
    return typeof key === 'string' && typeof secret === 'string' && this.merchants.has(key) && this.merchants.get(key) === secret;
  }

  issueToken(consumerKey: string, ttlMs: number): { token: string; expiryDate: string } {
    const issued = this.now();
    const expires = new Date(issued.getTime() + ttlMs);
    const token = newBearerToken(issued, expires);
    this.tokens.set(token, { consumerKey, expiresAt: expires.getTime(), revoked: false });
    this.tokensIssued++;
    return { token, expiryDate: isoWith7Fraction(expires) };
  }

  /** The merchant a bearer token belongs to, or null when it is unknown, expired or revoked. */
  merchantForToken(token: string): string | null {
    const t = this.tokens.get(token);
    if (!t || t.revoked || this.now().getTime() >= t.expiresAt) return null;
    return t.consumerKey;
  }

  expireTokens(consumerKey?: string): number {
    let n = 0;
    for (const t of this.tokens.values()) {
      if (!t.revoked && (!consumerKey || t.consumerKey === consumerKey)) {
        t.revoked = true;
        n++;
      }
    }
    return n;
  }

  registerIpn(consumerKey: string, url: string, method: IpnMethod): SimIpnRegistration {
    const ipn: SimIpnRegistration = { id: this.nextIpnNumber++, ipnId: newGuid(), url, method, consumerKey, createdDate: isoWith7Fraction(this.now()) };
    this.ipns.push(ipn);
    return ipn;
  }

  ipnFor(consumerKey: string, ipnId: string): SimIpnRegistration | undefined {
    return this.ipns.find((i) => i.consumerKey === consumerKey && i.ipnId.toLowerCase() === ipnId.toLowerCase());
  }

  hasReference(consumerKey: string, reference: string): boolean {
    for (const o of this.orders.values()) if (o.consumerKey === consumerKey && o.merchantReference === reference) return true;
    return false;
  }

  addOrder(
    order: Omit<SimOrder, 'orderTrackingId' | 'createdAt' | 'createdDate' | 'state' | 'paymentMethod' | 'paymentAccount' | 'confirmationCode' | 'statusDescription' | 'redirectUrl'>,
    pageUrl: (trackingId: string) => string,
  ): SimOrder {
    const now = this.now();
    const orderTrackingId = newGuid();
    const full: SimOrder = {
      ...order,
      orderTrackingId,
      redirectUrl: pageUrl(orderTrackingId),
      createdAt: now.toISOString(),
      createdDate: eatLocal(now),
      state: 'pending',
      paymentMethod: '',
      paymentAccount: '',
      confirmationCode: '',
      statusDescription: null,
    };
    this.orders.set(orderTrackingId, full);
    return full;
  }

  order(trackingId: string): SimOrder {
    const o = this.orders.get(trackingId) ?? [...this.orders.values()].find((x) => x.orderTrackingId.toLowerCase() === trackingId.toLowerCase());
    if (!o) throw new SimError(404, `unknown order ${trackingId}`);
    return o;
  }

  complete(trackingId: string, opts: PaymentOptions = {}): SimOrder {
    const o = this.order(trackingId);
    if (o.state !== 'pending' && o.state !== 'abandoned') throw new SimError(409, `order is ${o.state}, cannot complete`);
    const method = opts.paymentMethod ?? 'MPESA';
    const mobile = method === 'MPESA' || method === 'AirtelMoney';
    o.state = 'completed';
    o.paymentMethod = method;
    o.paymentAccount = mobile ? maskPhone(opts.phone ?? o.billingAddress.phone_number ?? '254700000000') : '476173**0010';
    o.confirmationCode = opts.confirmationCode ?? (mobile ? newMpesaReceipt() : newCardConfirmation());
    o.statusDescription = null;
    o.settledAt = this.now().toISOString();
    this.ledger.push({
      orderTrackingId: o.orderTrackingId,
      merchantReference: o.merchantReference,
      consumerKey: o.consumerKey,
      amount: o.amount,
      amountMinor: Math.round(o.amount * 100),
      currency: o.currency,
      confirmationCode: o.confirmationCode,
      paymentMethod: o.paymentMethod,
      settledAt: o.settledAt,
      reversed: false,
    });
    return o;
  }

  fail(trackingId: string, opts: PaymentOptions & { description?: string } = {}): SimOrder {
    const o = this.order(trackingId);
    if (o.state !== 'pending' && o.state !== 'abandoned') throw new SimError(409, `order is ${o.state}, cannot fail`);
    o.state = 'failed';
    o.paymentMethod = opts.paymentMethod ?? 'Visa';
    o.paymentAccount = o.paymentMethod === 'MPESA' ? maskPhone(opts.phone ?? '254700000000') : '476173**0010';
    o.confirmationCode = opts.confirmationCode ?? newCardConfirmation();
    o.statusDescription = opts.description ?? 'Unable to Authorize Transaction.Kindly contact your bank for assistance';
    return o;
  }

  abandon(trackingId: string): SimOrder {
    const o = this.order(trackingId);
    if (o.state === 'pending') o.state = 'abandoned';
    return o;
  }

  reverse(trackingId: string): SimOrder {
    const o = this.order(trackingId);
    if (o.state !== 'completed') throw new SimError(409, `order is ${o.state}, only completed payments can be reversed`);
    o.state = 'reversed';
    o.reversedAt = this.now().toISOString();
    o.statusDescription = 'Payment reversed';
    const entry = this.ledger.find((e) => e.orderTrackingId === o.orderTrackingId);
    if (entry) {
      entry.reversed = true;
      entry.reversedAt = o.reversedAt;
    }
    return o;
  }

  /** Sum of settled, non-reversed payments in major units for one currency. */
  ledgerTotal(currency = 'KES', consumerKey?: string): number {
    const minor = this.ledger.filter((e) => !e.reversed && e.currency === currency && (!consumerKey || e.consumerKey === consumerKey)).reduce((sum, e) => sum + e.amountMinor, 0);
    return minor / 100;
  }
}
