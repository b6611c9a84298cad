import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/principal';
import { Page, PageQueryDto } from '../../common/pagination/page';
import { AuthException } from './auth.exception';
import { User } from './entities/user.entity';
import { hashPassword } from './passwords';
import { UserFilter, UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  /** null: invited by e-mail, no password until they set one through the link (cannot sign in before) */
  password: string | null;
  role: Role;
  providerId: string | null;
  /** a temporary password (staff): the user must replace it before using anything else */
  temporary?: boolean;
}

/** Users as other modules see them (sign-up creates the owner, seeds create the super admin). */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  /** Creates a user inside the caller's transaction; EMAIL_TAKEN when the e-mail exists. */
  async create(user: NewUser, manager?: EntityManager, emailField = 'email'): Promise<User> {
    const created = await this.users.create(
      {
        email: user.email,
        name: user.name,
        passwordHash: user.password === null ? null : await hashPassword(user.password),
        role: user.role,
        providerId: user.providerId,
        mustChangePassword: user.temporary ?? false,
      },
      manager,
    );
    if (!created) throw AuthException.emailTaken(emailField);
    return created;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  /** Pass the transaction's manager when called inside one (never a second pool connection). */
  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findById(id, manager);
  }

  /** Sets a new password; returns the raised session version (access tokens issued before stop). */
  async setPassword(id: string, password: string, manager?: EntityManager): Promise<number> {
    return this.users.updatePassword(id, await hashPassword(password), manager);
  }

  findForAccess(id: string, familyId: string | null): Promise<{ user: User; sessionEnded: boolean } | null> {
    return this.users.findForAccess(id, familyId);
  }

  listForProvider(providerId: string, manager?: EntityManager): Promise<User[]> {
    return this.users.listForProvider(providerId, manager);
  }

  /** The user's phone for SMS (`+2547…`), or null to remove it. */
  setPhone(id: string, phone: string | null, manager?: EntityManager): Promise<void> {
    return this.users.updatePhone(id, phone, manager);
  }

  findForProvider(providerId: string, id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findForProvider(providerId, id, manager);
  }

  /** One of the provider's users, locked until the caller's transaction ends. */
  lockForProvider(providerId: string, id: string, manager: EntityManager): Promise<User | null> {
    return this.users.lockForProvider(providerId, id, manager);
  }

  /** The provider's owner (the account that signed it up): who its account e-mails go to. */
  findOwner(providerId: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findOwner(providerId, manager);
  }

  /** Deactivated (no sign-in; access tokens refused from their next request); false when it already was. */
  deactivate(id: string, manager?: EntityManager, reason: string | null = null): Promise<boolean> {
    return this.users.deactivate(id, manager, reason);
  }

  reactivate(id: string, manager?: EntityManager): Promise<boolean> {
    return this.users.reactivate(id, manager);
  }

  /** The active super admins' ids, their rows locked until the caller's transaction ends. */
  lockActiveSuperAdmins(manager: EntityManager): Promise<string[]> {
    return this.users.lockActiveSuperAdmins(manager);
  }

  search(filter: UserFilter, page: PageQueryDto): Promise<Page<User>> {
    return this.users.search(filter, page);
  }

  markLoggedIn(id: string): Promise<void> {
    return this.users.markLoggedIn(id);
  }
}
