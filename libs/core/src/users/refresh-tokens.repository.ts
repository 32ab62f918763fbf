import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { RefreshToken } from './refresh-token.entity';

/** Every statement on `refresh_tokens`. */
@Injectable()
export class RefreshTokensRepository extends DataSourceRepository {
  private get tokens(): Repository<RefreshToken> {
    return this.dataSource.getRepository(RefreshToken);
  }

  async insert(
    token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<string> {
    const row = this.tokens.create(token);
    await this.tokens.insert(row);
    return row.id;
  }

  findForUpdate(manager: EntityManager, id: string): Promise<RefreshToken | null> {
    return manager
      .getRepository(RefreshToken)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(RefreshToken).update({ id }, { usedAt: new Date() });
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager
      .getRepository(RefreshToken)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Signs the user out everywhere: no refresh token of theirs works any more. */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager
      .getRepository(RefreshToken)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
