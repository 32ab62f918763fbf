import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';

/** Every statement on `account_tokens` (invite and password-reset links). */
@Injectable()
export class AccountTokensRepository extends DataSourceRepository {
  private get tokens(): Repository<AccountToken> {
    return this.dataSource.getRepository(AccountToken);
  }

  async insert(
    manager: EntityManager,
    token: Pick<AccountToken, 'userId' | 'purpose' | 'tokenHash' | 'expiresAt'>,
  ): Promise<void> {
    await manager.getRepository(AccountToken).insert(token);
  }

  /** Ends the user's unused links of this purpose: only the newest one mailed works. */
  async retireLive(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager
      .getRepository(AccountToken)
      .update({ userId, purpose, usedAt: IsNull() }, { usedAt: () => 'now()' });
  }

  /** The unused, unexpired token with this hash, or null. */
  findLive(tokenHash: string, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
    return this.tokens.findOne({
      where: { tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
  }

  /** Marks the token used if it still is live; false when another request used it first. */
  async claim(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AccountToken)
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL AND expires_at > now()', { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}
