import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job that owes a mail together with the other mails its statement stored (`send-mails`, named
 * after the statement's first mail); null for a mail with a `send-mail` job of its own. The
 * reconciler reads it to leave alone the mails whose batch job is still waiting in Redis, and
 * re-owes one by one those whose batch job is gone or finished.
 */
export class MailBatchJob1796700000000 implements MigrationInterface {
  name = 'MailBatchJob1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_messages ADD COLUMN batch_job_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_messages DROP COLUMN batch_job_id`);
  }
}
