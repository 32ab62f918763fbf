import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { NotificationJob, PasswordResetPayload, QueueName, passwordResetJobId } from '@hirefair/queue';
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
import { OutboxService } from '../outbox/outbox.service';
import { PasswordResetRequestsRepository } from './password-reset-requests.repository';

export const RESET_VALID_HOURS = 1;
/** A request not handled within a link's lifetime is dropped: a link that late would surprise. */
const REQUEST_KEPT_MS = RESET_VALID_HOURS * 3_600_000;
/** A request still waiting after this long gets its job again (Redis lost it, or it is retrying). */
const REQUEST_OWED_AFTER_MS = 60_000;

/** What the job did with a request. */
export type PasswordResetOutcome = 'mailed' | 'invited' | 'no-account' | 'expired' | 'handled-before';

/** Password reset by mailed link, and a signed-in user's own password change. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly tokens: AccountTokensRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly mail: AccountMailService,
    private readonly auth: AuthService,
    private readonly attempts: LoginAttempts,
    private readonly audit: AuditService,
    private readonly requests: PasswordResetRequestsRepository,
    private readonly outbox: OutboxService,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue<PasswordResetPayload>,
  ) {}

  /**
   * Records the request and its job (outbox) in one transaction and answers: the same statements
   * for every email, no lookup, so neither the answer nor its timing tells whether the account
   * exists. The job (`handle`) does the rest in the worker; a process that dies loses nothing.
   */
  async request(email: string): Promise<{ accepted: true }> {
    await this.users.manager.transaction(async (manager) => {
      const requestId = await this.requests.insert(manager, email.trim().toLowerCase());
      await this.outbox.add(manager, {
        queue: QueueName.Notifications,
        name: NotificationJob.PasswordReset,
        jobId: passwordResetJobId(requestId),
        payload: { requestId } satisfies PasswordResetPayload,
      });
    });
    return { accepted: true };
  }

  /**
   * The job of a request: an active account gets a reset link; an invited one, whose link may be
   * lost or expired, a new invitation; any other email nothing. The request row is deleted in the
   * same transaction, so a retry or a re-enqueued job mails nothing twice.
   */
  async handle(requestId: string): Promise<PasswordResetOutcome> {
    return this.users.manager.transaction(async (manager) => {
      const request = await this.requests.take(manager, requestId);
      if (!request) return 'handled-before';
      if (Date.now() - request.createdAt.getTime() > REQUEST_KEPT_MS) return 'expired';
      const found = await this.users.findByEmailWithPassword(request.email);
      // Locked: two requests for one account (or one beside a status change) take turns.
      const user = found ? await this.users.findForUpdate(manager, found.id) : null;
      if (user?.status === UserStatus.Invited) {
        await this.accounts.sendInvite(manager, user);
        return 'invited';
      }
      if (user?.status !== UserStatus.Active) return 'no-account';
      const token = newSecret();
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
      return 'mailed';
    });
  }

  /**
   * Periodic (the reconciler): drops requests older than a link's lifetime and re-adds the job of
   * those still waiting after a minute (the same job id: a job still in the queue is not doubled).
   */
  async reconcile(): Promise<number> {
    await this.requests.purge(REQUEST_KEPT_MS);
    const waiting = await this.requests.waiting(REQUEST_OWED_AFTER_MS);
    if (waiting.length === 0) return 0;
    await this.queue.addBulk(
      waiting.map((requestId) => ({
        name: NotificationJob.PasswordReset,
        data: { requestId },
        opts: { jobId: passwordResetJobId(requestId) },
      })),
    );
    return waiting.length;
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
    await assertPasswordAcceptable(password, user.email);
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
    await assertPasswordAcceptable(newPassword, user.email, 'newPassword');
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
}
