import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { isUUID } from 'class-validator';
import { CommonException } from '../../common/errors/app-exception';

/**
 * Checks `:id` before any pipe runs. Nest validates a handler's parameters concurrently, so
 * with a bad id and a bad body either error could win; this makes a bad id the answer.
 */
@Injectable()
export class IdParamGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const id = context.switchToHttp().getRequest<Request>().params?.id;
    if (id !== undefined && !isUUID(id, 'all')) throw CommonException.validation([{ field: 'id', messages: ['id must be a UUID'] }]);
    return true;
  }
}
