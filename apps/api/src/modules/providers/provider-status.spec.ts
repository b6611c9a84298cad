import { PROVIDER_STATUSES } from './entities/provider.entity';
import { allowedProviderActions, nextProviderStatus, PROVIDER_ACTIONS } from './provider-status';

describe('provider status machine', () => {
  it.each([
    ['pending', 'approve', 'active'],
    ['pending', 'reject', 'rejected'],
    ['active', 'suspend', 'suspended'],
    ['suspended', 'reactivate', 'active'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextProviderStatus(from, action)).toBe(to);
  });

  it('refuses every other transition with PROVIDER_INVALID_TRANSITION', () => {
    let refused = 0;
    for (const status of PROVIDER_STATUSES) {
      for (const action of PROVIDER_ACTIONS) {
        if (allowedProviderActions(status).includes(action)) continue;
        expect(() => nextProviderStatus(status, action)).toThrow(expect.objectContaining({ code: 'PROVIDER_INVALID_TRANSITION' }));
        refused++;
      }
    }
    expect(refused).toBe(PROVIDER_STATUSES.length * PROVIDER_ACTIONS.length - 4);
  });

  it('a rejected provider has no way back', () => {
    expect(allowedProviderActions('rejected')).toEqual([]);
  });
});
