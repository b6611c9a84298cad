import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { User } from './entities/user.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export interface AccessClaims {
  sub: string;
  role: User['role'];
  pid: string | null;
  typ: 'access';
  /** the session (refresh family): its logout ends this token at once */
  sid?: string;
  /** the user's session version when issued: a password change ends this token at once */
  ver?: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** A sign-in's refresh family: its id and when the sign-in happened (for the absolute lifetime). */
export interface SessionFamily {
  id: string;
  startedAt: Date;
}

/** Issues a short-lived access JWT and an opaque refresh token (stored as its SHA-256). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `family` continues a rotation family; without it a new family (a new sign-in) starts now. */
  async issue(user: User, family?: SessionFamily, manager?: EntityManager): Promise<IssuedTokens> {
    const now = this.clock.now();
    const { id: familyId, startedAt } = family ?? { id: randomUUID(), startedAt: now };
    const claims: AccessClaims = { sub: user.id, role: user.role, pid: user.providerId, typ: 'access', sid: familyId, ver: user.sessionVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlSeconds });
    const refreshToken = `rt_${randomToken(32)}`;
    // sliding expiry, never past the family's absolute end
    const expiresAt = new Date(Math.min(now.getTime() + this.config.auth.refreshTtlSeconds * 1000, this.familyEndsAt(startedAt).getTime()));
    await this.refreshTokens.insert({ userId: user.id, familyId, familyStartedAt: startedAt, tokenHash: sha256(refreshToken), expiresAt }, manager);
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTtlSeconds };
  }

  /** A sign-in cannot be refreshed past this, however often it was (REFRESH_FAMILY_MAX_AGE_SECONDS). */
  familyEndsAt(startedAt: Date): Date {
    return new Date(startedAt.getTime() + this.config.auth.refreshFamilyMaxAgeSeconds * 1000);
  }
}
