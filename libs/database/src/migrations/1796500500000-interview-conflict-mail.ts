import { MigrationInterface, QueryRunner } from 'typeorm';

export class InterviewConflictMail1796500500000 implements MigrationInterface {
  name = 'InterviewConflictMail1796500500000';

  async up(q: QueryRunner): Promise<void> {
    // When the candidate was last asked to choose a new time for a flagged interview: the mail job
    // sends one mail per flagging (flagged after this), however often its job runs.
    await q.query(`ALTER TABLE interviews ADD COLUMN conflict_mailed_at timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE interviews DROP COLUMN conflict_mailed_at`);
  }
}
