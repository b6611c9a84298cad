import type { PullTransaction } from '@wavu/daraja';
import { factsOfPull } from './statement-pull.service';
import { isCustomerPayment } from './statements.service';

const row = (over: Partial<PullTransaction> = {}): PullTransaction => ({
  transactionId: 'SLK4H2J9QX',
  trxDate: '2026-12-04T10:13:00Z',
  completedAtEat: new Date('2026-12-04T07:13:00Z'),
  completedAtUtc: new Date('2026-12-04T10:13:00Z'),
  msisdn: '254700000123',
  sender: 'JOHN DOE',
  transactionType: 'c2b-pay-bill-debit',
  billReference: 'AB12CD34',
  amountMinor: 5000,
  organizationName: 'SIM MERCHANT',
  ...over,
});

describe('statement lines from Pull rows', () => {
  it("reads trxDate's digits as Nairobi time (its Z is not reliable)", () => {
    expect(factsOfPull(row(), '600300', new Date('2026-12-04T12:00:00Z')).occurredAt).toEqual(new Date('2026-12-04T07:13:00Z'));
  });

  it('falls back to UTC when the Nairobi reading lands in the future', () => {
    const late = row({ completedAtEat: new Date('2026-12-04T12:30:00Z'), completedAtUtc: new Date('2026-12-04T09:30:00Z') });
    expect(factsOfPull(late, '600300', new Date('2026-12-04T12:00:00Z')).occurredAt).toEqual(new Date('2026-12-04T09:30:00Z'));
  });

  it('masks the phone and keeps receipt, reference, amount and type', () => {
    expect(factsOfPull(row(), '600300')).toMatchObject({
      shortcode: '600300',
      receipt: 'SLK4H2J9QX',
      reference: 'AB12CD34',
      amountMinor: 5000,
      transactionType: 'c2b-pay-bill-debit',
      phoneMasked: '2547•••••123',
    });
    expect(factsOfPull(row({ msisdn: '2547 ***** 123' }), '600300').phoneMasked).toBe('2547 ***** 123');
    expect(factsOfPull(row({ msisdn: null }), '600300').phoneMasked).toBeNull();
  });

  it('treats only c2b rows as customer payments (settlement sweeps are not)', () => {
    expect(['c2b-pay-bill-debit', 'c2b-buy-goods-debit', 'merchant-to-organization-settlement', 'statement:Withdrawal'].map(isCustomerPayment)).toEqual([true, true, false, false]);
  });
});
