import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { formatMoney } from '../../common/money';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { VoucherDto, VoucherSalesService } from '../vouchers';
import { RefundVoucherDto } from './dto/refund.dto';
import { LedgerRepository } from './ledger.repository';
import { PaymentException } from './payments.exception';

const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';

/**
 * Refunds (docs/mpesa.md, Refunds): the voucher is refunded and each of its sales gets a reversing
 * ledger entry (gross, commission and net negated; the sale untouched), in one transaction. The
 * voucher row lock serialises concurrent refunds (the second one finds it refunded: 409), and
 * `uq_ledger_entries_reverses` makes a second reversal of a sale impossible whatever the path.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly vouchers: VoucherSalesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async refundVoucher(providerId: string, voucherId: string, dto: RefundVoucherDto, actor: Principal, context: RequestContext): Promise<VoucherDto> {
    const reference = dto.reference ?? null;
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const voucher = await this.vouchers.refund(manager, providerId, voucherId, dto.reason, actor, context, { method: dto.method, reference });
        // read after the voucher lock: a sale settling at the same moment is either seen here or the voucher was not sold yet
        const sales = await this.ledger.salesToRefund(manager, providerId, voucherId);
        const paid = sales.reduce((sum, s) => sum + s.grossMinor, 0);
        if (sales.length > 0 && dto.method === 'none') {
          throw CommonException.validation([
            {
              field: 'method',
              messages: [`this voucher was paid (${formatMoney(paid, sales[0].currency)}): say how the money went back (mpesa_reversal or cash); to stop it without a refund, disable it`],
            },
          ]);
        }
        if (dto.method === 'cash' && sales.some((s) => s.collectionMode === 'platform')) {
          throw CommonException.validation([{ field: 'method', messages: ['the platform collected this payment and holds the money: it goes back by M-Pesa reversal (mpesa_reversal)'] }]);
        }
        const now = this.clock.now();
        for (const sale of sales) {
          const refund = await this.ledger.insertRefund(manager, {
            providerId,
            paymentId: sale.paymentId,
            source: sale.source,
            collectionMode: sale.collectionMode,
            grossMinor: -sale.grossMinor,
            commissionRateBp: sale.commissionRateBp,
            commissionMinor: -sale.commissionMinor,
            netMinor: -sale.netMinor,
            currency: sale.currency,
            receipt: sale.receipt,
            phoneMasked: sale.phoneMasked,
            planId: sale.planId,
            planName: sale.planName,
            routerId: sale.routerId,
            voucherId: sale.voucherId,
            resellerId: sale.resellerId,
            reversesId: sale.id,
            refundMethod: dto.method,
            refundReference: reference,
            refundReason: dto.reason,
            occurredAt: now,
          });
          await this.audit.record(
            {
              action: 'payments.refund_recorded',
              actor,
              providerId,
              target: sale.paymentId ? { type: 'payment', id: sale.paymentId } : { type: 'voucher', id: voucherId }, // a cash sale has no payment
              context,
              metadata: {
                voucherId,
                ledgerEntryId: refund.id,
                method: dto.method,
                reference,
                source: sale.source,
                grossMinor: sale.grossMinor,
                commissionMinor: sale.commissionMinor,
                netMinor: sale.netMinor,
                collectionMode: sale.collectionMode,
              },
            },
            manager,
          );
        }
        return voucher;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw PaymentException.alreadyRefunded();
      throw err;
    }
  }
}
