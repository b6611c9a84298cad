import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { inTransaction } from '../../database/transaction';
import { PlansService } from '../plans';
import { UsageReport } from '../routers';
import { Voucher } from './entities/voucher.entity';
import { expiryAtFirstLogin, expiryAtSale, isExhausted } from './voucher-expiry';
import { resellerSaleKey } from './voucher-cash';
import { VoucherRouters } from './voucher-routers';
import type { ResellerCardSold } from './voucher-sales.service';
import { VoucherSalesService } from './voucher-sales.service';
import { nextVoucherStatus } from './voucher-status';
import { ExpiredVoucherRow, UsageCounters, VouchersRepository } from './vouchers.repository';

export interface ExpiryRunCounts {
  [key: string]: number;
  expired: number;
  removalsQueued: number;
}

const EXPIRY_CHUNK = 5000;

/**
 * Time and use: the expiry job (vouchers due at `now`) and the routers' usage reports (first
 * login starts the usage windows, an exhausted voucher expires); both queue the removal of the
 * hotspot users.
 */
@Injectable()
export class VoucherUsageService implements OnModuleInit {
  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly plans: PlansService,
    private readonly routers: VoucherRouters,
    private readonly clock: Clock,
    private readonly sales: VoucherSalesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.routers.api.onUsage(async (report) => {
      await this.applyUsage(report);
    });
  }

  /**
   * Expires every voucher due at `now` through the due-index, in chunks (one transaction
   * each), and queues the removal of those that are on routers. Idempotent.
   */
  async expireDue(now: Date = this.clock.now()): Promise<ExpiryRunCounts> {
    const counts: ExpiryRunCounts = { expired: 0, removalsQueued: 0 };
    for (;;) {
      const n = await inTransaction(this.dataSource, async (manager) => {
        const rows = await this.vouchers.expireDue(manager, now, EXPIRY_CHUNK);
        counts.expired += rows.length;
        counts.removalsQueued += await this.queueRemovals(manager, rows);
        return rows.length;
      });
      if (n < EXPIRY_CHUNK) break;
    }
    return counts;
  }

  /**
   * Usage sync: first login (→ in_use, usage windows start) and exhaustion (→ expired, removed).
   * A reseller's unsold card that logs in is sold then: it gets its sale key and payments writes
   * its ledger row (method reseller, at the reseller price) in this same transaction.
   */
  async applyUsage(report: UsageReport): Promise<{ updated: number; firstLogins: number; exhausted: number }> {
    const byId = new Map<string, UsageReport['users'][number]>();
    for (const user of report.users) {
      const match = /^wavu:([0-9a-f-]{36})$/i.exec(user.comment ?? '');
      if (match) byId.set(match[1].toLowerCase(), user);
    }
    const result = { updated: 0, firstLogins: 0, exhausted: 0 };
    if (byId.size === 0) return result;
    await inTransaction(this.dataSource, async (manager) => {
      const vouchers = await this.vouchers.findForUsage(manager, report.providerId, [...byId.keys()]);
      const resellerSold: ResellerCardSold[] = [];
      // most reports only move the counters of vouchers already in use: those go in one statement
      const counters: UsageCounters[] = [];
      for (const v of vouchers) {
        const usage = byId.get(v.id)!;
        const bytes = usage.bytesIn + usage.bytesOut;
        const changes: Partial<Voucher> = {
          uptimeUsedSeconds: Math.max(v.uptimeUsedSeconds, usage.uptimeSeconds),
          bytesUsed: Math.max(v.bytesUsed, bytes),
        };
        let status = v.status;
        const used = usage.active || usage.uptimeSeconds > 0 || bytes > 0;
        if (used && !v.firstLoginAt && (status === 'available' || status === 'sold')) {
          if (status === 'available') {
            // a printed card sold offline: its first login is its sale
            status = nextVoucherStatus(status, 'sell');
            changes.soldAt = report.at;
            changes.expiresAt = expiryAtSale(v, report.at);
            if (v.resellerId && v.resellerPriceMinor !== null && v.saleKey === null && v.paymentId === null && this.sales.recordsResellerSales()) {
              changes.saleKey = resellerSaleKey(v.id);
              resellerSold.push({ id: v.id, resellerId: v.resellerId, resellerPriceMinor: v.resellerPriceMinor, currency: v.currency, planId: v.planId, planName: v.planName, routerId: v.routerId });
            }
          }
          status = nextVoucherStatus(status, 'first_login');
          changes.firstLoginAt = report.at;
          changes.expiresAt = expiryAtFirstLogin(v, changes.expiresAt !== undefined ? changes.expiresAt : v.expiresAt, report.at);
          result.firstLogins++;
        }
        if (status === 'in_use' && isExhausted(v, { uptimeSeconds: changes.uptimeUsedSeconds!, bytes: changes.bytesUsed!, limitReached: usage.limitReached })) {
          status = nextVoucherStatus(status, 'expire');
          changes.expiredAt = report.at;
          result.exhausted++;
          const routerIds = await this.routers.routerIdsOf(manager, v);
          await this.routers.enqueue(manager, v.providerId, this.routers.simpleOps(routerIds.includes(report.routerId) ? routerIds : [...routerIds, report.routerId], 'remove_user', v.code));
        }
        if (status !== v.status || Object.keys(changes).some((k) => k !== 'uptimeUsedSeconds' && k !== 'bytesUsed')) {
          changes.status = status;
          await this.vouchers.update(manager, v.providerId, v.id, changes);
          result.updated++;
        } else if (changes.uptimeUsedSeconds !== v.uptimeUsedSeconds || changes.bytesUsed !== v.bytesUsed) {
          counters.push({ id: v.id, uptimeUsedSeconds: changes.uptimeUsedSeconds!, bytesUsed: changes.bytesUsed! });
          result.updated++;
        } // else nothing new since the last sync: no write
      }
      await this.vouchers.updateUsageCounters(manager, report.providerId, counters);
      await this.sales.resellerCardsSold(manager, report.providerId, resellerSold, report.at);
    });
    return result;
  }

  /** remove_user for each expired voucher that was put on routers. */
  private async queueRemovals(manager: EntityManager, rows: ExpiredVoucherRow[]): Promise<number> {
    const onRouters = rows.filter((r) => r.pushedAt);
    let queued = 0;
    const byProvider = new Map<string, typeof onRouters>();
    for (const row of onRouters) byProvider.set(row.providerId, [...(byProvider.get(row.providerId) ?? []), row]);
    for (const [providerId, list] of byProvider) {
      const needPlans = [...new Set(list.filter((r) => !r.routerId).map((r) => r.planId))];
      const planRouters = await this.plans.routerIdsByPlan(providerId, await this.plans.getSnapshots(providerId, needPlans, manager), manager);
      const ops = list.flatMap((r) => this.routers.simpleOps(r.routerId ? [r.routerId] : (planRouters.get(r.planId) ?? []), 'remove_user', r.code));
      await this.routers.enqueue(manager, providerId, ops);
      queued += ops.length;
    }
    return queued;
  }
}
