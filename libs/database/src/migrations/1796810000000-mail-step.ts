import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline step a mail tells of (the `since` of its tell: when the registration was routed,
 * fast-tracked, asked for the written test...); null for every other mail. Unique per registration
 * and template, so that a pipeline-mail job that runs twice at once, or again after its commit,
 * stores each mail once: its one statement inserts with ON CONFLICT DO NOTHING and writes the
 * token and outbox rows only for the mails it inserted.
 */
export class MailStep1796810000000 implements MigrationInterface {
  name = 'MailStep1796810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_messages ADD COLUMN step_at timestamptz(3)`);
    await q.query(
      `CREATE UNIQUE INDEX mail_messages_step_once_idx ON mail_messages (subject_id, template, step_at)
        WHERE step_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX mail_messages_step_once_idx`);
    await q.query(`ALTER TABLE mail_messages DROP COLUMN step_at`);
  }
}
