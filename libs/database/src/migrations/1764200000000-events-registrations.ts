import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsRegistrations1764200000000 implements MigrationInterface {
  name = 'EventsRegistrations1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      title text NOT NULL,
      slug text NOT NULL,
      city text NOT NULL,
      venue text,
      online boolean NOT NULL DEFAULT false,
      timezone text NOT NULL,
      locale text NOT NULL DEFAULT 'en',
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      registration_opens_at timestamptz NOT NULL,
      registration_closes_at timestamptz NOT NULL,
      capacity int NOT NULL CHECK (capacity >= 0),
      specialties text[] NOT NULL DEFAULT '{}',
      business_unit_ids uuid[] NOT NULL DEFAULT '{}',
      written_test_pass_score numeric(6,2),
      interview_minutes int NOT NULL DEFAULT 45 CHECK (interview_minutes > 0),
      buffer_minutes int NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'published', 'closed', 'completed', 'cancelled')),
      published_at timestamptz,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT events_org_slug_unique UNIQUE (organization_id, slug),
      CONSTRAINT events_dates_check CHECK (starts_at < ends_at),
      CONSTRAINT events_window_check
        CHECK (registration_opens_at < registration_closes_at AND registration_closes_at <= ends_at)
    )`);
    // Public pages address events by slug alone: at most one public (published, closed or completed)
    // event per slug across all organizations; publishing a second one answers EVENT_SLUG_TAKEN.
    await q.query(
      `CREATE UNIQUE INDEX events_public_slug_unique ON events (slug)
        WHERE status IN ('published', 'closed', 'completed')`,
    );
    await q.query(`CREATE INDEX events_org_created_idx ON events (organization_id, created_at, id)`);
    await q.query(
      `CREATE INDEX events_public_starts_idx ON events (starts_at, id)
        WHERE status IN ('published', 'closed', 'completed')`,
    );
    // The seat counter of an event, apart from the events row so that editing an event never
    // waits on the registration rush (and the other way round). The CHECK makes overselling impossible.
    await q.query(`CREATE TABLE event_seats (
      event_id uuid PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
      capacity int NOT NULL,
      registered int NOT NULL DEFAULT 0,
      CONSTRAINT event_seats_capacity_check CHECK (registered >= 0 AND registered <= capacity)
    )`);

    await q.query(`CREATE TABLE candidates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL,
      phone text,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      erased_at timestamptz,
      CONSTRAINT candidates_org_email_unique UNIQUE (organization_id, email)
    )`);

    await q.query(`CREATE SEQUENCE registrations_seq AS bigint`);
    await q.query(`CREATE TABLE registrations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
      seq bigint NOT NULL DEFAULT nextval('registrations_seq'),
      status text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'withdrawn')),
      lane text CHECK (lane IS NULL OR lane IN ('fast_track', 'standard')),
      stage text NOT NULL DEFAULT 'intake' CHECK (stage IN ('intake', 'routed', 'unrouted', 'test_required',
        'test_passed', 'test_failed', 'advanced', 'rejected', 'on_hold', 'interview_scheduled',
        'interviewed', 'offer')),
      business_unit_id uuid REFERENCES business_units(id) ON DELETE SET NULL,
      waiver jsonb,
      written_test_score numeric(6,2),
      routed_at timestamptz,
      sla_due_at timestamptz,
      checked_in_at timestamptz,
      check_in_code text,
      token_hashes text[] NOT NULL DEFAULT '{}',
      locale text NOT NULL DEFAULT 'en',
      degree text NOT NULL,
      years_of_experience int NOT NULL,
      city text NOT NULL,
      specialties text[] NOT NULL DEFAULT '{}',
      profile jsonb NOT NULL DEFAULT '{}',
      consent jsonb NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      erased_at timestamptz,
      CONSTRAINT registrations_event_candidate_unique UNIQUE (event_id, candidate_id),
      CONSTRAINT registrations_check_in_code_unique UNIQUE (check_in_code)
    )`);
    await q.query(`ALTER SEQUENCE registrations_seq OWNED BY registrations.seq`);
    await q.query(`CREATE INDEX registrations_event_seq_idx ON registrations (event_id, seq)`);
    await q.query(
      `CREATE INDEX registrations_waitlist_idx ON registrations (event_id, seq) WHERE status = 'waitlisted'`,
    );
    await q.query(`CREATE INDEX registrations_candidate_idx ON registrations (candidate_id)`);
    // Candidate tokens: only hashes, a few per registration (each mailed link adds one).
    await q.query(`CREATE INDEX registrations_token_hashes_idx ON registrations USING gin (token_hashes)`);
    await q.query(
      `CREATE INDEX registrations_unit_stage_idx ON registrations (business_unit_id, stage)
        WHERE business_unit_id IS NOT NULL`,
    );

    await q.query(`CREATE TABLE registration_timeline (
      id bigserial PRIMARY KEY,
      registration_id uuid NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      at timestamptz(3) NOT NULL DEFAULT now(),
      actor_type text NOT NULL,
      actor_id uuid,
      field text NOT NULL,
      from_value text,
      to_value text,
      reason text
    )`);
    await q.query(
      `CREATE INDEX registration_timeline_registration_idx ON registration_timeline (registration_id, id)`,
    );

    await q.query(`CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code int,
      response_body jsonb,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (scope, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'registration_timeline',
      'registrations',
      'candidates',
      'event_seats',
      'events',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS registrations_seq`);
  }
}
