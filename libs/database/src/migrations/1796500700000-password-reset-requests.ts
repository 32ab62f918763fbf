import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset requests waiting for the worker: the request answers once its row (and the
 * outbox's job) is committed, the same for every email; the job deletes the row as it handles it.
 */
export class PasswordResetRequests1796500700000 implements MigrationInterface {
  name = 'PasswordResetRequests1796500700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE password_reset_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX password_reset_requests_created_idx ON password_reset_requests (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS password_reset_requests`);
  }
}
