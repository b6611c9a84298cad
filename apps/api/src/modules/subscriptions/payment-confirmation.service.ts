import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ipnAcknowledgement,
  parseCallbackQuery,
  parseIpnBody,
  parseIpnQuery,
  PESAPAL_CLIENT,
  PesapalClient,
  PesapalIpnAcknowledgement,
  PesapalNotification,
  PesapalTransactionStatus,
} from '@wavu/pesapal';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { formatMoney } from '../../common/money';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { UsersService } from '../auth';
import { MessageQueue } from '../notifications';
import { SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { nairobiDate } from './notification-text';
import { stateOf, transition } from './subscription-status';
import { SubscriptionsRepository } from './subscriptions.repository';

/** What a confirmation (IPN, return, refresh, reconcile) found. */
export type ConfirmationOutcome = 'paid' | 'pending' | 'failed' | 'reversed' | 'rejected' | 'unknown' | 'unavailable';

const DAY_MS = 86_400_000;
/** Pending orders are re-checked after this long, and given up after PENDING_EXPIRY_MS. */
const RECONCILE_AFTER_MS = 5 * 60_000;
const PENDING_EXPIRY_MS = 7 * DAY_MS;

/**
 * Whether a subscription invoice was paid: Pesapal's IPN, the browser's return, the provider's
 * refresh and the reconcile job all end in `confirm`, which asks GetTransactionStatus. A payment
 * confirmed here e-mails the owner a receipt (docs/email.md).
 */
@Injectable()
export class PaymentConfirmationService {
  private readonly logger = new Logger(PaymentConfirmationService.name);

  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly messages: MessageQueue,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PESAPAL_CLIENT) private readonly pesapal: PesapalClient,
  ) {}

  /** GET IPN: re-checks the order and answers Pesapal's acknowledgement (status 500 → Pesapal resends). */
  async handleIpnQuery(query: Record<string, unknown>): Promise<PesapalIpnAcknowledgement> {
    return this.handleIpn(parseNotification(() => parseIpnQuery(definedOnly(query))));
  }

  async handleIpnBody(body: Record<string, unknown>): Promise<PesapalIpnAcknowledgement> {
    return this.handleIpn(parseNotification(() => parseIpnBody(definedOnly(body))));
  }

  private async handleIpn(notification: PesapalNotification): Promise<PesapalIpnAcknowledgement> {
    const outcome = await this.confirm(notification.orderTrackingId, notification.merchantReference, 'ipn');
    return ipnAcknowledgement(notification, outcome !== 'unknown' && outcome !== 'unavailable');
  }

  /** The browser's return from Pesapal: confirm, then the SPA's subscription page. */
  async handleReturn(query: Record<string, unknown>): Promise<string> {
    const notification = parseNotification(() => parseCallbackQuery(definedOnly(query)));
    const outcome = await this.confirm(notification.orderTrackingId, notification.merchantReference, 'return');
    const invoice = await this.repo.findInvoiceByTrackingId(notification.orderTrackingId);
    const params = new URLSearchParams({ payment: outcome });
    if (invoice) params.set('invoice', invoice.id);
    return `${this.config.http.publicUrl}/app/subscription?${params.toString()}`;
  }

  /**
   * The one confirmation path: the IPN and the return are hints, GetTransactionStatus decides.
   * Idempotent on the order tracking id: the invoice row is locked and its status re-read, so
   * duplicate IPNs and the return racing each other activate exactly once.
   */
  async confirm(orderTrackingId: string, merchantRef: string | null, source: 'ipn' | 'return' | 'refresh' | 'reconcile'): Promise<ConfirmationOutcome> {
    let invoice = await this.repo.findInvoiceByTrackingId(orderTrackingId);
    if (!invoice && merchantRef) {
      // the order was created but its tracking id not yet stored (crash or race after SubmitOrderRequest)
      const byRef = await this.repo.findInvoiceByReference(merchantRef);
      if (byRef && byRef.orderTrackingId === null) invoice = byRef;
    }
    if (!invoice) {
      this.logger.warn({ orderTrackingId, source }, 'Pesapal notification for an unknown order');
      return 'unknown';
    }
    if (invoice.status === 'waived' || invoice.status === 'rejected' || invoice.status === 'reversed')
      return invoice.status === 'reversed' ? 'reversed' : invoice.status === 'rejected' ? 'rejected' : 'paid';
    if (invoice.status === 'paid' && source !== 'ipn') return 'paid'; // only an IPN can announce a reversal

    let status: PesapalTransactionStatus;
    try {
      status = await this.pesapal.getTransactionStatus(orderTrackingId);
    } catch (err) {
      this.logger.warn({ err, orderTrackingId, source }, 'GetTransactionStatus failed');
      return 'unavailable';
    }
    if (status.state === 'pending') return invoice.status === 'paid' ? 'paid' : 'pending';

    const invoiceId = invoice.id;
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.repo.findInvoiceForUpdate(manager, invoiceId);
      if (!locked) return 'unknown';
      const now = this.clock.now();
      if (status.state === 'completed') {
        if (locked.status === 'paid') return 'paid';
        if (!(locked.status === 'pending' || locked.status === 'failed' || locked.status === 'expired')) return locked.status === 'reversed' ? 'reversed' : 'rejected';
        const mismatch = paymentMismatch(locked, status);
        if (mismatch) {
          await this.repo.updateInvoice(locked.id, { status: 'rejected', orderTrackingId, failureReason: mismatch.slice(0, 300), confirmationCode: status.confirmationCode }, manager);
          await this.audit.record(
            {
              action: 'subscription.payment_mismatch',
              providerId: locked.providerId,
              target: { type: 'subscription_invoice', id: locked.id },
              metadata: { reason: mismatch, orderTrackingId, source },
            },
            manager,
          );
          this.logger.error({ invoiceId: locked.id, orderTrackingId }, `Pesapal payment refused: ${mismatch}`);
          return 'rejected';
        }
        const sub = await this.repo.findByIdForUpdate(manager, locked.subscriptionId);
        if (!sub) return 'unknown';
        const next = transition(stateOf(sub), { type: 'paid', period: locked.period, periods: locked.periods }, now);
        await this.repo.updateSubscription(manager, sub.id, { ...next, planId: locked.planId });
        await this.repo.updateInvoice(
          locked.id,
          {
            status: 'paid',
            orderTrackingId,
            paidAt: now,
            periodStart: next.currentPeriodStart,
            periodEnd: next.currentPeriodEnd,
            paymentMethod: status.paymentMethod?.slice(0, 40) ?? null,
            confirmationCode: status.confirmationCode?.slice(0, 64) ?? null,
            failureReason: null,
          },
          manager,
        );
        await this.repo.notify(manager, {
          providerId: locked.providerId,
          kind: 'subscription.paid',
          level: 'info',
          title: 'Payment received',
          body: `Thank you: ${formatMoney(locked.amountMinor, locked.currency)} for ${locked.planName}. Your subscription runs until ${nairobiDate(next.currentPeriodEnd)}.`,
          dedupeKey: `paid:${locked.id}`,
        });
        await this.emailReceipt(manager, { ...locked, paidAt: now, periodStart: next.currentPeriodStart, periodEnd: next.currentPeriodEnd }, status, orderTrackingId);
        await this.audit.record(
          {
            action: 'subscription.paid',
            providerId: locked.providerId,
            target: { type: 'subscription_invoice', id: locked.id },
            metadata: { orderTrackingId, source, from: sub.status, periodEnd: next.currentPeriodEnd.toISOString() },
          },
          manager,
        );
        return 'paid';
      }
      if (status.state === 'failed') {
        if (locked.status !== 'pending' && locked.status !== 'expired') return locked.status === 'paid' ? 'paid' : 'failed';
        await this.repo.updateInvoice(locked.id, { status: 'failed', orderTrackingId, failureReason: (status.description || 'The payment failed').slice(0, 300) }, manager);
        return 'failed';
      }
      // reversed
      if (locked.status !== 'paid') return locked.status === 'reversed' ? 'reversed' : 'failed';
      await this.repo.updateInvoice(locked.id, { status: 'reversed', failureReason: 'The payment was reversed' }, manager);
      await this.repo.notify(manager, {
        providerId: locked.providerId,
        kind: 'subscription.reversed',
        level: 'critical',
        title: 'Payment reversed',
        body: `Your payment ${locked.merchantReference} was reversed. Please contact Wavu support.`,
        dedupeKey: `reversed:${locked.id}`,
      });
      await this.audit.record(
        { action: 'subscription.payment_reversed', providerId: locked.providerId, target: { type: 'subscription_invoice', id: locked.id }, metadata: { orderTrackingId } },
        manager,
      );
      return 'reversed';
    });
  }

  /**
   * The owner's receipt e-mail, queued in the transaction that marks the invoice paid. The invoice
   * is paid once (its row is locked and re-read), and the idempotency key
   * `subscription_receipt:<invoice id>` keeps it to one e-mail even so.
   */
  private async emailReceipt(
    manager: EntityManager,
    invoice: SubscriptionInvoice & { paidAt: Date; periodStart: Date; periodEnd: Date },
    status: PesapalTransactionStatus,
    orderTrackingId: string,
  ): Promise<void> {
    const owner = await this.users.findOwner(invoice.providerId, manager);
    if (!owner?.isActive) return;
    await this.messages.enqueue(manager, {
      channel: 'email',
      to: owner.email,
      template: 'subscription_receipt',
      params: {
        name: owner.name,
        planName: invoice.planName,
        period: invoice.period,
        amountMinor: invoice.amountMinor,
        currency: invoice.currency,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        paidAt: invoice.paidAt,
        paymentMethod: status.paymentMethod,
        pesapalReference: status.confirmationCode ?? orderTrackingId,
        reference: invoice.merchantReference,
        link: `${this.config.http.publicUrl.replace(/\/+$/, '')}/app/subscription`,
      },
      idempotencyKey: `subscription_receipt:${invoice.id}`,
      providerId: invoice.providerId,
    });
  }

  /** Pending orders older than 5 minutes are re-checked with Pesapal; after 7 days they expire. */
  async reconcilePending(now: Date = this.clock.now()): Promise<{ checked: number; paid: number; failed: number; expired: number }> {
    const counts = { checked: 0, paid: 0, failed: 0, expired: 0 };
    for (const invoice of await this.repo.pendingOrders(new Date(now.getTime() - RECONCILE_AFTER_MS), 200)) {
      counts.checked++;
      const outcome = await this.confirm(invoice.orderTrackingId!, invoice.merchantReference, 'reconcile');
      if (outcome === 'paid') counts.paid++;
      if (outcome === 'failed') counts.failed++;
    }
    counts.expired = await this.repo.expirePendingBefore(new Date(now.getTime() - PENDING_EXPIRY_MS));
    return counts;
  }
}

/** Why a completed payment must not activate, or null when it matches the invoice. */
export function paymentMismatch(
  invoice: Pick<SubscriptionInvoice, 'amountMinor' | 'currency' | 'merchantReference'>,
  status: Pick<PesapalTransactionStatus, 'amountMinor' | 'currency' | 'merchantReference'>,
): string | null {
  if (status.merchantReference !== null && status.merchantReference !== invoice.merchantReference) {
    return `merchant reference ${status.merchantReference} does not match ${invoice.merchantReference}`;
  }
  if ((status.currency ?? '').toUpperCase() !== invoice.currency.toUpperCase()) return `paid in ${status.currency ?? 'no currency'}, invoiced in ${invoice.currency}`;
  if (status.amountMinor !== invoice.amountMinor) return `paid ${status.amountMinor} minor units, invoiced ${invoice.amountMinor}`;
  return null;
}

/** DTO instances carry declared-but-absent keys as undefined; the parsers want only what was sent. */
function definedOnly(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
}

function parseNotification(parse: () => PesapalNotification): PesapalNotification {
  try {
    return parse();
  } catch (err) {
    const message = err instanceof Error ? err.message : 'invalid notification';
    throw CommonException.validation([{ field: 'OrderTrackingId', messages: [message] }]);
  }
}
