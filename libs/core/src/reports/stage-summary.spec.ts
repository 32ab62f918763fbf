import { serviceEvent, serviceRegistration, serviceSpec } from '@hirefair/testing';

type Summary = { registration_id: string; stages_mask: number; first_decision_at: string | null };

/**
 * registration_stage_summary as its trigger keeps it (migration 1796830000000-stage-summary-per-
 * statement): one INSERT of many timeline rows, several per registration, gives the summary rows the
 * row-by-row rule gives (migration 1764500000000-reports: per stage row, its stage's bit OR'ed into
 * the registration's mask and an 'advanced' or 'rejected' time kept when earlier), and a later
 * statement folds into the rows already there. Written against the rule, not the trigger: it passes
 * on the row trigger as well.
 */
describe('registration_stage_summary, kept on timeline inserts', () => {
  const spec = serviceSpec();
  const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };

  beforeAll(async () => {
    const event = await serviceEvent(spec.s, spec.admin, { capacity: 10 });
    for (const key of Object.keys(ids) as (keyof typeof ids)[])
      ids[key] = (await serviceRegistration(spec.s, event.slug)).registrationId;
  });

  /** One INSERT of [registration, field, to_value, minutes after the base time] rows. */
  const insertTimeline = async (rows: [string, string, string, number][]): Promise<void> => {
    await spec.s.db.query(
      `INSERT INTO registration_timeline (registration_id, organization_id, actor_type, field, to_value, at)
       SELECT r.id, r.organization_id, 'system', v.field, v.to_value,
              timestamptz '2026-12-01 09:00+00' + v.minutes * interval '1 minute'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY
                AS v(registration_id, field, to_value, minutes, ord)
         JOIN registrations r ON r.id = v.registration_id
        ORDER BY v.ord`,
      [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
    );
  };
  const isoDecision = (row: Summary): Summary => ({
    ...row,
    first_decision_at: row.first_decision_at && new Date(row.first_decision_at).toISOString(),
  });
  const at = (minutes: number): string => new Date(Date.UTC(2026, 11, 1, 9, minutes)).toISOString();
  const summaries = async (): Promise<Summary[]> =>
    (
      await spec.s.db.query(
        `SELECT registration_id, stages_mask, first_decision_at FROM registration_stage_summary
          WHERE registration_id = ANY($1) ORDER BY registration_id`,
        [Object.values(ids)],
      )
    ).map(isoDecision);
  /** The row-by-row rule folded over the whole (append-only) timeline, as the backfill computes it. */
  const fromTimeline = async (): Promise<Summary[]> =>
    (
      await spec.s.db.query(
        `SELECT tl.registration_id, bit_or(registration_stage_bit(tl.to_value)) AS stages_mask,
                min(tl.at) FILTER (WHERE tl.to_value IN ('advanced', 'rejected')) AS first_decision_at
           FROM registration_timeline tl
          WHERE tl.registration_id = ANY($1) AND tl.field = 'stage'
          GROUP BY tl.registration_id ORDER BY tl.registration_id`,
        [Object.values(ids)],
      )
    ).map(isoDecision);
  const expected = (rows: Record<string, [number, string | null]>): Summary[] =>
    Object.entries(rows)
      .map(([key, [mask, decided]]) => ({
        registration_id: ids[key as keyof typeof ids],
        stages_mask: mask,
        first_decision_at: decided,
      }))
      .sort((x, y) => x.registration_id.localeCompare(y.registration_id));

  it('folds one statement of several rows per registration, and a later statement into them', async () => {
    // Registering writes 'status' rows only: no summary yet.
    expect(await summaries()).toEqual([]);
    const { a, b, c, d } = ids;
    await insertTimeline([
      [a, 'stage', 'routed', 1],
      [b, 'stage', 'rejected', 5],
      [a, 'stage', 'advanced', 3],
      [c, 'stage', 'test_required', 2],
      [a, 'stage', 'rejected', 2], // earlier than a's 'advanced', later in the statement
      [c, 'status', 'rejected', 1], // not a stage row: neither a bit nor a decision
      [d, 'status', 'withdrawn', 4], // d has no stage row: no summary row
      [c, 'stage', 'test_passed', 6],
    ]);
    // routed 1, advanced 2, rejected 256, test_required 32, test_passed 64.
    expect(await summaries()).toEqual(
      expected({ a: [1 | 2 | 256, at(2)], b: [256, at(5)], c: [32 | 64, null] }),
    );
    expect(await summaries()).toEqual(await fromTimeline());

    await insertTimeline([
      [a, 'stage', 'interview_scheduled', 10],
      [b, 'stage', 'on_hold', 0],
      [b, 'stage', 'advanced', 4], // earlier than b's 'rejected' of the first statement
      [c, 'stage', 'routed', 7],
      [c, 'stage', 'advanced', 8],
      [d, 'stage', 'unrouted', 9],
      [a, 'stage', 'advanced', 11], // later than a's first decision: it stays
    ]);
    // interview_scheduled 4, on_hold 512, unrouted 1024.
    expect(await summaries()).toEqual(
      expected({
        a: [1 | 2 | 4 | 256, at(2)],
        b: [2 | 256 | 512, at(4)],
        c: [1 | 2 | 32 | 64, at(8)],
        d: [1024, null],
      }),
    );
    expect(await summaries()).toEqual(await fromTimeline());

    // One statement that inserts timeline rows of one registration from two of its parts (as the
    // intake's write does with its CTEs): the trigger sees both parts' rows, and no summary row is
    // upserted twice in one command.
    await spec.s.db.query(
      `WITH first AS (
         INSERT INTO registration_timeline (registration_id, organization_id, actor_type, field, to_value, at)
         SELECT id, organization_id, 'system', 'stage', 'test_failed', timestamptz '2026-12-01 09:00+00'
           FROM registrations WHERE id = $1 RETURNING 1
       ), second AS (
         INSERT INTO registration_timeline (registration_id, organization_id, actor_type, field, to_value, at)
         SELECT id, organization_id, 'system', 'stage', 'rejected', timestamptz '2026-12-01 09:01+00'
           FROM registrations WHERE id = $1 RETURNING 1
       )
       SELECT (SELECT count(*) FROM first) + (SELECT count(*) FROM second) AS n`,
      [d],
    );
    // test_failed 128.
    expect(await summaries()).toEqual(
      expected({
        a: [1 | 2 | 4 | 256, at(2)],
        b: [2 | 256 | 512, at(4)],
        c: [1 | 2 | 32 | 64, at(8)],
        d: [128 | 256 | 1024, at(1)],
      }),
    );
    expect(await summaries()).toEqual(await fromTimeline());
  });
});
