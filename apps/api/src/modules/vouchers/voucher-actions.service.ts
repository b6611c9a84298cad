import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { PlansService } from '../plans';
import { CustomerSmsService, SmsQueuedDto } from '../sms';
import { ProvisioningOpInput } from '../routers';
import { BulkVoucherActionDto, BulkVoucherResultDto, mapVoucher, VoucherDto } from './dto/voucher.dto';
import { Voucher } from './entities/voucher.entity';
import { extendValidity } from './voucher-expiry';
import { VoucherRouters } from './voucher-routers';
import { assertActionAllowed, nextVoucherStatus } from './voucher-status';
import { VoucherErrorCode, VoucherException } from './vouchers.exception';
import { VouchersRepository } from './vouchers.repository';

/**
 * What staff do to one voucher from the dashboard: push, disable, enable, refund, transfer, extend
 * (and disable/enable in bulk). Each is one transaction: the voucher locked, its change, the router
 * ops through the outbox and the audit entry.
 */
@Injectable()
export class VoucherActionsService {
  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly plans: PlansService,
    private readonly routers: VoucherRouters,
    private readonly audit: AuditService,
    private readonly customerSms: CustomerSmsService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Puts the voucher (and its plan's profile) on its routers through the outbox: a printed card that was never pushed, or one a router lost. */
  push(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.pushed', actor, context, async (manager, v, now) => {
      assertActionAllowed(v.status, 'push');
      const plan = await this.routers.planOf(manager, v);
      const routerIds = await this.routers.routerIdsFor(providerId, v.routerId, plan, manager);
      if (routerIds.length === 0) throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'No router offers this voucher’s plan, so there is nothing to push to');
      return { changes: { pushedAt: v.pushedAt ?? now }, ops: this.routers.upsertOps(routerIds, plan, v), metadata: { routers: routerIds.length } };
    });
  }

  disable(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.disabled', actor, context, async (manager, v, now) => {
      const status = nextVoucherStatus(v.status, 'disable');
      const changes: Partial<Voucher> = { status, statusBeforeDisable: v.status, disabledAt: now };
      const ops = v.pushedAt ? this.routers.simpleOps(await this.routers.routerIdsOf(manager, v), 'disable_user', v.code) : [];
      return { changes, ops, metadata: { from: v.status } };
    });
  }

  enable(providerId: string, id: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.enabled', actor, context, async (manager, v) => {
      const status = nextVoucherStatus(v.status, 'enable', v.statusBeforeDisable);
      const changes: Partial<Voucher> = { status, statusBeforeDisable: null, disabledAt: null };
      const ops = v.pushedAt ? this.routers.simpleOps(await this.routers.routerIdsOf(manager, v), 'enable_user', v.code) : [];
      return { changes, ops, metadata: { to: status } };
    });
  }

  /** Marks refunded, records the reason and takes the user off its routers (`metadata`: the caller's refund details for the audit entry). */
  refund(providerId: string, id: string, reason: string, actor: Principal | null, context?: RequestContext, manager?: EntityManager, metadata: Record<string, unknown> = {}): Promise<VoucherDto> {
    return this.change(
      providerId,
      id,
      'voucher.refunded',
      actor,
      context,
      async (m, v, now) => {
        const status = nextVoucherStatus(v.status, 'refund');
        const changes: Partial<Voucher> = { status, refundedAt: now, refundReason: reason };
        const ops = v.pushedAt ? this.routers.simpleOps(await this.routers.routerIdsOf(m, v), 'remove_user', v.code) : [];
        return { changes, ops, metadata: { reason, ...metadata } };
      },
      manager,
    );
  }

  /** Moves the voucher to another router offering its plan (off the old ones, onto the new one). */
  transfer(providerId: string, id: string, routerId: string, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.transferred', actor, context, async (manager, v) => {
      assertActionAllowed(v.status, 'transfer');
      await this.routers.api.requireRouters(providerId, [routerId], manager);
      const plan = await this.routers.planOf(manager, v);
      if (plan && !(await this.plans.routerIdsFor(plan, manager)).includes(routerId)) {
        throw new VoucherException(VoucherErrorCode.VOUCHER_PLAN_NOT_ON_ROUTER, 'That router does not offer this voucher’s plan', [
          { field: 'routerId', messages: ['the plan is not offered on this router'] },
        ]);
      }
      const ops: ProvisioningOpInput[] = [];
      if (v.pushedAt) {
        const old = (await this.routers.routerIdsOf(manager, v)).filter((r) => r !== routerId);
        ops.push(...this.routers.simpleOps(old, 'remove_user', v.code), ...this.routers.upsertOps([routerId], plan, v));
      }
      return { changes: { routerId }, ops, metadata: { from: v.routerId, to: routerId } };
    });
  }

  /** Adds validity (platform-side wall clock; the router limits are unchanged). */
  extend(providerId: string, id: string, seconds: number, actor: Principal | null, context?: RequestContext): Promise<VoucherDto> {
    return this.change(providerId, id, 'voucher.extended', actor, context, async (_manager, v, now) => {
      assertActionAllowed(v.status, 'extend');
      const next = extendValidity(v.expiresAt, v.validitySeconds, seconds, now);
      return { changes: next, ops: [], metadata: { seconds, from: v.expiresAt?.toISOString() ?? null, to: next.expiresAt?.toISOString() ?? null } };
    });
  }

  async bulk(providerId: string, dto: BulkVoucherActionDto, actor: Principal, context: RequestContext): Promise<BulkVoucherResultDto> {
    const result: BulkVoucherResultDto = { succeeded: [], failed: [] };
    for (const id of [...new Set(dto.ids)]) {
      try {
        if (dto.action === 'disable') await this.disable(providerId, id, actor, context);
        else await this.enable(providerId, id, actor, context);
        result.succeeded.push(id);
      } catch (error) {
        if (!(error instanceof VoucherException)) throw error;
        result.failed.push({ id, code: error.code, message: error.message });
      }
    }
    return result;
  }

  /** "Resend to buyer": texts the code to the phone that bought it (rate limited and audited by the SMS module). */
  async resendSms(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<SmsQueuedDto> {
    const voucher = await this.vouchers.findById(providerId, id);
    if (!voucher) throw VoucherException.notFound();
    assertActionAllowed(voucher.status, 'resend_sms');
    return this.customerSms.resendVoucher(providerId, voucher.buyerPhone, { id: voucher.id, code: voucher.code, password: voucher.password, planName: voucher.planName }, actor, context);
  }

  /** Locks the voucher, applies `work`'s changes and router ops, audits — one transaction. */
  private async change(
    providerId: string,
    id: string,
    action: string,
    actor: Principal | null,
    context: RequestContext | undefined,
    work: (manager: EntityManager, v: Voucher, now: Date) => Promise<{ changes: Partial<Voucher>; ops: ProvisioningOpInput[]; metadata?: Record<string, unknown> }>,
    outer?: EntityManager,
  ): Promise<VoucherDto> {
    const run = async (manager: EntityManager) => {
      const voucher = await this.vouchers.findByIdForUpdate(manager, providerId, id);
      if (!voucher) throw VoucherException.notFound();
      const { changes, ops, metadata } = await work(manager, voucher, this.clock.now());
      await this.vouchers.update(manager, providerId, id, changes);
      await this.routers.enqueue(manager, providerId, ops);
      await this.audit.record({ action, actor, providerId, target: { type: 'voucher', id }, context, metadata: { code: voucher.code, ...metadata } }, manager);
      return (await this.vouchers.findById(providerId, id, manager))!;
    };
    const updated = outer ? await run(outer) : await inTransaction(this.dataSource, run);
    return mapVoucher(updated);
  }
}
