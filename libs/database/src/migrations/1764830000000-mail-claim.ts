import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail delivery claimed in the database before it leaves (sending_at, a lease), and mails whose
 * body the mail job renders from stored facts (render_context: what it needs besides the rows it
 * reads, e.g. the access link).
 */
export class MailClaim1764830000000 implements MigrationInterface {
  name = 'MailClaim1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_messages ADD COLUMN sending_at timestamptz(3), ADD COLUMN render_context jsonb,
      ALTER COLUMN subject SET DEFAULT '', ALTER COLUMN text_body SET DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_messages DROP COLUMN render_context, DROP COLUMN sending_at,
      ALTER COLUMN subject DROP DEFAULT, ALTER COLUMN text_body DROP DEFAULT`);
  }
}
