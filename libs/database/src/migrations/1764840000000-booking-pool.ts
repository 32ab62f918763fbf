import { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingPool1764840000000 implements MigrationInterface {
  name = 'BookingPool1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN auto_schedule boolean NOT NULL DEFAULT true`);
    // moved_at: when the booking pass moved it (an interview moves at most once);
    // conflict: an interview the pass may not move no longer fits someone's windows.
    await q.query(`ALTER TABLE interviews ADD COLUMN moved_at timestamptz(3),
                     ADD COLUMN conflict boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE scheduling_runs ADD COLUMN progress jsonb NOT NULL
                     DEFAULT '{"considered": 0, "booked": 0}'`);
    // Who waits for an interview and since when, and why the last pass could not book them.
    await q.query(`CREATE TABLE interview_booking_pool (
      registration_id uuid PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      pooled_at timestamptz(3) NOT NULL DEFAULT now(),
      reason text,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX interview_booking_pool_event_idx ON interview_booking_pool (event_id, pooled_at)`,
    );
    // Changes a per-event booking pass owes: the first and last since the last pass (its debounce).
    await q.query(`CREATE TABLE booking_pass_requests (
      event_id uuid PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
      first_at timestamptz(3) NOT NULL,
      last_at timestamptz(3) NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE booking_pass_requests`);
    await q.query(`DROP TABLE interview_booking_pool`);
    await q.query(`ALTER TABLE scheduling_runs DROP COLUMN progress`);
    await q.query(`ALTER TABLE interviews DROP COLUMN conflict, DROP COLUMN moved_at`);
    await q.query(`ALTER TABLE events DROP COLUMN auto_schedule`);
  }
}
