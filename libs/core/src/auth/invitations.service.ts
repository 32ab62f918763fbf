import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ErrorKind } from '../common/domain-error';
import { assertPasswordAcceptable, hashPassword } from '../common/passwords';
import { hashSecret } from '../common/tokens';
import { AccountTokenPurpose } from '../users/account-token.entity';
import { AccountTokensRepository } from '../users/account-tokens.repository';
import { UserStatus } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuthError, AuthErrorCode } from './auth.errors';
import { AuthService, TokenPair } from './auth.service';

/** The invitee's side of an invitation: choose a password through the mailed link, and be signed in. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async accept(token: string, password: string): Promise<TokenPair> {
    const invalid = new AuthError(
      AuthErrorCode.InvalidInviteToken,
      'This invitation link is invalid, expired or already used.',
      ErrorKind.Invalid,
    );
    const row = await this.tokens.findLive(hashSecret(token), AccountTokenPurpose.Invite);
    const user = row ? await this.users.findById(row.userId) : null;
    if (!row || !user || user.status !== UserStatus.Invited) throw invalid;
    await assertPasswordAcceptable(password, user.email);
    const passwordHash = await hashPassword(password);
    await this.users.manager.transaction(async (manager) => {
      const locked = await this.users.findForUpdate(manager, user.id);
      if (locked?.status !== UserStatus.Invited || !(await this.tokens.claim(manager, row.id))) throw invalid;
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.audit.record(
        this.auth.actorOf(user),
        {
          organizationId: user.organizationId,
          action: 'user.invite_accepted',
          objectType: 'user',
          objectId: user.id,
        },
        manager,
      );
    });
    return this.auth.issue({ ...user, status: UserStatus.Active });
  }
}
