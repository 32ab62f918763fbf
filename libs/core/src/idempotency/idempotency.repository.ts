import { Injectable } from '@nestjs/common';
import { LessThan, Repository } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { IdempotencyKey } from './idempotency-key.entity';

/** An unfinished claim whose lease lapsed (a claim from before leases: a minute after creation). */
const LAPSED = `completed_at IS NULL AND COALESCE(lease_until, created_at + interval '60 seconds') < now()`;
const lease = (ms: number): string => String(Math.round(ms));

/** Every statement on `idempotency_keys`. Leases are read against the database's clock only. */
@Injectable()
export class IdempotencyRepository extends DataSourceRepository {
  private get keys(): Repository<IdempotencyKey> {
    return this.dataSource.getRepository(IdempotencyKey);
  }

  /** Inserts the claim, leased to `owner`, unless the key exists; true when this call inserted it. */
  async tryClaim(scope: string, key: string, hash: string, owner: string, leaseMs: number): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner, lease_until)
       VALUES ($1, $2, $3, $4, now() + ($5 || ' milliseconds')::interval)
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [scope, key, hash, owner, lease(leaseMs)],
    );
    return inserted.length === 1;
  }

  /**
   * Takes over an unfinished claim of the same request whose lease lapsed (its owner died); true
   * when this call took it. One statement: of concurrent retries, the row lock lets one through.
   */
  async takeOver(scope: string, key: string, hash: string, owner: string, leaseMs: number): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE idempotency_keys SET owner = $4, lease_until = now() + ($5 || ' milliseconds')::interval
        WHERE scope = $1 AND key = $2 AND request_hash = $3 AND ${LAPSED}`,
      [scope, key, hash, owner, lease(leaseMs)],
    )) as [unknown, number];
    return count === 1;
  }

  /** Extends the owner's lease; false when the claim is no longer this owner's (or finished). */
  async renew(scope: string, key: string, owner: string, leaseMs: number): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `UPDATE idempotency_keys SET lease_until = now() + ($4 || ' milliseconds')::interval
        WHERE scope = $1 AND key = $2 AND owner = $3 AND completed_at IS NULL`,
      [scope, key, owner, lease(leaseMs)],
    )) as [unknown, number];
    return count === 1;
  }

  find(scope: string, key: string): Promise<IdempotencyKey | null> {
    return this.keys.findOne({ where: { scope, key } });
  }

  /** Stores the response, if the claim is still this owner's. */
  async complete(
    scope: string,
    key: string,
    owner: string,
    statusCode: number,
    body: unknown,
  ): Promise<void> {
    await this.keys.update(
      { scope, key, owner },
      { statusCode, responseBody: (body ?? null) as object, completedAt: new Date(), leaseUntil: null },
    );
  }

  /** Forgets an unfinished claim, if it is still this owner's. */
  async release(scope: string, key: string, owner: string): Promise<void> {
    await this.keys.delete({ scope, key, owner });
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
