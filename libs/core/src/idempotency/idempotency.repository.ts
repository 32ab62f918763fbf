import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, Repository } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

/** Every statement on `idempotency_keys`. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get keys(): Repository<IdempotencyKey> {
    return this.dataSource.getRepository(IdempotencyKey);
  }

  /** Inserts the claim unless the key exists; true when this call inserted it. */
  async tryClaim(scope: string, key: string, hash: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [scope, key, hash],
    );
    return inserted.length === 1;
  }

  find(scope: string, key: string): Promise<IdempotencyKey | null> {
    return this.keys.findOne({ where: { scope, key } });
  }

  /** Removes an unfinished claim made at `createdAt` (not one taken over since). */
  async dropAbandoned(scope: string, key: string, createdAt: Date): Promise<void> {
    await this.keys.delete({ scope, key, completedAt: IsNull(), createdAt });
  }

  async complete(scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.keys.update(
      { scope, key },
      { statusCode, responseBody: (body ?? null) as object, completedAt: new Date() },
    );
  }

  async delete(scope: string, key: string): Promise<void> {
    await this.keys.delete({ scope, key });
  }

  async deleteWithResponseField(field: string, value: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE response_body ->> $1 = $2`, [
      field,
      value,
    ]);
  }

  async deleteCreatedBefore(before: Date): Promise<number> {
    const result = await this.keys.delete({ createdAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
