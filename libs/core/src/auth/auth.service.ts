import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { AuditService } from '../audit/audit.service';
import { Role, StaffActor } from '../common/actor';
import { isUuid } from '../common/tenancy';
import { hashSecret, newSecret, secretMatches } from '../common/tokens';
import { hashPassword, verifyPassword } from '../common/passwords';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { RefreshToken } from './refresh-token.entity';

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
  // Compared against when the email is unknown, so both paths cost one argon2 verify.
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  /** The user these credentials belong to, or null; costs one argon2 verify either way. */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findForLogin(email);
    this.dummyHash ??= hashPassword(newSecret());
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    return user && ok ? user : null;
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.verifyCredentials(email, password);
    if (!user) throw new AuthError(AuthErrorCode.InvalidCredentials, 'Email or password is wrong.');
    await this.audit.record(
      {
        kind: 'staff',
        userId: user.id,
        organizationId: user.organizationId,
        roles: user.roles,
        businessUnitIds: [],
      },
      { organizationId: user.organizationId, action: 'auth.login', objectType: 'user', objectId: user.id },
    );
    return this.issue(user, randomUUID());
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
      const repo = manager.getRepository(RefreshToken);
      const token = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token || !secretMatches(secret, token.tokenHash)) return { error: invalid };
      if (token.usedAt || token.revokedAt) {
        await repo.update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return {
          error: new AuthError(
            AuthErrorCode.RefreshTokenReused,
            'This refresh token was already used; every session it belongs to is now signed out.',
          ),
        };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { error: invalid };
      await repo.update({ id: token.id }, { usedAt: new Date() });
      return { token };
    });
    if ('error' in outcome) throw outcome.error;
    const user = await this.users.findById(outcome.token.userId);
    if (!user) throw invalid;
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
    const organization = user.organizationId
      ? await this.refreshTokens.manager
          .getRepository(Organization)
          .findOne({ where: { id: user.organizationId } })
      : null;
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

  private async issue(user: User, familyId: string): Promise<TokenPair> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      org: user.organizationId,
      roles: user.roles,
      bu: user.businessUnitIds,
      typ: 'staff',
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.accessTtlSeconds });
    const secret = newSecret();
    const row = await this.refreshTokens.save(
      this.refreshTokens.create({
        userId: user.id,
        familyId,
        tokenHash: hashSecret(secret),
        expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlDays * 86_400_000),
      }),
    );
    return {
      accessToken,
      refreshToken: `${row.id}.${secret}`,
      expiresIn: this.config.jwt.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }
}
