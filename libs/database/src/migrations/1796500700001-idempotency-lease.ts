import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An unfinished Idempotency-Key claim belongs to one request (`owner`) and holds a lease that the
 * request renews while it runs: once it lapses (the process died) a retry takes the key over.
 * Claims made before this migration have no lease and count as leased for a minute from creation.
 */
export class IdempotencyLease1796500700001 implements MigrationInterface {
  name = 'IdempotencyLease1796500700001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys ADD COLUMN owner uuid, ADD COLUMN lease_until timestamptz(3)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE idempotency_keys DROP COLUMN IF EXISTS lease_until, DROP COLUMN IF EXISTS owner`,
    );
  }
}
