import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1764500000000 implements MigrationInterface {
  name = 'Reports1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // An organization's market reference figures; none = the shipped defaults (MARKET_DEFAULTS).
    await q.query(`CREATE TABLE market_benchmarks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      position int NOT NULL CHECK (position >= 0),
      specialty text NOT NULL CHECK (length(specialty) BETWEEN 1 AND 100),
      city text CHECK (city IS NULL OR length(city) BETWEEN 1 AND 100),
      avg_monthly_salary_cny numeric(12,2) CHECK (avg_monthly_salary_cny IS NULL OR avg_monthly_salary_cny >= 0),
      demand_growth_pct numeric(8,2),
      share_of_jobs_pct numeric(5,2)
        CHECK (share_of_jobs_pct IS NULL OR share_of_jobs_pct BETWEEN 0 AND 100),
      city_rank int CHECK (city_rank IS NULL OR city_rank > 0),
      source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
      updated_by uuid,
      updated_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX market_benchmarks_key_unique
        ON market_benchmarks (organization_id, specialty, lower(coalesce(city, '')))`,
    );
    // What the report needs from a registration's timeline, kept up to date by a trigger as stage
    // changes are appended: a bit per stage it ever reached (registration_stage_bit) and its first
    // decision. The report then reads one row per registration of its event instead of grouping
    // every timeline row (measured in bench/report.ts). The timeline is append-only.
    await q.query(`CREATE FUNCTION registration_stage_bit(stage text) RETURNS int
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE stage WHEN 'routed' THEN 1 WHEN 'advanced' THEN 2 WHEN 'interview_scheduled' THEN 4
          WHEN 'interviewed' THEN 8 WHEN 'offer' THEN 16 WHEN 'test_required' THEN 32
          WHEN 'test_passed' THEN 64 WHEN 'test_failed' THEN 128 WHEN 'rejected' THEN 256
          WHEN 'on_hold' THEN 512 WHEN 'unrouted' THEN 1024 ELSE 0 END
      $$`);
    await q.query(`CREATE TABLE registration_stage_summary (
      registration_id uuid PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
      event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
      stages_mask int NOT NULL DEFAULT 0,
      first_decision_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX registration_stage_summary_event_idx ON registration_stage_summary (event_id)`,
    );
    await q.query(`CREATE FUNCTION registration_stage_summary_apply() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO registration_stage_summary AS s (registration_id, event_id, stages_mask, first_decision_at)
        SELECT NEW.registration_id, r.event_id, registration_stage_bit(NEW.to_value),
               CASE WHEN NEW.to_value IN ('advanced', 'rejected') THEN NEW.at END
          FROM registrations r WHERE r.id = NEW.registration_id
        ON CONFLICT (registration_id) DO UPDATE
          SET stages_mask = s.stages_mask | EXCLUDED.stages_mask,
              first_decision_at = LEAST(s.first_decision_at, EXCLUDED.first_decision_at);
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER registration_timeline_stage_summary
      AFTER INSERT ON registration_timeline FOR EACH ROW WHEN (NEW.field = 'stage')
      EXECUTE FUNCTION registration_stage_summary_apply()`);
    await q.query(`INSERT INTO registration_stage_summary (registration_id, event_id, stages_mask, first_decision_at)
      SELECT tl.registration_id, r.event_id, bit_or(registration_stage_bit(tl.to_value)),
             min(tl.at) FILTER (WHERE tl.to_value IN ('advanced', 'rejected'))
        FROM registration_timeline tl JOIN registrations r ON r.id = tl.registration_id
       WHERE tl.field = 'stage'
       GROUP BY tl.registration_id, r.event_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS registration_timeline_stage_summary ON registration_timeline`);
    await q.query(`DROP FUNCTION IF EXISTS registration_stage_summary_apply()`);
    await q.query(`DROP TABLE IF EXISTS registration_stage_summary`);
    await q.query(`DROP FUNCTION IF EXISTS registration_stage_bit(text)`);
    await q.query(`DROP TABLE IF EXISTS market_benchmarks`);
  }
}
