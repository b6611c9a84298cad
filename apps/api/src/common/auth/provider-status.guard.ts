import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonErrorCode, CommonException } from '../errors/app-exception';
import { READ_METHODS } from './access.guard';
import { IS_PUBLIC, OPEN_TO_STATUSES, ROUTER_IO } from './decorators';
import { Principal, ProviderStanding } from './principal';

const REFUSALS: Record<Exclude<ProviderStanding, 'active'>, string> = {
  pending: 'Your account is waiting for approval: until then you can see your status, the pricing and edit your profile',
  rejected: 'Your application was not approved: you can see your status and edit your profile',
  suspended: 'Your account is suspended: you can read and export your data and pay your subscription, nothing else',
};

/**
 * The provider-status gate (docs/product.md §2b), one rule for people (JWT) and API keys alike:
 * an active provider passes; a suspended one may read (GET, except reads that talk to a router,
 * @RouterIo) and whatever is marked @OpenTo('suspended'); a pending or rejected one only what is
 * marked @OpenTo. Everything else answers 403 PROVIDER_NOT_ACTIVE. The super admin (no provider)
 * is never gated; public endpoints have their own rules (the captive portal refuses sales).
 */
@Injectable()
export class ProviderStatusGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const principal = request.user;
    if (!principal?.providerId) return true;
    const status = principal.providerStatus ?? 'pending'; // unknown: treated as the least trusted status
    if (status === 'active') return true;
    const openTo = this.reflector.getAllAndOverride<ProviderStanding[] | undefined>(OPEN_TO_STATUSES, targets) ?? [];
    if (openTo.includes(status)) return true;
    if (status === 'suspended' && READ_METHODS.has(request.method) && !this.reflector.getAllAndOverride<boolean>(ROUTER_IO, targets)) return true;
    throw new CommonException(CommonErrorCode.PROVIDER_NOT_ACTIVE, REFUSALS[status]);
  }
}
