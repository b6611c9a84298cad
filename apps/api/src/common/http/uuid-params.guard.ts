import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { CommonException } from '../errors/app-exception';

const ID_PARAM = /^(id|[a-z][A-Za-z]*Id)$/;

/**
 * Global, after authentication: every route parameter named `id` or `…Id` must be a UUID.
 * Nest runs a handler's parameter pipes concurrently, so with a bad id and a bad body either
 * error could win; checking ids here, before any pipe, makes a bad id the answer every time
 * (and no query ever sees a malformed id).
 */
@Injectable()
export class UuidParamsGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const params = context.switchToHttp().getRequest<Request>().params ?? {};
    const bad = Object.entries(params).filter(([name, value]) => ID_PARAM.test(name) && !isUUID(value, 'all'));
    if (bad.length) throw CommonException.validation(bad.map(([field]) => ({ field, messages: [`${field} must be a UUID`] })));
    return true;
  }
}
