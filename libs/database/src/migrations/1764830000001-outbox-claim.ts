import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox relay claims rows with a lease instead of holding a transaction while Redis answers. */
export class OutboxClaim1764830000001 implements MigrationInterface {
  name = 'OutboxClaim1764830000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN claimed_at timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN claimed_at`);
  }
}
