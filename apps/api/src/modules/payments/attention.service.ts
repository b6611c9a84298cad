import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { mapPage, Page } from '../../common/pagination/page';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { IssuedVoucher, VouchersService } from '../vouchers';
import { AttentionException, AttentionErrorCode } from './attention.exception';
import { AttentionRepository, AttentionScope } from './attention.repository';
import {
  AttentionCountDto,
  AttentionItemDto,
  CreateClaimDto,
  DismissAttentionDto,
  IssueAttentionVoucherDto,
  IssuedAttentionDto,
  ListAttentionQueryDto,
  mapAttentionItem,
  RefundDueDto,
} from './dto/attention.dto';
import { AttentionItem, AttentionKind, AttentionState } from './entities/attention-item.entity';
import { PaymentException } from './payments.exception';
import { PaymentSettingsService } from './payment-settings.service';
import { PaymentsRepository } from './payments.repository';
import { SettlementService } from './settlement.service';

/** A new Needs attention item, as the alerts module words it. */
export interface AttentionAlertItem {
  id: string;
  providerId: string;
  kind: AttentionKind;
  reason: string;
  amountMinor: number;
  currency: string;
  receipt: string | null;
  createdAt: Date;
}

/**
 * The Needs attention queue (docs/payments-reconciliation.md "Needs attention"): money that did
 * not become a voucher by itself, and its three resolutions — issue the voucher (through the one
 * settlement path, exactly once), mark a refund due, dismiss with a reason. Every resolution is
 * audited and kept on the item.
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly repo: AttentionRepository,
    private readonly payments: PaymentsRepository,
    private readonly settlement: SettlementService,
    private readonly vouchers: VouchersService,
    private readonly settings: PaymentSettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(scope: AttentionScope, query: ListAttentionQueryDto): Promise<Page<AttentionItemDto>> {
    await this.repo.collect(scope.providerId ?? null);
    return mapPage(await this.repo.list(scope, { state: query.state, kind: query.kind }, query), mapAttentionItem);
  }

  async count(scope: AttentionScope): Promise<AttentionCountDto> {
    await this.repo.collect(scope.providerId ?? null);
    return { open: await this.repo.countOpen(scope) };
  }

  /**
   * For the alerts module (docs/alerts.md): collects what is missing from the queue (every
   * provider), then answers the open items that joined it after `since`, oldest first.
   */
  async newItemsSince(since: Date, limit = 1000): Promise<AttentionAlertItem[]> {
    await this.repo.collect(null);
    return (await this.repo.openCreatedSince(since, limit)).map((a) => ({
      id: a.id,
      providerId: a.providerId!,
      kind: a.kind,
      reason: a.reason,
      amountMinor: a.amountMinor,
      currency: a.currency,
      receipt: a.receipt,
      createdAt: a.createdAt,
    }));
  }

  async get(scope: AttentionScope, id: string): Promise<AttentionItemDto> {
    const item = await this.repo.find(scope, id);
    if (!item) throw AttentionException.notFound();
    return mapAttentionItem(item);
  }

  /**
   * The provider raises an expired push the customer says they paid (an M-Pesa SMS shown at the
   * counter, a call): it joins the queue, where "issue the voucher" settles it like any other.
   */
  async claim(providerId: string, dto: CreateClaimDto, actor: Principal, context: RequestContext): Promise<AttentionItemDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const payment = await this.payments.findPaymentForUpdate(manager, providerId, dto.paymentId);
      if (!payment) throw PaymentException.notFound();
      if (payment.source !== 'stk' || payment.status !== 'expired') {
        throw new AttentionException(AttentionErrorCode.ATTENTION_CLAIM_NOT_EXPIRED, `Only an expired M-Pesa push can be claimed as paid (this one is ${payment.status})`);
      }
      const id = await this.repo.insertClaim(manager, {
        providerId,
        paymentId: payment.id,
        reason: `customer says they paid: ${dto.reason}`.slice(0, 300),
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        receipt: payment.receipt,
        reference: payment.paymentReference,
        phoneMasked: payment.phoneMasked,
        occurredAt: payment.createdAt,
      });
      if (!id) throw new AttentionException(AttentionErrorCode.ATTENTION_ALREADY_RESOLVED, 'This payment is already in Needs attention');
      await this.audit.record(
        { action: 'payments.attention_claimed', actor, providerId, target: { type: 'attention_item', id }, context, metadata: { amountMinor: payment.amountMinor, reason: dto.reason } },
        manager,
      );
      return mapAttentionItem((await this.repo.find({ providerId }, id, manager))!);
    });
  }

  /**
   * Issues the voucher the money paid for through SettlementService.settle (voucher sold or issued,
   * ledger entry, provisioning queued) with `settledVia: 'manual'`. The item row is locked first:
   * a second request at the same time waits, then finds it resolved (409) — one voucher, one
   * ledger entry. A payment settled meanwhile by another path is not settled again.
   */
  async issueVoucher(scope: AttentionScope, id: string, actor: Principal, context: RequestContext, choice: IssueAttentionVoucherDto = {}): Promise<IssuedAttentionDto> {
    if (choice.paymentId && choice.reference) throw AttentionException.choiceInvalid('reference', 'Choose a purchase or a payment reference, not both');
    if (choice.paymentId || choice.reference) return this.issueForChoice(scope, id, choice, actor, context);
    return inTransaction(this.dataSource, async (manager) => {
      const item = await this.open(manager, scope, id);
      if (!item.paymentId || !item.providerId)
        throw AttentionException.cannotIssue('No purchase is known for this money (no plan): choose the purchase or payment reference it paid for, mark a refund due or dismiss it');
      const payment = (await this.payments.findPaymentForUpdate(manager, item.providerId, item.paymentId))!;
      if (payment.status === 'paid') throw AttentionException.cannotIssue('This payment was settled meanwhile: its voucher is already issued; dismiss the item');
      if (await this.repo.receiptCountedElsewhere(manager, payment.id)) {
        throw AttentionException.cannotIssue('This M-Pesa receipt is already counted by another payment: issuing would count the same money twice; dismiss the item');
      }
      const now = this.clock.now();
      const voucher = await this.settlement.settle(manager, payment, { receipt: payment.receipt, buyerPhone: payment.phone, now, via: 'manual' });
      // rolls the whole settlement back: nothing is recorded as paid without a voucher
      if (!voucher) throw AttentionException.cannotIssue('No voucher of this plan could be issued (plan archived or no router): nothing was changed');
      await this.resolve(manager, item, 'voucher_issued', null, actor, now, voucher.id);
      await this.audit.record(
        {
          action: 'payments.attention_voucher_issued',
          actor,
          providerId: item.providerId,
          target: { type: 'attention_item', id },
          context,
          metadata: { amountMinor: item.amountMinor, receipt: item.receipt, voucherId: voucher.id },
        },
        manager,
      );
      return { ...mapAttentionItem((await this.repo.find(scope, id, manager))!), voucherCode: voucher.code };
    });
  }

  /**
   * Super admin: C2B money that reached no purchase by itself (no account number matched one open
   * purchase, an unknown or mistyped reference) is issued for what the admin found it paid for: an
   * unpaid STK purchase of that amount on the same shortcode, or an available voucher at that price
   * (for money on the platform's shortcode, of a provider collecting through the platform). It
   * settles through the normal path with the money's receipt, exactly once (item lock, receipt
   * check), `settledVia: 'manual'`.
   */
  private issueForChoice(scope: AttentionScope, id: string, choice: IssueAttentionVoucherDto, actor: Principal, context: RequestContext): Promise<IssuedAttentionDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const item = await this.open(manager, scope, id);
      if (item.paymentId || item.kind !== 'unmatched_c2b' || !item.webhookLogId || !item.receipt) {
        throw AttentionException.cannotIssue('Only unmatched C2B money is issued for a chosen purchase; this item already names its payment');
      }
      const shortcode = await this.repo.shortcodeOfLog(manager, item.webhookLogId);
      if (!shortcode) throw AttentionException.cannotIssue('The callback this money came with is gone (older than the log retention)');
      if (await this.payments.findPaymentByReceipt(manager, shortcode, item.receipt)) {
        throw AttentionException.cannotIssue('This M-Pesa receipt is already counted by a payment: issuing would count the same money twice; dismiss the item');
      }
      // money on the platform's shortcode belongs to providers collecting through it; a provider's own money stays its own
      const platformMoney = item.providerId === null;
      const now = this.clock.now();
      let voucher: IssuedVoucher | null;
      let providerId: string;
      if (choice.paymentId) {
        await this.payments.lockStkForPayment(manager, choice.paymentId);
        const payment = await this.payments.lockPaymentAnyProvider(manager, choice.paymentId);
        if (!payment || (!platformMoney && payment.providerId !== item.providerId)) throw AttentionException.choiceInvalid('paymentId', 'No such purchase');
        if (payment.source !== 'stk' || payment.shortcode !== shortcode || (platformMoney && payment.collectionMode !== 'platform')) {
          throw AttentionException.choiceInvalid('paymentId', 'That purchase was not made on the shortcode this money arrived on');
        }
        if (payment.status === 'paid' || payment.status === 'flagged') throw AttentionException.choiceInvalid('paymentId', `That purchase is ${payment.status} already`);
        if (payment.amountMinor !== item.amountMinor) throw AttentionException.choiceInvalid('paymentId', 'That purchase was for a different amount');
        providerId = payment.providerId;
        voucher = await this.settlement.settle(manager, payment, { receipt: item.receipt, buyerPhone: payment.phone, now, via: 'manual' });
      } else {
        const reference = choice.reference!.toUpperCase();
        const found = await this.vouchers.findByPaymentReferenceAnyProvider(reference, manager);
        if (!found || (!platformMoney && found.providerId !== item.providerId)) throw AttentionException.choiceInvalid('reference', 'No voucher has that payment reference');
        const settings = await this.settings.row(found.providerId, manager);
        if (platformMoney && settings.mode !== 'platform') throw AttentionException.choiceInvalid('reference', 'That voucher’s provider does not collect through the platform');
        if (found.status !== 'available') throw AttentionException.choiceInvalid('reference', `That voucher is ${found.status.replace('_', ' ')}, not available`);
        if (found.priceMinor !== item.amountMinor) throw AttentionException.choiceInvalid('reference', 'That voucher’s price differs from the money received');
        providerId = found.providerId;
        const recorded = await this.settlement.recordReferencePayment(manager, {
          providerId,
          voucher: found,
          collection: await this.settings.collectionOf(settings),
          shortcode,
          receipt: item.receipt,
          amountMinor: item.amountMinor,
          phoneMasked: item.phoneMasked,
          flag: null,
          via: 'manual',
          now,
        });
        voucher = recorded.voucher;
      }
      // rolls the whole settlement back: nothing is recorded as paid without a voucher
      if (!voucher) throw AttentionException.cannotIssue('No voucher of this plan could be issued (plan archived or no router): nothing was changed');
      await this.resolve(manager, item, 'voucher_issued', null, actor, now, voucher.id);
      await this.audit.record(
        {
          action: 'payments.attention_voucher_issued',
          actor,
          providerId,
          target: { type: 'attention_item', id },
          context,
          metadata: { amountMinor: item.amountMinor, receipt: item.receipt, voucherId: voucher.id, chosenPaymentId: choice.paymentId, chosenReference: choice.reference?.toUpperCase() },
        },
        manager,
      );
      return { ...mapAttentionItem((await this.repo.find(scope, id, manager))!), voucherCode: voucher.code };
    });
  }

  refundDue(scope: AttentionScope, id: string, dto: RefundDueDto, actor: Principal, context: RequestContext): Promise<AttentionItemDto> {
    return this.close(scope, id, { state: 'refund_due', reason: dto.note ?? null, action: 'payments.attention_refund_due' }, actor, context);
  }

  dismiss(scope: AttentionScope, id: string, dto: DismissAttentionDto, actor: Principal, context: RequestContext): Promise<AttentionItemDto> {
    return this.close(scope, id, { state: 'dismissed', reason: dto.reason, action: 'payments.attention_dismissed' }, actor, context);
  }

  /** Resolves an open item without issuing anything (refund due, dismissed), audited in the same transaction. */
  private close(
    scope: AttentionScope,
    id: string,
    how: { state: 'refund_due' | 'dismissed'; reason: string | null; action: string },
    actor: Principal,
    context: RequestContext,
  ): Promise<AttentionItemDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const item = await this.open(manager, scope, id);
      await this.resolve(manager, item, how.state, how.reason, actor, this.clock.now(), null);
      await this.audit.record(
        {
          action: how.action,
          actor,
          providerId: item.providerId,
          target: { type: 'attention_item', id },
          context,
          metadata: { amountMinor: item.amountMinor, receipt: item.receipt, reason: how.reason ?? undefined },
        },
        manager,
      );
      return mapAttentionItem((await this.repo.find(scope, id, manager))!);
    });
  }

  /** The item locked and still open; another tenant's id is a 404. */
  private async open(manager: EntityManager, scope: AttentionScope, id: string): Promise<AttentionItem> {
    const item = await this.repo.lock(manager, scope, id);
    if (!item) throw AttentionException.notFound();
    if (item.state !== 'open') throw AttentionException.alreadyResolved(item.state);
    return item;
  }

  private resolve(manager: EntityManager, item: AttentionItem, state: AttentionState, note: string | null, actor: Principal, now: Date, voucherId: string | null): Promise<void> {
    return this.repo.resolve(manager, item.id, { state, note, voucherId, resolvedByUserId: actor.userId, resolvedByEmail: actor.email, resolvedAt: now });
  }
}
