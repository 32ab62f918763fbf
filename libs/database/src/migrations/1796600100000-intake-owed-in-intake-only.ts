import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake is owed only while a registration is in the intake stage. Before, a registration without a
 * lane was owed whatever its stage, so one a recruiter had routed by hand before its intake ran
 * (intake → routed is a staff move) stayed owed: every intake batch of its event failed on it and
 * took the others one by one, and it failed again at each reconcile. The partial index follows the
 * rule (intake.repository.ts, OWED_SQL).
 */
export class IntakeOwedInIntakeOnly1796600100000 implements MigrationInterface {
  name = 'IntakeOwedInIntakeOnly1796600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS registrations_intake_owed_event_idx`);
    await q.query(
      `CREATE INDEX registrations_intake_owed_event_idx ON registrations (event_id, seq)
        WHERE status <> 'withdrawn' AND stage = 'intake' AND (lane IS NULL OR status = 'registered')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS registrations_intake_owed_event_idx`);
    await q.query(
      `CREATE INDEX registrations_intake_owed_event_idx ON registrations (event_id, seq)
        WHERE status <> 'withdrawn' AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))`,
    );
  }
}
