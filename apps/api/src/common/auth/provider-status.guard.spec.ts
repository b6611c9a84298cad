import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonException } from '../errors/app-exception';
import { OpenTo, Public, RouterIo } from './decorators';
import type { Principal, ProviderStanding } from './principal';
import { ProviderStatusGuard } from './provider-status.guard';

/** Handlers carrying the decorators the guard reads (as the controllers declare them). */
class Handlers {
  plain() {}
  @RouterIo()
  liveSessions() {}
  @OpenTo('pending', 'rejected', 'suspended')
  profile() {}
  @OpenTo('suspended')
  checkout() {}
  @Public()
  captive() {}
}

const guard = new ProviderStatusGuard(new Reflector());
const principal = (providerStatus: ProviderStanding | null | undefined, providerId: string | null = 'p-1'): Principal => ({
  kind: 'user',
  userId: 'u-1',
  apiKeyId: null,
  email: 'owner@wavu.test',
  role: providerId ? 'provider_owner' : 'super_admin',
  providerId,
  scope: 'full',
  providerStatus,
});
const context = (handler: keyof Handlers, method: string, user?: Principal): ExecutionContext =>
  ({
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => ({ method, user }) }),
  }) as unknown as ExecutionContext;

const outcome = (handler: keyof Handlers, method: string, user?: Principal): string => {
  try {
    return guard.canActivate(context(handler, method, user)) ? 'pass' : 'refused';
  } catch (err) {
    return err instanceof CommonException ? err.code : String(err);
  }
};

describe('ProviderStatusGuard (docs/product.md §2b)', () => {
  it('lets an active provider, the super admin and public endpoints through', () => {
    expect(outcome('plain', 'POST', principal('active'))).toBe('pass');
    expect(outcome('liveSessions', 'GET', principal('active'))).toBe('pass');
    expect(outcome('plain', 'DELETE', principal(null, null))).toBe('pass');
    expect(outcome('captive', 'POST')).toBe('pass');
  });

  it('a suspended provider reads (but not from a router) and makes only the writes opened to it', () => {
    const s = principal('suspended');
    expect(outcome('plain', 'GET', s)).toBe('pass');
    expect(outcome('plain', 'HEAD', s)).toBe('pass');
    expect(outcome('plain', 'POST', s)).toBe('PROVIDER_NOT_ACTIVE');
    expect(outcome('liveSessions', 'GET', s)).toBe('PROVIDER_NOT_ACTIVE');
    expect(outcome('checkout', 'POST', s)).toBe('pass');
    expect(outcome('profile', 'PATCH', s)).toBe('pass');
  });

  it('a pending or rejected provider only reaches what is opened to it, reads included', () => {
    for (const status of ['pending', 'rejected'] as const) {
      const p = principal(status);
      expect(outcome('plain', 'GET', p)).toBe('PROVIDER_NOT_ACTIVE');
      expect(outcome('plain', 'POST', p)).toBe('PROVIDER_NOT_ACTIVE');
      expect(outcome('checkout', 'POST', p)).toBe('PROVIDER_NOT_ACTIVE');
      expect(outcome('profile', 'PATCH', p)).toBe('pass');
    }
  });

  it('treats a provider principal without a known status as the least trusted (pending)', () => {
    expect(outcome('plain', 'GET', principal(undefined))).toBe('PROVIDER_NOT_ACTIVE');
    expect(outcome('profile', 'GET', principal(undefined))).toBe('pass');
  });

  it('says why, per status, with a 403', () => {
    const err = (() => {
      try {
        guard.canActivate(context('plain', 'POST', principal('suspended')));
      } catch (e) {
        return e as CommonException;
      }
    })();
    expect(err?.httpStatus).toBe(403);
    expect(err?.message).toMatch(/suspended: you can read and export your data and pay your subscription/);
  });
});
