import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { CommonErrorCode, CommonException } from '../errors/app-exception';
import type { Principal, ProviderStanding, Role } from './principal';

export const IS_PUBLIC = 'wavu:isPublic';
export const ROLES_KEY = 'wavu:roles';
export const USER_ONLY = 'wavu:userOnly';
export const BEFORE_PASSWORD_CHANGE = 'wavu:beforePasswordChange';
export const OPEN_TO_STATUSES = 'wavu:openToProviderStatuses';
export const ROUTER_IO = 'wavu:routerIo';

/** No authentication: captive portal, webhooks, login, sign-up. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles (an API key acts with the role provider_owner). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Refused to API keys: things only a person may do (password, API keys themselves). */
export const UserOnly = () => SetMetadata(USER_ONLY, true);
/** Open to a user who must still replace a temporary password (me, change-password); everything else answers 403 PASSWORD_CHANGE_REQUIRED. */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
/**
 * The provider-status gate's allow-list (docs/product.md §2b): a provider that is not active may
 * call this endpoint when its status is one of `statuses`. Without it, a suspended provider may
 * only read (GET without @RouterIo) and a pending or rejected one nothing.
 */
export const OpenTo = (...statuses: Exclude<ProviderStanding, 'active'>[]) => SetMetadata(OPEN_TO_STATUSES, statuses);
/** A read that talks to a router (live sessions, interfaces, log): only active providers make the platform do that. */
export const RouterIo = () => SetMetadata(ROUTER_IO, true);

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

type AuthedRequest = Request & { user?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!principal) throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'Authentication required');
  return principal;
});

/** The caller's provider id; callers without one (the super admin) are refused. */
export const TenantId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!principal?.providerId) throw new CommonException(CommonErrorCode.FORBIDDEN, 'This endpoint is for provider accounts');
  return principal.providerId;
});

/** The caller's IP and user agent, for the audit log. */
export const ClientContext = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null };
});
