import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { AuditService } from '../audit/audit.service';
import { Role, StaffActor } from '../common/actor';
import { isUuid } from '../common/tenancy';
import { hashPassword, passwordHashOutdated, verifyPassword } from '../common/passwords';
import { hashSecret, newSecret, secretMatches } from '../common/tokens';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { User, UserStatus } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode, TooManyAttemptsError } from './auth.errors';
import { LoginAttempts } from './login-attempts';
import { RefreshTokensRepository } from '../users/refresh-tokens.repository';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Claims of a staff access token. `typ` keeps candidate and staff tokens apart. */
export interface AccessTokenClaims {
  sub: string;
  org: string | null;
  roles: Role[];
  bu: string[];
  typ: 'staff';
}

@Injectable()
export class AuthService {
  // Compared against when the email is unknown or has no password yet, so every path costs one argon2 verify.
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly attempts: LoginAttempts,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * The active user these credentials belong to. Each call spends one attempt of the account's
   * budget (known email or not) before the password is looked at; once spent, every call throws
   * TooManyAttemptsError until the window ends, whatever the password.
   */
  async checkCredentials(email: string, password: string): Promise<User> {
    const verdict = await this.attempts.take(email);
    if (!verdict.allowed) throw new TooManyAttemptsError(verdict.retryAfterSeconds);
    const user = await this.users.findForLogin(email);
    const ok = await this.passwordMatches(user, password);
    if (!user || !ok || user.status !== UserStatus.Active) {
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'Email or password is wrong.');
    }
    await this.attempts.succeeded(email);
    if (user.passwordHash && passwordHashOutdated(user.passwordHash)) {
      // The password is at hand only now: re-hash it with today's parameters.
      await this.users.renewPasswordHash(user.id, await hashPassword(password));
    }
    return user;
  }

  /** One argon2 verify whether or not the user exists or has a password. */
  async passwordMatches(user: User | null, password: string): Promise<boolean> {
    this.dummyHash ??= hashPassword(newSecret());
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    return ok && !!user?.passwordHash;
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.checkCredentials(email, password);
    await this.audit.record(this.actorOf(user), {
      organizationId: user.organizationId,
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
    });
    return this.issue(user);
  }

  /** Rotates a refresh token: the presented one dies; presenting a dead one revokes its whole family. */
  async refresh(presented: string): Promise<TokenPair> {
    const invalid = new AuthError(
      AuthErrorCode.InvalidRefreshToken,
      'The refresh token is invalid or expired.',
    );
    const [id, secret] = presented.split('.');
    if (!isUuid(id) || !secret) throw invalid;
    const outcome = await this.refreshTokens.manager.transaction(async (manager) => {
      const token = await this.refreshTokens.findForUpdate(manager, id);
      if (!token || !secretMatches(secret, token.tokenHash)) return { error: invalid };
      if (token.usedAt || token.revokedAt) {
        await this.refreshTokens.revokeFamily(manager, token.familyId);
        return {
          error: new AuthError(
            AuthErrorCode.RefreshTokenReused,
            'This refresh token was already used; every session it belongs to is now signed out.',
          ),
        };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { error: invalid };
      await this.refreshTokens.markUsed(manager, token.id);
      return { token };
    });
    if ('error' in outcome) throw outcome.error;
    const user = await this.users.findById(outcome.token.userId);
    if (!user || user.status !== UserStatus.Active) throw invalid;
    return this.issue(user, outcome.token.familyId);
  }

  async me(actor: StaffActor): Promise<{
    user: User;
    organization: Organization | null;
    roles: Role[];
    businessUnitIds: string[];
  }> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new AuthError(AuthErrorCode.InvalidCredentials, 'This account no longer exists.');
    const organization = user.organizationId ? await this.organizations.findById(user.organizationId) : null;
    return { user, organization, roles: user.roles, businessUnitIds: user.businessUnitIds };
  }

  verifyAccessToken(token: string): StaffActor | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token);
      if (claims.typ !== 'staff') return null;
      return {
        kind: 'staff',
        userId: claims.sub,
        organizationId: claims.org,
        roles: claims.roles,
        businessUnitIds: claims.bu,
      };
    } catch {
      return null;
    }
  }

  actorOf(user: User): StaffActor {
    return {
      kind: 'staff',
      userId: user.id,
      organizationId: user.organizationId,
      roles: user.roles,
      businessUnitIds: user.businessUnitIds,
    };
  }

  /** A new token pair; without a family, a new session. */
  async issue(user: User, familyId: string = randomUUID()): Promise<TokenPair> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      org: user.organizationId,
      roles: user.roles,
      bu: user.businessUnitIds,
      typ: 'staff',
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.accessTtlSeconds });
    const secret = newSecret();
    const id = await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlDays * 86_400_000),
    });
    return {
      accessToken,
      refreshToken: `${id}.${secret}`,
      expiresIn: this.config.jwt.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }
}
