import { availableCategories, choicesOf, defaultChoices, toRow } from './alert-choices';

describe('alert choices', () => {
  it('defaults: the owner every category by e-mail, staff nothing, SMS for nobody', () => {
    expect(defaultChoices('provider_owner')).toEqual({
      router: { email: true, sms: false },
      provisioning: { email: true, sms: false },
      payments: { email: true, sms: false },
      subscription: { email: true, sms: false },
    });
    expect(Object.values(defaultChoices('provider_staff')).every((c) => !c.email && !c.sms)).toBe(true);
    expect(choicesOf(undefined, 'provider_owner')).toMatchObject({ language: 'en', saved: false });
  });

  it('never opens the subscription to staff, even from a saved row', () => {
    expect(availableCategories('provider_staff')).toEqual(['router', 'provisioning', 'payments']);
    const all = { email: true, sms: true };
    const row = { ...toRow('u', 'sw', { router: all, provisioning: all, payments: all, subscription: all }), updatedAt: new Date() };
    expect(choicesOf(row, 'provider_staff').choices).toEqual({ router: all, provisioning: all, payments: all, subscription: { email: false, sms: false } });
    expect(choicesOf(row, 'provider_owner')).toMatchObject({ language: 'sw', saved: true, choices: { subscription: all } });
  });
});
