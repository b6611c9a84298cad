import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { CashSaleNote, CashSaleSelection, VoucherSalesService } from '../vouchers';
import { CASH_SALE_LISTED, CashSaleResultDto, CashSaleVoucherDto, CreateCashSaleDto } from './dto/cash-sale.dto';
import { LedgerRepository } from './ledger.repository';

/**
 * Cash sales of printed vouchers (docs/cash-sales.md): the vouchers module locks and marks the
 * vouchers, this writes their ledger rows (method cash, commission 0, net = gross) and one audit
 * entry, all in one transaction.
 */
@Injectable()
export class CashSalesService implements OnModuleInit {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly sales: VoucherSalesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // complimentary vouchers (docs/routers.md) are in the ledger as method comp with 0 revenue
    this.sales.onComplimentary((manager, providerId, v, at) =>
      this.ledger.insertComplimentaryEntry(manager, providerId, at, { voucherId: v.id, currency: v.currency, planId: v.planId, planName: v.planName, routerId: v.routerId }),
    );
  }

  async record(providerId: string, dto: CreateCashSaleDto, actor: Principal, context: RequestContext): Promise<CashSaleResultDto> {
    const selection = selectionOf(dto);
    const now = this.clock.now();
    const soldAt = dto.soldAt ? new Date(dto.soldAt) : now;
    if (soldAt.getTime() > now.getTime()) throw CommonException.validation([{ field: 'soldAt', messages: ['soldAt must not be in the future'] }]);
    return inTransaction(this.dataSource, async (manager) => {
      const vouchers = await this.sales.sellForCash(manager, providerId, selection, soldAt);
      const written = await this.ledger.insertCashEntries(
        manager,
        providerId,
        soldAt,
        // a reseller's card is the reseller's sale, at the reseller price (docs/resellers.md)
        vouchers.recorded.map((v) => ({
          voucherId: v.id,
          grossMinor: v.resellerPriceMinor ?? v.priceMinor,
          currency: v.currency,
          planId: v.planId,
          planName: v.planName,
          routerId: v.routerId,
          resellerId: v.resellerId,
        })),
      );
      const recorded = vouchers.recorded.filter((v) => written.has(v.id));
      // a cash row already there (only if a voucher lost its sale key): still one row, reported as skipped
      const skipped: CashSaleNote[] = [
        ...vouchers.skipped,
        ...vouchers.recorded
          .filter((v) => !written.has(v.id))
          .map((v) => ({ id: v.id, code: v.code, batchSeq: null, status: 'sold' as const, reason: v.resellerId ? ('reseller' as const) : ('cash' as const) })),
      ];
      const amounts = new Map<string, number>();
      for (const v of recorded) amounts.set(v.currency, (amounts.get(v.currency) ?? 0) + (v.resellerPriceMinor ?? v.priceMinor));
      const named = recorded.length + skipped.length + vouchers.refused.length;
      await this.audit.record(
        {
          action: 'payments.cash_sale_recorded',
          actor,
          providerId,
          target: 'batchId' in selection ? { type: 'voucher_batch', id: selection.batchId } : named === 1 ? { type: 'voucher', id: [...recorded, ...skipped, ...vouchers.refused][0].id } : undefined,
          context,
          metadata: {
            by: 'batchId' in selection ? (dto.fromSeq || dto.toSeq ? 'cards of a batch' : 'whole batch') : 'codes' in selection ? 'typed or scanned codes' : 'chosen vouchers',
            fromSeq: dto.fromSeq ?? null,
            toSeq: dto.toSeq ?? null,
            named,
            recordedCash: recorded.filter((v) => !v.resellerId).length,
            recordedReseller: recorded.filter((v) => v.resellerId).length,
            alreadyRecorded: skipped.length,
            refused: vouchers.refused.length,
            amountMinor: [...amounts.values()].reduce((a, b) => a + b, 0),
            soldAt: dto.soldAt ? soldAt.toISOString() : null,
          },
        },
        manager,
      );
      return {
        named,
        recorded: recorded.length,
        recordedAmounts: [...amounts.entries()].map(([currency, amountMinor]) => ({ currency, amountMinor })),
        notOnRouters: recorded.filter((v) => !v.onRouters).length,
        soldAt: soldAt.toISOString(),
        skippedCount: skipped.length,
        refusedCount: vouchers.refused.length,
        skipped: skipped.slice(0, CASH_SALE_LISTED).map(mapNote),
        refused: vouchers.refused.slice(0, CASH_SALE_LISTED).map(mapNote),
      };
    });
  }
}

/** Exactly one way of naming the vouchers. */
export function selectionOf(dto: CreateCashSaleDto): CashSaleSelection {
  const given = (['voucherIds', 'codes', 'batchId'] as const).filter((k) => dto[k] !== undefined && dto[k] !== null);
  if (given.length !== 1) {
    const fields = given.length ? given : ['voucherIds', 'codes', 'batchId'];
    throw CommonException.validation(fields.map((field) => ({ field, messages: ['name the vouchers in exactly one way: voucherIds, codes or batchId'] })));
  }
  if (given[0] !== 'batchId' && (dto.fromSeq !== undefined || dto.toSeq !== undefined)) {
    throw CommonException.validation([{ field: dto.fromSeq !== undefined ? 'fromSeq' : 'toSeq', messages: ['a range of cards needs batchId'] }]);
  }
  if (dto.voucherIds) return { voucherIds: dto.voucherIds };
  if (dto.codes) return { codes: dto.codes };
  return { batchId: dto.batchId!, fromSeq: dto.fromSeq ?? null, toSeq: dto.toSeq ?? null };
}

function mapNote(n: CashSaleNote): CashSaleVoucherDto {
  return { id: n.id, code: n.code, batchSeq: n.batchSeq, status: n.status, reason: n.reason };
}
