import { MigrationInterface, QueryRunner } from 'typeorm';

export class InterviewerCalendars1764890000000 implements MigrationInterface {
  name = 'InterviewerCalendars1764890000000';

  async up(q: QueryRunner): Promise<void> {
    // One calendar per user: a feed URL refreshed periodically, or (feed_url NULL) an uploaded file.
    // busy holds the last good busy intervals; a failed fetch keeps them and records last_error.
    await q.query(`CREATE TABLE interviewer_calendars (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL,
      feed_url text,
      busy jsonb NOT NULL DEFAULT '[]',
      fetched_at timestamptz(3),
      last_error text,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX interviewer_calendars_feed_idx ON interviewer_calendars (user_id) WHERE feed_url IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE interviewer_calendars`);
  }
}
