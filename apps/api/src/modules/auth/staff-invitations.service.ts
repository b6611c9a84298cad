import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { RateLimiter } from '../../common/http/rate-limit';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { MessageQueue } from '../notifications';
import { ProvidersService } from '../providers';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AcceptInvitationDto, InvitationDto } from './dto/login.dto';
import { mapStaffUser, StaffInvitationDto, staffStatus, StaffUserDto } from './dto/staff.dto';
import { User } from './entities/user.entity';
import { FoundPasswordToken, PasswordTokensRepository } from './password-tokens.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersService } from './users.service';

/** How long an invitation link works. */
const INVITATION_HOURS = 72;
/** Invitations the owner may resend to one staff member per hour. */
const RESENDS_PER_HOUR = 5;

/** Who an invitation is from, in its e-mail. */
export interface InvitationSender {
  businessName: string;
  invitedBy: string;
}

/**
 * Staff invitations (docs/email.md, "Staff invitations"): a new staff member has no password and
 * gets an e-mail with a single-use link (72 hours, only its SHA-256 stored) to set one; until
 * they do they cannot sign in. The owner may resend it (the older link stops working), a few
 * times an hour. Setting the password spends the link and signs them in.
 */
@Injectable()
export class StaffInvitationsService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: PasswordTokensRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly messages: MessageQueue,
    private readonly providers: ProvidersService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Who an invitation is from: the business's name and the owner's, read before the caller's
   * transaction (inside it every query must use its connection).
   */
  async sender(providerId: string, actor: Principal): Promise<InvitationSender> {
    const [owner, provider] = await Promise.all([actor.userId ? this.users.findById(actor.userId) : null, this.providers.getSummary(providerId)]);
    return { businessName: provider?.businessName ?? 'your business', invitedBy: owner?.name ?? 'The business owner' };
  }

  /**
   * In the caller's transaction: voids the member's older invitation links, creates a new one and
   * queues its e-mail (idempotency key `staff_invitation:<token id>`).
   */
  async issue(manager: EntityManager, user: User, from: InvitationSender): Promise<void> {
    const token = randomToken(32);
    await this.tokens.voidUnused(manager, user.id, 'invitation');
    const created = await this.tokens.insert(manager, user.id, 'invitation', sha256(token), INVITATION_HOURS * 60);
    await this.messages.enqueue(manager, {
      channel: 'email',
      to: user.email,
      template: 'staff_invitation',
      params: {
        name: user.name,
        businessName: from.businessName,
        invitedBy: from.invitedBy,
        link: `${this.config.http.publicUrl.replace(/\/+$/, '')}/accept-invite?token=${encodeURIComponent(token)}`,
        expiresInHours: INVITATION_HOURS,
      },
      idempotencyKey: `staff_invitation:${created.id}`,
      providerId: user.providerId,
      sensitive: true,
    });
  }

  /**
   * The owner sends a new invitation to a member who has not set a password; the older link stops
   * working. At most 5 resends per member an hour (INVITATION_THROTTLED, Retry-After).
   */
  async resend(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<StaffUserDto> {
    const wait = await this.limiter.shared.hit('staff-invitation-resend', `${providerId}:${id}`, RESENDS_PER_HOUR, 3600);
    if (wait > 0) {
      const minutes = Math.max(1, Math.ceil(wait / 60));
      throw new AuthException(AuthErrorCode.INVITATION_THROTTLED, `Too many invitations to this person in the last hour. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, {
        'Retry-After': String(wait),
      });
    }
    const from = await this.sender(providerId, actor);
    const user = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.users.lockForProvider(providerId, id, manager);
      if (!found || found.role !== 'provider_staff') throw new AuthException(AuthErrorCode.STAFF_NOT_FOUND, 'Staff member not found');
      const status = staffStatus(found);
      if (status !== 'invited') {
        throw new AuthException(
          AuthErrorCode.INVITATION_NOT_PENDING,
          status === 'removed'
            ? `${found.name} was removed: there is nobody to invite.`
            : `${found.name} has already set a password. If they forgot it, they can use "Forgot password?" on the login page.`,
        );
      }
      await this.issue(manager, found, from);
      await this.audit.record({ action: 'staff.invitation_resent', actor, providerId, target: { type: 'user', id: found.id }, context, metadata: { email: found.email } }, manager);
      return found;
    });
    return mapStaffUser(user, (await this.describe([user])).get(user.id) ?? null);
  }

  /** What the invitation page shows before the password is chosen; refuses a link that no longer works. */
  async check(token: string): Promise<InvitationDto> {
    const found = await this.tokens.find(sha256(token), 'invitation');
    const user = found ? await this.users.findById(found.userId) : null;
    this.assertUsable(found, user);
    const provider = user!.providerId ? await this.providers.getSummary(user!.providerId) : null;
    return { email: user!.email, name: user!.name, businessName: provider?.businessName ?? '', expiresAt: found!.expiresAt.toISOString() };
  }

  /**
   * Sets the password with the invitation's token: the link is spent (every other unused link of
   * the member is voided), `auth.invitation_accepted` is audited and the caller signs them in.
   * A used, replaced or unknown link: INVALID_INVITATION; an expired one: INVITATION_EXPIRED.
   */
  async accept(dto: AcceptInvitationDto, context: RequestContext): Promise<User> {
    return inTransaction(this.dataSource, async (manager) => {
      const token = await this.tokens.findForUpdate(manager, sha256(dto.token), 'invitation');
      const found = token ? await this.users.findById(token.userId, manager) : null;
      this.assertUsable(token, found);
      const user = found!;
      await this.tokens.spend(manager, token!.id, user.id);
      const sessionVersion = await this.users.setPassword(user.id, dto.newPassword, manager);
      await this.refreshTokens.revokeAllOfUser(user.id, manager);
      await this.audit.record(
        { action: 'auth.invitation_accepted', actorUserId: user.id, actorEmail: user.email, providerId: user.providerId, target: { type: 'user', id: user.id }, context },
        manager,
      );
      return { ...user, sessionVersion, mustChangePassword: false };
    });
  }

  /** The newest invitation of each member who is still invited: when, until when, and whether its e-mail went out. */
  async describe(users: User[]): Promise<Map<string, StaffInvitationDto>> {
    const invited = users.filter((u) => staffStatus(u) === 'invited');
    const latest = await this.tokens.latestInvitations(invited.map((u) => u.id));
    const delivery = await this.messages.sendStateOf([...latest.values()].map((t) => `staff_invitation:${t.id}`));
    const out = new Map<string, StaffInvitationDto>();
    for (const invitation of latest.values()) {
      const sent = delivery.get(`staff_invitation:${invitation.id}`);
      out.set(invitation.userId, {
        sentAt: invitation.createdAt.toISOString(),
        expiresAt: invitation.expiresAt.toISOString(),
        expired: invitation.state === 'expired',
        delivery: sent === 'sent' ? 'sent' : sent === 'dead' ? 'failed' : 'waiting',
      });
    }
    return out;
  }

  /** A link works when it is unused, not replaced, not expired, and its account is still active. */
  private assertUsable(token: FoundPasswordToken | null, user: User | null): void {
    if (token?.state === 'expired' && user?.isActive) {
      throw new AuthException(AuthErrorCode.INVITATION_EXPIRED, `This invitation expired (links work for ${INVITATION_HOURS} hours). Ask the business owner to send you a new one.`);
    }
    if (!token || token.state !== 'usable' || !user?.isActive) {
      throw new AuthException(
        AuthErrorCode.INVALID_INVITATION,
        'This invitation link does not work: it was already used, or a newer invitation replaced it. If you already set your password, log in with it.',
      );
    }
  }
}
