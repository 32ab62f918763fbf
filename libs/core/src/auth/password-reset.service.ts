import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { ErrorKind } from '../common/domain-error';
import { assertPasswordAcceptable, hashPassword } from '../common/passwords';
import { hashSecret, newSecret } from '../common/tokens';
import { AccountMailService, AccountMailTemplate } from '../users/account-mail.service';
import { AccountTokenPurpose } from '../users/account-token.entity';
import { AccountTokensRepository } from '../users/account-tokens.repository';
import { UserStatus } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { AuthError, AuthErrorCode, TooManyAttemptsError } from './auth.errors';
import { AuthService, TokenPair } from './auth.service';
import { LoginAttempts } from './login-attempts';
import { RefreshTokensRepository } from '../users/refresh-tokens.repository';

export const RESET_VALID_HOURS = 1;

/** Password reset by mailed link, and a signed-in user's own password change. */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly tokens: AccountTokensRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly mail: AccountMailService,
    private readonly auth: AuthService,
    private readonly attempts: LoginAttempts,
    private readonly audit: AuditService,
  ) {}

  /**
   * Answers at once and does the work after: the caller cannot tell from the answer or its timing
   * whether the account exists. The mail, when owed, is queued durably like any other.
   */
  request(email: string): { accepted: true } {
    const work = this.mailResetLink(email.trim().toLowerCase())
      .catch((error: Error) => this.logger.error(`Password reset for a request failed: ${error.message}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
    return { accepted: true };
  }

  async confirm(token: string, password: string): Promise<{ email: string }> {
    const invalid = new AuthError(
      AuthErrorCode.InvalidResetToken,
      'This password reset link is invalid, expired or already used.',
      ErrorKind.Invalid,
    );
    const row = await this.tokens.findLive(hashSecret(token), AccountTokenPurpose.PasswordReset);
    const user = row ? await this.users.findById(row.userId) : null;
    if (!row || !user || user.status !== UserStatus.Active) throw invalid;
    assertPasswordAcceptable(password, user.email);
    const passwordHash = await hashPassword(password);
    await this.users.manager.transaction(async (manager) => {
      if (!(await this.tokens.claim(manager, row.id))) throw invalid;
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.refreshTokens.revokeAllOfUser(manager, user.id);
      await this.audit.record(
        this.auth.actorOf(user),
        {
          organizationId: user.organizationId,
          action: 'user.password_reset',
          objectType: 'user',
          objectId: user.id,
        },
        manager,
      );
    });
    // Whoever holds the mailbox has proven it is their account: a lock from guessed passwords ends.
    await this.attempts.succeeded(user.email);
    return { email: user.email };
  }

  /**
   * Changes the caller's own password. A wrong current password spends an attempt of the account's
   * login budget. Every refresh token is revoked; the caller gets a fresh pair to stay signed in.
   */
  async change(actor: StaffActor, currentPassword: string, newPassword: string): Promise<TokenPair> {
    const user = await this.users.findByIdWithPassword(actor.userId);
    if (!user || user.status !== UserStatus.Active) {
      throw new AuthError(AuthErrorCode.InvalidCredentials, 'This account cannot sign in.');
    }
    const verdict = await this.attempts.take(user.email);
    if (!verdict.allowed) throw new TooManyAttemptsError(verdict.retryAfterSeconds);
    if (!(await this.auth.passwordMatches(user, currentPassword))) {
      throw new AuthError(
        AuthErrorCode.InvalidCurrentPassword,
        'The current password is wrong.',
        ErrorKind.Invalid,
      );
    }
    await this.attempts.succeeded(user.email);
    assertPasswordAcceptable(newPassword, user.email, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await this.users.manager.transaction(async (manager) => {
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.refreshTokens.revokeAllOfUser(manager, user.id);
      await this.audit.record(
        actor,
        {
          organizationId: user.organizationId,
          action: 'user.password_changed',
          objectType: 'user',
          objectId: user.id,
        },
        manager,
      );
    });
    return this.auth.issue(user);
  }

  /** Waits for reset requests still being handled (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  onModuleDestroy(): Promise<void> {
    return this.settled();
  }

  /** An active account gets a reset link; an invited one, whose link may be lost or expired, a new invitation. */
  private async mailResetLink(email: string): Promise<void> {
    const user = await this.users.findByEmailWithPassword(email);
    if (user?.status === UserStatus.Invited) {
      await this.users.manager.transaction((manager) => this.accounts.sendInvite(manager, user));
      return;
    }
    if (!user || user.status !== UserStatus.Active) return;
    const token = newSecret();
    await this.users.manager.transaction(async (manager) => {
      await this.tokens.retireLive(manager, user.id, AccountTokenPurpose.PasswordReset);
      await this.tokens.insert(manager, {
        userId: user.id,
        purpose: AccountTokenPurpose.PasswordReset,
        tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + RESET_VALID_HOURS * 3_600_000),
      });
      await this.mail.queue(manager, AccountMailTemplate.PasswordReset, user, token, {
        validForHours: RESET_VALID_HOURS,
      });
    });
  }
}
