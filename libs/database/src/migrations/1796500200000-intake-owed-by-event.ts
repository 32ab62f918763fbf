import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake's look for an event's owed registrations, in arrival order: an index of exactly those
 * rows (the intake's rule), so that each batch reads what it takes, not every registration of the
 * event it has already taken (and their dead versions, which pile up during a rush).
 */
export class IntakeOwedByEvent1796500200000 implements MigrationInterface {
  name = 'IntakeOwedByEvent1796500200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX registrations_intake_owed_event_idx ON registrations (event_id, seq)
        WHERE status <> 'withdrawn' AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS registrations_intake_owed_event_idx`);
  }
}
