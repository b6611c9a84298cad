import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { sha256 } from '../../common/crypto/tokens';
import { maskMsisdn } from '../../common/phone';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { AuthErrorCode, AuthException } from './auth.exception';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { mapMe, MeDto, TokenPairDto, UpdateMeDto } from './dto/me.dto';
import { User } from './entities/user.entity';
import { verifyPassword } from './passwords';
import { LoginThrottleService } from './login-throttle.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly throttle: LoginThrottleService,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly live: LiveUpdatesBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The attempt is reserved (counted) before the password is verified, so parallel guesses cannot
   * outrun the throttle (LoginThrottleService); a success gives the reservation back.
   */
  async login(dto: LoginDto, context: RequestContext): Promise<TokenPairDto> {
    const reservation = await this.throttle.reserve(dto.email, context.ip);
    if (!reservation.ok) throw AuthException.throttled(reservation.retryAfterSeconds);
    const user = await this.users.findByEmail(dto.email);
    const valid = await verifyPassword(user?.passwordHash ?? null, dto.password);
    if (!user || !valid) {
      await this.audit.record({ action: 'auth.login_failed', actorEmail: dto.email, actorUserId: user?.id ?? null, providerId: user?.providerId ?? null, context });
      await this.alertWhenUnderAttack(user, await this.throttle.failed(reservation.attempt, user !== null), context);
      throw new AuthException(AuthErrorCode.INVALID_CREDENTIALS, 'Wrong e-mail or password');
    }
    await this.throttle.succeeded(reservation.attempt);
    // said only after the right password (a wrong one answers as above), so it reveals nothing to a guesser
    if (!user.isActive) {
      await this.audit.record({ action: 'auth.login_deactivated', actorUserId: user.id, actorEmail: user.email, providerId: user.providerId, target: { type: 'user', id: user.id }, context });
      const whom = user.role === 'provider_staff' ? 'the owner of your business account' : 'the Wavu team';
      throw new AuthException(AuthErrorCode.ACCOUNT_DEACTIVATED, `This account has been deactivated and cannot sign in. Contact ${whom} if you need it back.`);
    }
    await this.users.markLoggedIn(user.id);
    await this.audit.record({ action: 'auth.login', actorUserId: user.id, actorEmail: user.email, providerId: user.providerId, context });
    return this.withUser(user, await this.tokens.issue(user));
  }

  /**
   * Rotation: the presented token is spent and a new one of the same family returned. A token
   * that was already spent (or revoked) means it leaked: the whole family is revoked.
   */
  async refresh(refreshToken: string, context: RequestContext): Promise<TokenPairDto> {
    const now = this.clock.now();
    const result = await inTransaction(this.dataSource, async (manager) => {
      const token = await this.refreshTokens.findByHashForUpdate(manager, sha256(refreshToken));
      if (!token) return { kind: 'invalid' as const };
      if (token.usedAt || token.revokedAt) {
        await this.refreshTokens.revokeFamily(token.familyId, manager);
        return { kind: 'reused' as const, userId: token.userId, familyId: token.familyId };
      }
      // the sign-in's absolute end holds however often it was refreshed (tokens from before it was stored)
      if (token.expiresAt <= now || this.tokens.familyEndsAt(token.familyStartedAt) <= now) return { kind: 'invalid' as const };
      const user = await this.users.findById(token.userId, manager);
      if (!user?.isActive) return { kind: 'invalid' as const };
      await this.refreshTokens.markUsed(manager, token.id, now);
      return { kind: 'ok' as const, user, issued: await this.tokens.issue(user, { id: token.familyId, startedAt: token.familyStartedAt }, manager) };
    });
    if (result.kind === 'ok') return this.withUser(result.user, result.issued);
    if (result.kind === 'reused') {
      await this.audit.record({ action: 'auth.refresh_reused', actorUserId: result.userId, context, metadata: { familyId: result.familyId } });
    }
    throw new AuthException(AuthErrorCode.INVALID_REFRESH_TOKEN, 'Session expired; please log in again');
  }

  /**
   * Ends the session the refresh token belongs to (its whole family); its access tokens stop at
   * their next request (the JWT strategy sees the family revoked). Unknown tokens are ignored.
   */
  async logout(refreshToken: string, context: RequestContext): Promise<void> {
    const token = await this.refreshTokens.findByHash(sha256(refreshToken));
    if (!token) return;
    await this.refreshTokens.revokeFamily(token.familyId);
    const user = await this.users.findById(token.userId);
    await this.audit.record({ action: 'auth.logout', actorUserId: token.userId, actorEmail: user?.email ?? null, providerId: user?.providerId ?? null, context });
  }

  async me(principal: Principal): Promise<MeDto> {
    const user = await this.requireUser(principal);
    return this.toMe(user);
  }

  /** Sets or removes the person's mobile number (SMS alerts); audited with both numbers masked. */
  async updateMe(principal: Principal, dto: UpdateMeDto, context: RequestContext): Promise<MeDto> {
    const user = await this.requireUser(principal);
    if (user.phone === dto.phone) return this.toMe(user);
    await inTransaction(this.dataSource, async (manager) => {
      await this.users.setPhone(user.id, dto.phone, manager);
      await this.audit.record(
        {
          action: 'user.phone_changed',
          actor: principal,
          target: { type: 'user', id: user.id },
          context,
          metadata: { from: user.phone ? maskMsisdn(user.phone.slice(1)) : null, to: dto.phone ? maskMsisdn(dto.phone.slice(1)) : null },
        },
        manager,
      );
    });
    return this.toMe({ ...user, phone: dto.phone });
  }

  /**
   * Changes the password (clearing a temporary one) and signs out every other session: refresh
   * tokens revoked, access tokens refused from their next request (session version raised),
   * live streams closed. Returns a fresh session.
   */
  async changePassword(principal: Principal, dto: ChangePasswordDto, context: RequestContext): Promise<TokenPairDto> {
    const user = await this.requireUser(principal);
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw new AuthException(AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong', [{ field: 'currentPassword', messages: ['the current password is wrong'] }]);
    }
    if (dto.newPassword === dto.currentPassword) {
      throw new CommonException(CommonErrorCode.VALIDATION_FAILED, 'The new password must differ from the current one', [
        { field: 'newPassword', messages: ['must differ from the current password'] },
      ]);
    }
    const sessionVersion = await this.users.setPassword(user.id, dto.newPassword);
    await this.refreshTokens.revokeAllOfUser(user.id);
    this.live.endSessions(user.id);
    await this.audit.record({ action: 'auth.password_changed', actor: principal, context });
    return this.withUser({ ...user, sessionVersion, mustChangePassword: false }, await this.tokens.issue({ ...user, sessionVersion }));
  }

  /** A fresh session for a user who just proved who they are another way (an e-mailed link: a password reset or a staff invitation). */
  async signIn(user: User, context: RequestContext, via: 'password_reset' | 'invitation'): Promise<TokenPairDto> {
    await this.users.markLoggedIn(user.id);
    await this.audit.record({ action: 'auth.login', actorUserId: user.id, actorEmail: user.email, providerId: user.providerId, context, metadata: { via } });
    return this.withUser(user, await this.tokens.issue(user));
  }

  /**
   * Failures against one account from many IPs lock nobody out; when they pile up the account is
   * under attack: an audit entry (the admin's audit log and system health) and a warning log.
   */
  private async alertWhenUnderAttack(user: User | null, failures: number | null, context: RequestContext): Promise<void> {
    if (!user || failures === null) return;
    this.logger.warn({ userId: user.id, failures }, 'Many failed logins against one account from several addresses');
    await this.audit.record({
      action: 'auth.account_under_attack',
      actorEmail: user.email,
      actorUserId: user.id,
      providerId: user.providerId,
      target: { type: 'user', id: user.id },
      context,
      metadata: { failures, windowMinutes: Math.round(this.config.auth.loginLockSeconds / 60) },
    });
  }

  private async requireUser(principal: Principal): Promise<User> {
    const user = principal.userId ? await this.users.findById(principal.userId) : null;
    if (!user) throw new AuthException(AuthErrorCode.USER_REQUIRED, 'This endpoint needs a signed-in user, not an API key');
    return user;
  }

  private async toMe(user: User): Promise<MeDto> {
    return mapMe(user, user.providerId ? await this.providers.getSummary(user.providerId) : null);
  }

  private async withUser(user: User, issued: { accessToken: string; refreshToken: string; expiresIn: number }): Promise<TokenPairDto> {
    return { ...issued, user: await this.toMe(user) };
  }
}
