import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '../../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ProvidersService } from '../../providers';
import { AccessClaims } from '../token.service';
import { UsersService } from '../users.service';

/**
 * Access JWTs (HS256). One read per request (the user, and whether the token's session was
 * logged out) so a deactivated account, a logout and a password change stop the token at once;
 * and one of the provider's status, so a suspension bites on the next request
 * (common/auth/provider-status.guard.ts).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersService,
    private readonly providers: ProvidersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.auth.jwtSecret, algorithms: ['HS256'], ignoreExpiration: false });
  }

  async validate(claims: AccessClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const found = await this.users.findForAccess(claims.sub, typeof claims.sid === 'string' ? claims.sid : null);
    if (!found?.user.isActive || found.sessionEnded) return false;
    const { user } = found;
    // tokens from before session versions were issued carry none: version 0
    if ((claims.ver ?? 0) !== user.sessionVersion) return false;
    const provider = user.providerId ? await this.providers.getSummary(user.providerId) : null;
    if (user.providerId && !provider) return false;
    return {
      kind: 'user',
      userId: user.id,
      apiKeyId: null,
      email: user.email,
      role: user.role,
      providerId: user.providerId,
      scope: 'full',
      passwordChangeRequired: user.mustChangePassword,
      sessionVersion: user.sessionVersion,
      providerStatus: provider?.status ?? null,
    };
  }
}
