import { MigrationInterface, QueryRunner } from 'typeorm';

export class FastTrack1764300000000 implements MigrationInterface {
  name = 'FastTrack1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE waiver_policies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      version int NOT NULL CHECK (version > 0),
      rules jsonb NOT NULL,
      created_by uuid,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      CONSTRAINT waiver_policies_event_version_unique UNIQUE (event_id, version)
    )`);
    await q.query(`CREATE TABLE routing_configs (
      event_id uuid PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      strategy text NOT NULL CHECK (strategy IN ('least_loaded', 'weighted')),
      rules jsonb NOT NULL,
      round_robin_state jsonb NOT NULL DEFAULT '{}',
      updated_by uuid,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE review_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      registration_id uuid NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
      business_unit_id uuid NOT NULL REFERENCES business_units(id) ON DELETE CASCADE,
      reviewer_id uuid,
      decision text NOT NULL CHECK (decision IN ('advance', 'reject', 'hold', 'reroute')),
      notes text,
      scores jsonb NOT NULL DEFAULT '{}',
      rerouted_to uuid,
      created_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX review_decisions_registration_idx ON review_decisions (registration_id, created_at)`,
    );
    await q.query(
      `ALTER TABLE registrations ADD COLUMN sla_breached_at timestamptz, ADD COLUMN unrouted_reason text`,
    );
    // The review queue: a unit's open reviews, fast-track first, oldest routed first.
    await q.query(
      `CREATE INDEX registrations_review_queue_idx ON registrations
        (business_unit_id, (CASE WHEN lane = 'fast_track' THEN 0 ELSE 1 END), routed_at, id)
        WHERE stage IN ('routed', 'on_hold')`,
    );
    // The reconciler's scan for intake still owed.
    await q.query(
      `CREATE INDEX registrations_intake_owed_idx ON registrations (updated_at)
        WHERE status <> 'withdrawn' AND (lane IS NULL OR stage = 'intake')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS registrations_intake_owed_idx`);
    await q.query(`DROP INDEX IF EXISTS registrations_review_queue_idx`);
    await q.query(
      `ALTER TABLE registrations DROP COLUMN IF EXISTS unrouted_reason, DROP COLUMN IF EXISTS sla_breached_at`,
    );
    await q.query(`DROP TABLE IF EXISTS review_decisions`);
    await q.query(`DROP TABLE IF EXISTS routing_configs`);
    await q.query(`DROP TABLE IF EXISTS waiver_policies`);
  }
}
