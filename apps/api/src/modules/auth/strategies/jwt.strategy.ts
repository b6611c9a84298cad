import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '../../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { AccessClaims } from '../token.service';
import { UsersService } from '../users.service';

/** Access JWTs (HS256). The user is re-read so a deactivated account stops at once. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.auth.jwtSecret, algorithms: ['HS256'], ignoreExpiration: false });
  }

  async validate(claims: AccessClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const user = await this.users.findById(claims.sub);
    if (!user?.isActive) return false;
    return { kind: 'user', userId: user.id, apiKeyId: null, email: user.email, role: user.role, providerId: user.providerId, scope: 'full' };
  }
}
