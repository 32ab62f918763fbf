import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Role, StaffActor } from '../common/actor';
import { isUniqueViolation } from '../common/db-errors';
import { ErrorKind } from '../common/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { assertPasswordAcceptable, hashPassword } from '../common/passwords';
import { isUuid, organizationOf } from '../common/tenancy';
import { hashSecret, newSecret } from '../common/tokens';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { AccountMailService, AccountMailTemplate } from './account-mail.service';
import { AccountTokenPurpose } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { User, UserLocale, UserStatus } from './user.entity';
import { UserError, UserErrorCode } from './users.errors';
import { UserChanges, UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  name: string;
  /** Without one the user is invited and mailed a link to choose it. */
  password?: string;
  roles: Role[];
  businessUnitIds?: string[];
  specialties?: string[];
  locale?: UserLocale;
}

/**
 * A new user whose password (if any) is already hashed: argon2 takes tens of milliseconds of CPU,
 * which no transaction should wait for, so callers hash before they open one.
 */
export interface HashedNewUser extends Omit<NewUser, 'password'> {
  /** Null: the user is invited and mailed a link to choose a password. */
  passwordHash: string | null;
}

export interface UserUpdate {
  name?: string;
  roles?: Role[];
  businessUnitIds?: string[];
  specialties?: string[];
  active?: boolean;
}

export interface UserQuery extends PageQuery {
  role?: Role;
  businessUnitId?: string;
}

export const USERS_EMAIL_UNIQUE = 'users_email_unique';
export const INVITE_VALID_HOURS = 7 * 24;

const normalizeEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly mail: AccountMailService,
    private readonly audit: AuditService,
  ) {}

  /**
   * An org admin adds a user: with a password, active at once; without, invited by mail. An email
   * already in use anywhere gets the same neutral refusal, naming no organization.
   */
  async create(actor: StaffActor, given: NewUser): Promise<User> {
    const organizationId = organizationOf(actor);
    // A JSON null password means "invite", as an absent one does.
    const password = given.password ?? undefined;
    if (password !== undefined) await assertPasswordAcceptable(password, given.email);
    const inviter = password === undefined ? await this.users.findById(actor.userId) : null;
    const input = await this.withPasswordHash({ ...given, password });
    return this.users.manager.transaction(async (manager) => {
      let user: User;
      try {
        user = await this.insert(manager, organizationId, input);
      } catch (error) {
        if (error instanceof UserError && error.code === UserErrorCode.EmailTaken) {
          throw new UserError(UserErrorCode.EmailUnavailable, 'This email cannot be used.');
        }
        throw error;
      }
      if (user.status === UserStatus.Invited) {
        await this.sendInvite(manager, user, inviter?.name);
      }
      await this.audit.record(
        actor,
        {
          organizationId,
          action: user.status === UserStatus.Invited ? 'user.invited' : 'user.created',
          objectType: 'user',
          objectId: user.id,
          details: { email: user.email, roles: user.roles, businessUnitIds: user.businessUnitIds },
        },
        manager,
      );
      return user;
    });
  }

  /** Hashes the password of a user to insert (before the caller's transaction). */
  async withPasswordHash({ password, ...rest }: NewUser): Promise<HashedNewUser> {
    return { ...rest, passwordHash: password === undefined ? null : await hashPassword(password) };
  }

  /**
   * Inserts a user of an organization; shared by user creation, organization creation and the
   * demo seed. The password rules are the caller's: the platform admin and the demo are exempt.
   */
  async insert(manager: EntityManager, organizationId: string | null, input: HashedNewUser): Promise<User> {
    const businessUnitIds = [...new Set(input.businessUnitIds ?? [])];
    await this.assertUnitsExist(manager, organizationId, businessUnitIds);
    try {
      return await this.users.insert(manager, {
        organizationId,
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        passwordHash: input.passwordHash,
        status: input.passwordHash === null ? UserStatus.Invited : UserStatus.Active,
        locale: input.locale ?? 'en',
        roles: [...new Set(input.roles)],
        businessUnitIds,
        specialties: [...new Set(input.specialties ?? [])],
      });
    } catch (error) {
      if (isUniqueViolation(error, USERS_EMAIL_UNIQUE)) {
        throw new UserError(UserErrorCode.EmailTaken, 'A user with this email already exists.');
      }
      throw error;
    }
  }

  /** An org admin changes a user of their organization; deactivating signs the user out everywhere. */
  async update(actor: StaffActor, id: string, input: UserUpdate): Promise<User> {
    const organizationId = organizationOf(actor);
    return this.users.manager.transaction(async (manager) => {
      const user = isUuid(id) ? await this.users.findForUpdate(manager, id) : null;
      if (!user || user.organizationId !== organizationId) {
        throw new UserError(UserErrorCode.UserNotFound, 'User not found.', ErrorKind.NotFound);
      }
      if (input.active === false && user.id === actor.userId) {
        throw new UserError(UserErrorCode.CannotDeactivateSelf, 'You cannot deactivate your own account.');
      }
      const changes: UserChanges = {};
      if (input.name != null) changes.name = input.name.trim();
      if (input.roles != null) changes.roles = [...new Set(input.roles)];
      if (input.specialties != null) changes.specialties = [...new Set(input.specialties)];
      if (input.businessUnitIds != null) {
        changes.businessUnitIds = [...new Set(input.businessUnitIds)];
        await this.assertUnitsExist(manager, organizationId, changes.businessUnitIds);
      }
      if (input.active === false) changes.status = UserStatus.Inactive;
      if (input.active === true && user.status === UserStatus.Inactive) {
        const withPassword = await this.users.findByIdWithPassword(user.id);
        changes.status = withPassword?.passwordHash ? UserStatus.Active : UserStatus.Invited;
      }
      if (Object.keys(changes).length > 0) await this.users.update(manager, user.id, changes);
      if (changes.status === UserStatus.Inactive) await this.refreshTokens.revokeAllOfUser(manager, user.id);
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'user.updated',
          objectType: 'user',
          objectId: user.id,
          details: { changed: Object.keys(changes) },
        },
        manager,
      );
      return { ...user, ...changes };
    });
  }

  list(actor: StaffActor, query: UserQuery): Promise<Page<User>> {
    const qb = this.users.listQuery({
      organizationId: organizationOf(actor),
      role: query.role,
      businessUnitId: query.businessUnitId,
    });
    return paginate(qb, query);
  }

  /** The reviewers and interviewers of a unit the caller has already been allowed to see. */
  unitMembers(unit: { id: string; organizationId: string }, query: PageQuery): Promise<Page<User>> {
    return paginate(this.users.unitMembersQuery(unit.organizationId, unit.id), query);
  }

  /** The user with this email and its password hash, for sign-in. */
  findForLogin(email: string): Promise<User | null> {
    return this.users.findByEmailWithPassword(normalizeEmail(email));
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** Stores the same password hashed with today's parameters (see hashPassword). */
  async renewPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.setPassword(this.users.manager, id, passwordHash);
  }

  /** Mails a new invitation link; earlier unused ones stop working. */
  async sendInvite(manager: EntityManager, user: User, inviter?: string): Promise<void> {
    const token = newSecret();
    await this.tokens.retireLive(manager, user.id, AccountTokenPurpose.Invite);
    await this.tokens.insert(manager, {
      userId: user.id,
      purpose: AccountTokenPurpose.Invite,
      tokenHash: hashSecret(token),
      expiresAt: new Date(Date.now() + INVITE_VALID_HOURS * 3_600_000),
    });
    await this.mail.queue(manager, AccountMailTemplate.Invite, user, token, {
      validForHours: INVITE_VALID_HOURS,
      inviter,
    });
  }

  private async assertUnitsExist(
    manager: EntityManager,
    organizationId: string | null,
    businessUnitIds: string[],
  ): Promise<void> {
    if (businessUnitIds.length === 0) return;
    const found = await this.users.countBusinessUnits(manager, organizationId, businessUnitIds);
    if (found !== businessUnitIds.length) {
      throw new UserError(
        UserErrorCode.UnknownBusinessUnit,
        'businessUnitIds names a business unit that does not exist in this organization.',
        ErrorKind.NotFound,
      );
    }
  }
}
