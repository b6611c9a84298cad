import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { RateLimiter } from '../../common/http/rate-limit';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { MessageQueue } from '../notifications';
import { AuthErrorCode, AuthException } from './auth.exception';
import { PasswordResetConfirmDto } from './dto/login.dto';
import { User } from './entities/user.entity';
import { PasswordTokensRepository } from './password-tokens.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersService } from './users.service';

/** How long a reset link works. */
const RESET_TOKEN_MINUTES = 30;
/** Reset e-mails one address may ask for per hour (counted whether or not the account exists). */
const PER_EMAIL_PER_HOUR = 5;

/**
 * Password reset by e-mail (docs/email.md): the request always answers the same, whether or not
 * the account exists; the link's token is single use, 30 minutes, stored hashed; a new request
 * voids the older unused ones; setting the password ends every session of the user.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: PasswordTokensRepository,
    private readonly messages: MessageQueue,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly live: LiveUpdatesBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Queues a reset e-mail for an active account (the token and the e-mail in one transaction).
   * Unknown e-mails and deactivated accounts get nothing, with the same answer. Owners of
   * pending, rejected or suspended providers may reset (they can log in to see their status).
   */
  async request(email: string, context: RequestContext): Promise<void> {
    await this.countRequest(email);
    const user = await this.users.findByEmail(email);
    if (!user || !user.isActive) {
      await this.audit.record({ action: 'auth.password_reset_requested', actorEmail: email, actorUserId: user?.id ?? null, providerId: user?.providerId ?? null, context, metadata: { sent: false } });
      return;
    }
    await inTransaction(this.dataSource, async (manager) => {
      await this.issue(manager, user);
      await this.audit.record({ action: 'auth.password_reset_requested', actorEmail: user.email, actorUserId: user.id, providerId: user.providerId, context, metadata: { sent: true } }, manager);
    });
  }

  /**
   * Counts one reset e-mail asked for `email` (whoever asks: the person, or a super admin for
   * them), refusing past 5 an hour: PASSWORD_RESET_THROTTLED with Retry-After.
   */
  async countRequest(email: string): Promise<void> {
    const wait = await this.limiter.shared.hit('auth-password-reset-email', email, PER_EMAIL_PER_HOUR, 3600);
    if (wait > 0) {
      throw new AuthException(AuthErrorCode.PASSWORD_RESET_THROTTLED, 'Too many reset requests for this e-mail. Please try again later.', undefined, { 'Retry-After': String(wait) });
    }
  }

  /**
   * In the caller's transaction: voids the user's older unused reset links, creates a new one
   * and queues its e-mail. Returns when the link stops working.
   */
  async issue(manager: EntityManager, user: User): Promise<Date> {
    const token = randomToken(32);
    await this.tokens.voidUnused(manager, user.id, 'reset');
    const created = await this.tokens.insert(manager, user.id, 'reset', sha256(token), RESET_TOKEN_MINUTES);
    await this.messages.enqueue(manager, {
      channel: 'email',
      to: user.email,
      template: 'password_reset',
      params: { name: user.name, link: `${this.config.http.publicUrl.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`, expiresInMinutes: RESET_TOKEN_MINUTES },
      idempotencyKey: `password_reset:${created.id}`,
      providerId: user.providerId,
      sensitive: true,
    });
    return created.expiresAt;
  }

  /**
   * Sets the password with a valid token: the token is spent, every refresh token revoked, the
   * session version raised (access tokens stop), live streams closed. Used, voided, expired or
   * unknown tokens: INVALID_RESET_TOKEN, nothing changed.
   */
  async confirm(dto: PasswordResetConfirmDto, context: RequestContext): Promise<User> {
    const user = await inTransaction(this.dataSource, async (manager) => {
      const token = await this.tokens.findForUpdate(manager, sha256(dto.token), 'reset');
      const found = token?.state === 'usable' ? await this.users.findById(token.userId, manager) : null;
      if (!token || !found?.isActive) return null;
      await this.tokens.spend(manager, token.id, found.id);
      const sessionVersion = await this.users.setPassword(found.id, dto.newPassword, manager);
      await this.refreshTokens.revokeAllOfUser(found.id, manager);
      await this.audit.record(
        { action: 'auth.password_reset', actorUserId: found.id, actorEmail: found.email, providerId: found.providerId, target: { type: 'user', id: found.id }, context },
        manager,
      );
      return { ...found, sessionVersion, mustChangePassword: false };
    });
    if (!user) throw new AuthException(AuthErrorCode.INVALID_RESET_TOKEN, 'This reset link is invalid, used or expired. Ask for a new one.');
    this.live.endSessions(user.id);
    return user;
  }
}
