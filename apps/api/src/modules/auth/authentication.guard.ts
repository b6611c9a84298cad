import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../../common/auth/decorators';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';

/** Global: every route needs an API key or a JWT unless marked @Public(). */
@Injectable()
export class AuthenticationGuard extends AuthGuard(['api-key', 'jwt']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  /**
   * The strategies answer bad credentials with no principal; an error is something else failing
   * (the database unreachable or its pool exhausted) and must surface as that (500/503), never
   * as a 401 that signs every user out.
   */
  override handleRequest<T>(error: unknown, principal: T | false): T {
    if (error instanceof Error) throw error;
    if (error) throw new Error('authentication failed unexpectedly');
    if (!principal) throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'Missing or invalid credentials');
    return principal;
  }
}
