import { MigrationInterface, QueryRunner } from 'typeorm';

export class Interviews1764400000000 implements MigrationInterface {
  name = 'Interviews1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE TABLE interviewer_availability (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      interviewer_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      during tstzrange NOT NULL CHECK (NOT isempty(during)),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX interviewer_availability_event_idx ON interviewer_availability (event_id, interviewer_id)`,
    );
    await q.query(`CREATE TABLE candidate_availability (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      registration_id uuid NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
      during tstzrange NOT NULL CHECK (NOT isempty(during)),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX candidate_availability_registration_idx ON candidate_availability (registration_id)`,
    );
    // Two active interviews of one interviewer, or of one candidate, can never overlap: whichever
    // booking commits second fails with 23P01 and retries with another slot.
    await q.query(`CREATE TABLE interviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      registration_id uuid NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
      interviewer_id uuid NOT NULL REFERENCES users(id),
      business_unit_id uuid NOT NULL REFERENCES business_units(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'confirmed', 'declined', 'cancelled', 'completed')),
      ical_uid text NOT NULL,
      version int NOT NULL DEFAULT 0 CHECK (version >= 0),
      location text,
      scheduling_run_id uuid,
      replaces_id uuid REFERENCES interviews(id),
      replaced_by_id uuid REFERENCES interviews(id),
      status_reason text,
      confirmed_at timestamptz(3),
      ended_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT interviews_time_order CHECK (ends_at > starts_at),
      CONSTRAINT interviews_interviewer_no_overlap EXCLUDE USING gist
        (interviewer_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('scheduled', 'confirmed')),
      CONSTRAINT interviews_registration_no_overlap EXCLUDE USING gist
        (registration_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('scheduled', 'confirmed'))
    )`);
    await q.query(`CREATE INDEX interviews_event_idx ON interviews (event_id, starts_at)`);
    await q.query(`CREATE INDEX interviews_registration_idx ON interviews (registration_id)`);
    await q.query(`CREATE INDEX interviews_interviewer_idx ON interviews (interviewer_id, starts_at)`);
    await q.query(`CREATE TABLE interview_feedback (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      interview_id uuid NOT NULL UNIQUE REFERENCES interviews(id) ON DELETE CASCADE,
      interviewer_id uuid NOT NULL REFERENCES users(id),
      recommendation text NOT NULL CHECK (recommendation IN ('strong_yes', 'yes', 'no', 'strong_no')),
      scores jsonb NOT NULL DEFAULT '{}',
      notes text,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE scheduling_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
      scheduled int NOT NULL DEFAULT 0,
      unscheduled jsonb NOT NULL DEFAULT '[]',
      requested_by uuid,
      error text,
      started_at timestamptz(3),
      finished_at timestamptz(3),
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX scheduling_runs_event_idx ON scheduling_runs (event_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduling_runs`);
    await q.query(`DROP TABLE interview_feedback`);
    await q.query(`DROP TABLE interviews`);
    await q.query(`DROP TABLE candidate_availability`);
    await q.query(`DROP TABLE interviewer_availability`);
  }
}
