import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { maskMsisdn } from '../../common/phone';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { RevealedPhoneDto } from './dto/revealed-phone.dto';
import { PaymentErrorCode, PaymentException } from './payments.exception';
import { CustomersRepository } from './customers.repository';

const PHONE_REVEALED = 'customer.phone_revealed';
/** Reveals per user per hour: enough to call back the day's problem payments, not to copy the customer list. */
export const PHONE_REVEAL_LIMIT = 30;
const PHONE_REVEAL_WINDOW_SECONDS = 3600;

/** "254712345678" → "0712 345 678". */
function dialable(msisdn: string): string {
  const local = msisdn.startsWith('254') ? '0' + msisdn.slice(3) : msisdn;
  return local.length === 10 ? `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}` : local;
}

/**
 * Shows the owner a buyer's full number (to call them back): every reveal is audited with who
 * and which buyer, and limited per user per hour (counted in the audit log, so every API
 * instance agrees). Lists and exports stay masked.
 */
@Injectable()
export class PhoneRevealService {
  constructor(
    private readonly repo: CustomersRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async ofCustomer(providerId: string, customerId: string, actor: Principal, context: RequestContext): Promise<RevealedPhoneDto> {
    const found = await this.repo.findCustomerPhone(providerId, customerId);
    if (!found) throw new PaymentException(PaymentErrorCode.CUSTOMER_NOT_FOUND, 'Customer not found');
    return this.reveal(providerId, { customerId, phone: found.phone }, { via: 'customer' }, actor, context);
  }

  async ofPayment(providerId: string, paymentId: string, actor: Principal, context: RequestContext): Promise<RevealedPhoneDto> {
    const found = await this.repo.findPaymentPhone(providerId, paymentId);
    if (!found) throw PaymentException.notFound();
    return this.reveal(providerId, { customerId: found.customerId, phone: found.phone }, { via: 'payment' }, actor, context);
  }

  private async reveal(providerId: string, buyer: { customerId: string | null; phone: string | null }, meta: { via: string }, actor: Principal, context: RequestContext): Promise<RevealedPhoneDto> {
    const { customerId, phone } = buyer;
    if (!phone || !customerId) throw new PaymentException(PaymentErrorCode.PHONE_NOT_KNOWN, 'M-Pesa gave only a masked number for this buyer, so there is no full number to show.');
    const email = actor.email ?? '';
    const count = await inTransaction(this.dataSource, async (manager) => {
      // one reveal at a time per user, so the count below is exact
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:phone-reveal:${email}`]);
      const recent = await this.audit.countRecent(PHONE_REVEALED, email, PHONE_REVEAL_WINDOW_SECONDS, manager);
      if (recent.count >= PHONE_REVEAL_LIMIT) {
        const wait = recent.oldest ? Math.max(1, Math.ceil((recent.oldest.getTime() + PHONE_REVEAL_WINDOW_SECONDS * 1000 - Date.now()) / 1000)) : PHONE_REVEAL_WINDOW_SECONDS;
        throw new PaymentException(
          PaymentErrorCode.PHONE_REVEAL_RATE_LIMITED,
          `You have shown ${PHONE_REVEAL_LIMIT} full numbers in the last hour. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
          undefined,
          { 'Retry-After': String(wait) },
        );
      }
      await this.audit.record({ action: PHONE_REVEALED, actor, providerId, target: { type: 'customer', id: customerId }, context, metadata: { phone: maskMsisdn(phone), ...meta } }, manager);
      return recent.count + 1;
    });
    return { customerId, phone, display: dialable(phone), remaining: PHONE_REVEAL_LIMIT - count };
  }
}
