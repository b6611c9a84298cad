import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CommonErrorCode, CommonException } from '../errors/app-exception';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC, ROLES_KEY, USER_ONLY } from './decorators';
import { Principal, Role } from './principal';

/** methods that only read (read-only API keys, suspended providers) */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs after authentication: a temporary password still to replace, roles (@Roles),
 * person-only endpoints (@UserOnly) and the read-only scope of `read` API keys.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const principal = request.user;
    if (!principal) throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'Authentication required');

    if (principal.passwordChangeRequired && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)) {
      throw new CommonException(CommonErrorCode.PASSWORD_CHANGE_REQUIRED, 'Set a new password first: yours is a temporary one');
    }
    if (principal.kind === 'api_key') {
      if (this.reflector.getAllAndOverride<boolean>(USER_ONLY, targets)) {
        throw new CommonException(CommonErrorCode.FORBIDDEN, 'API keys cannot use this endpoint; sign in as a user');
      }
      if (principal.scope === 'read' && !READ_METHODS.has(request.method)) {
        throw new CommonException(CommonErrorCode.FORBIDDEN, 'This API key is read-only');
      }
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new CommonException(CommonErrorCode.FORBIDDEN, 'Your role does not allow this');
    }
    return true;
  }
}
