import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { User } from './entities/user.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export interface AccessClaims {
  sub: string;
  role: User['role'];
  pid: string | null;
  typ: 'access';
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Issues a short-lived access JWT and an opaque refresh token (stored as its SHA-256). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `familyId` continues a rotation family; without it a new family (a new sign-in) starts. */
  async issue(user: User, familyId: string = randomUUID(), manager?: EntityManager): Promise<IssuedTokens> {
    const claims: AccessClaims = { sub: user.id, role: user.role, pid: user.providerId, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlSeconds });
    const refreshToken = `rt_${randomToken(32)}`;
    await this.refreshTokens.insert({ userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + this.config.auth.refreshTtlSeconds * 1000) }, manager);
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTtlSeconds };
  }
}
