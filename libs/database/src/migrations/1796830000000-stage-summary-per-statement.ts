import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * registration_stage_summary (migration 1764500000000-reports) is kept by one trigger call per
 * INSERT statement on registration_timeline instead of one per stage row: the intake writes about
 * 200 stage rows per statement, and the row trigger (a plpgsql call and an upsert each) was measured
 * at ~11 ms of a 25–45 ms intake statement.
 *
 * The statement's rows (its transition table, new_rows) are grouped per registration before the
 * upsert, so that no summary row is touched twice in one command (ON CONFLICT DO UPDATE refuses
 * that), and the groups fold exactly as the row trigger's upserts did one after another: the stage
 * bits OR'ed, the earliest 'advanced' or 'rejected' time kept. A statement without stage rows
 * upserts nothing (a statement trigger has no WHEN on the rows; the WHERE does it). Groups are
 * upserted in registration id order, so that two statements lock the summary rows they share in
 * the same order.
 */
export class StageSummaryPerStatement1796830000000 implements MigrationInterface {
  name = 'StageSummaryPerStatement1796830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER registration_timeline_stage_summary ON registration_timeline`);
    await q.query(`DROP FUNCTION registration_stage_summary_apply()`);
    await q.query(`CREATE FUNCTION registration_stage_summary_apply_statement() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO registration_stage_summary AS s (registration_id, event_id, stages_mask, first_decision_at)
        SELECT n.registration_id, r.event_id, bit_or(registration_stage_bit(n.to_value)),
               min(n.at) FILTER (WHERE n.to_value IN ('advanced', 'rejected'))
          FROM new_rows n JOIN registrations r ON r.id = n.registration_id
         WHERE n.field = 'stage'
         GROUP BY n.registration_id, r.event_id
         ORDER BY n.registration_id
        ON CONFLICT (registration_id) DO UPDATE
          SET stages_mask = s.stages_mask | EXCLUDED.stages_mask,
              first_decision_at = LEAST(s.first_decision_at, EXCLUDED.first_decision_at);
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER registration_timeline_stage_summary
      AFTER INSERT ON registration_timeline REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION registration_stage_summary_apply_statement()`);
  }

  /** The row trigger of 1764500000000-reports, as it was. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER registration_timeline_stage_summary ON registration_timeline`);
    await q.query(`DROP FUNCTION registration_stage_summary_apply_statement()`);
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
  }
}
