import { lineKey, planLines, trialText } from '../../apps/web/src/features/landing/plan-lines';

describe('landing plan cards', () => {
  it('lists a limit once even when the features repeat it in another case or form', () => {
    expect(planLines({ maxRouters: 1, maxVouchersPerMonth: 2000, features: ['1 router', '2,000 vouchers a month', 'M-Pesa payments'] })).toEqual([
      '1 router',
      '2,000 vouchers a month',
      'M-Pesa payments',
    ]);
    expect(planLines({ maxRouters: 5, maxVouchersPerMonth: null, features: ['Up to 5 ROUTERS', 'unlimited vouchers.', 'Priority support', 'priority  support'] })).toEqual([
      '5 routers',
      'Unlimited vouchers',
      'Priority support',
    ]);
  });

  it('keeps features that only look alike', () => {
    expect(planLines({ maxRouters: 5, maxVouchersPerMonth: null, features: ['50 routers', 'Two months free'] })).toEqual(['5 routers', 'Unlimited vouchers', '50 routers', 'Two months free']);
    expect(lineKey('2 000 vouchers a month')).toBe(lineKey('2,000 Vouchers a month'));
  });

  it('lists the SMS allowance when the plan sets one, and no line for no cap', () => {
    expect(planLines({ maxRouters: 1, maxVouchersPerMonth: 2000, maxSmsPerMonth: 5000, features: ['5,000 SMS a month', 'M-Pesa payments'] })).toEqual([
      '1 router',
      '2,000 vouchers a month',
      '5,000 SMS a month',
      'M-Pesa payments',
    ]);
    expect(planLines({ maxRouters: 1, maxVouchersPerMonth: 2000, maxSmsPerMonth: null, features: [] })).toEqual(['1 router', '2,000 vouchers a month']);
  });

  it('says the trial length it is given', () => {
    expect(trialText(14)).toBe('14-day free trial');
    expect(trialText(1)).toBe('1-day free trial');
  });
});
