import { Stage } from '../registrations/registration-state';

/**
 * The funnel: each stage is reached only through the one before it (a reviewer's decision needs a
 * routing, an interview an advance…), so "reached" never grows along it. The written test sits
 * beside it, for the standard lane.
 */
export const FUNNEL_STAGES = [
  Stage.Intake,
  Stage.Routed,
  Stage.Advanced,
  Stage.InterviewScheduled,
  Stage.Interviewed,
  Stage.Offer,
] as const;

export const ALL_STAGES: readonly Stage[] = Object.values(Stage);

/** Interviews that happen or happened; a cancelled or declined one was replaced or never held. */
const HELD_INTERVIEW = `('scheduled', 'confirmed', 'completed')`;

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** 1 = intake … 6 = offer; NULL for a stage outside the funnel. */
const funnelRank = (column: string): string =>
  `CASE ${column} ${FUNNEL_STAGES.map((s, i) => `WHEN ${quote(s)} THEN ${i + 1}`).join(' ')} END`;

/** The bits of registration_stage_summary.stages_mask (the migration's registration_stage_bit). */
const STAGE_BITS: Partial<Record<Stage, number>> = {
  [Stage.Routed]: 1,
  [Stage.Advanced]: 2,
  [Stage.InterviewScheduled]: 4,
  [Stage.Interviewed]: 8,
  [Stage.Offer]: 16,
  [Stage.TestRequired]: 32,
  [Stage.TestPassed]: 64,
  [Stage.TestFailed]: 128,
};
const bit = (stage: Stage): number => STAGE_BITS[stage] as number;
/** The furthest funnel stage (1 = intake … 6 = offer) whose bit is set. */
const depthOf = (mask: string): string =>
  `CASE ${FUNNEL_STAGES.slice(1)
    .map((s, i) => ({ s, rank: i + 2 }))
    .reverse()
    .map(({ s, rank }) => `WHEN ${mask} & ${bit(s)} > 0 THEN ${rank}`)
    .join(' ')} ELSE 1 END`;

/**
 * One row per registration of the event, reduced to what the report counts: its funnel depth
 * (the furthest funnel stage its timeline or its current stage shows, 1 = intake), the written
 * test stages it passed through, and hours from registration to the first decision (the first
 * time a unit advanced or rejected it; a hold is not one) and to its first held interview. The
 * timeline is read through registration_stage_summary, which a trigger keeps (migration
 * 1764500000000-reports). Materialized once; every breakdown below reads it.
 */
const FACTS = `
  facts AS MATERIALIZED (
    SELECT reg.status, reg.lane, reg.stage, reg.business_unit_id AS unit,
           lower(btrim(reg.city)) AS city_key, btrim(reg.city) AS city, reg.specialties,
           reg.checked_in_at IS NOT NULL AS checked_in,
           reg.sla_breached_at IS NOT NULL AS sla_breached,
           CASE WHEN jsonb_typeof(reg.profile -> 'expectedMonthlySalaryCny') = 'number'
                THEN (reg.profile ->> 'expectedMonthlySalaryCny')::float8 END AS salary,
           greatest(coalesce(${funnelRank('reg.stage')}, 1), ${depthOf('coalesce(t.stages_mask, 0)')}) AS depth,
           coalesce(t.stages_mask & ${bit(Stage.TestRequired)} > 0, false) OR reg.stage = 'test_required' AS test_required,
           coalesce(t.stages_mask & ${bit(Stage.TestPassed)} > 0, false) OR reg.stage = 'test_passed' AS test_passed,
           coalesce(t.stages_mask & ${bit(Stage.TestFailed)} > 0, false) OR reg.stage = 'test_failed' AS test_failed,
           date_part('epoch', t.first_decision_at - reg.created_at) / 3600 AS hours_to_decision,
           date_part('epoch', i.first_at - reg.created_at) / 3600 AS hours_to_interview
      FROM registrations reg
      LEFT JOIN registration_stage_summary t ON t.registration_id = reg.id AND t.event_id = $1
      LEFT JOIN (
        SELECT iv.registration_id, min(iv.starts_at) AS first_at
          FROM interviews iv
         WHERE iv.event_id = $1 AND iv.status IN ${HELD_INTERVIEW}
         GROUP BY iv.registration_id
      ) i ON i.registration_id = reg.id
     WHERE reg.event_id = $1
  )`;

/**
 * The facts folded into one row per distinct combination of what the counts look at (a few
 * thousand rows for 50,000 registrations), so the many FILTERed counts below sum small numbers
 * instead of scanning every registration once per breakdown.
 */
const CUBE = `
  cube AS MATERIALIZED (
    SELECT lane, unit, city_key, city, specialties, status, stage, depth, test_required, test_passed,
           test_failed, checked_in, sla_breached,
           count(*) AS n, count(hours_to_decision) AS n_decided, count(hours_to_interview) AS n_interviewed,
           count(salary) AS n_salary
      FROM facts
     GROUP BY lane, unit, city_key, city, specialties, status, stage, depth, test_required, test_passed,
              test_failed, checked_in, sla_breached
  )`;

const sum = (where: string | null, column = 'n'): string =>
  `coalesce(sum(${column})${where ? ` FILTER (WHERE ${where})` : ''}, 0)::int`;

const COUNT_COLUMNS: [string, string][] = [
  ['registrations', sum(null)],
  ['registered', sum(`status = 'registered'`)],
  ['waitlisted', sum(`status = 'waitlisted'`)],
  ['withdrawn', sum(`status = 'withdrawn'`)],
  ['awaiting_lane', sum('lane IS NULL')],
  ['checked_in', sum('checked_in')],
  ['sla_breaches', sum('sla_breached')],
  ...ALL_STAGES.map((s): [string, string] => [`"stage:${s}"`, sum(`stage = ${quote(s)}`)]),
  ...FUNNEL_STAGES.map((s, i): [string, string] => [`"reached:${s}"`, sum(`depth >= ${i + 1}`)]),
  ['test_required', sum('test_required')],
  ['test_passed', sum('test_passed')],
  ['test_failed', sum('test_failed')],
  ['decisions', sum(null, 'n_decided')],
  ['interviews', sum(null, 'n_interviewed')],
  ['salaries', sum(null, 'n_salary')],
];
const COUNTS = COUNT_COLUMNS.map(([name, sql]) => `${sql} AS ${name}`).join(',\n         ');
const countsOf = (alias: string) => COUNT_COLUMNS.map(([name]) => `${alias}.${name}`).join(', ');

/**
 * Ordered-set aggregates sort their group's values, so each sorts once for all its fractions
 * (percentile_cont over an array), and only over the rows that have a value.
 */
const TIMING = `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours_to_decision) AS decision_p,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours_to_interview) AS interview_p`;
const SALARY = `percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY salary) AS salary_p`;
const timingOf = (alias: string) =>
  `${alias}.decision_p[1] AS decision_p50, ${alias}.decision_p[2] AS decision_p90,
         ${alias}.interview_p[1] AS interview_p50, ${alias}.interview_p[2] AS interview_p90`;
const salaryOf = (alias: string) =>
  `${alias}.salary_p[1] AS salary_p25, ${alias}.salary_p[2] AS salary_p50, ${alias}.salary_p[3] AS salary_p75`;
const NO_TIMING = `NULL::float8 AS decision_p50, NULL::float8 AS decision_p90, NULL::float8 AS interview_p50,
         NULL::float8 AS interview_p90`;
const NO_SALARY = `NULL::float8 AS salary_p25, NULL::float8 AS salary_p50, NULL::float8 AS salary_p75`;
const TIMED = `hours_to_decision IS NOT NULL OR hours_to_interview IS NOT NULL`;
/** Each specialty once per registration, even if it was listed twice. */
const EACH_SPECIALTY = (from: string) =>
  `CROSS JOIN LATERAL unnest(${from}.specialties) WITH ORDINALITY AS s(specialty, pos)
   WHERE array_position(${from}.specialties, s.specialty) = s.pos`;

/**
 * The whole report in one statement over $1 = event id: the event, each lane and each unit in one
 * pass with GROUPING SETS (`dims` = GROUPING(lane, unit): 3 = the event, 1 = a lane, 2 = a unit),
 * each city, and each listed specialty (a registration counts once under each of its specialties).
 * Counts come from the cube, medians and p90s from the facts that have a time or a salary.
 */
export const REPORT_SQL = `
  WITH ${FACTS},
  ${CUBE},
  group_counts AS (
    SELECT GROUPING(lane, unit) AS dims, lane, unit,
         ${COUNTS}
      FROM cube
     GROUP BY GROUPING SETS ((), (lane), (unit))
  ),
  group_timing AS (
    SELECT GROUPING(lane, unit) AS dims, lane, unit,
         ${TIMING}
      FROM facts WHERE ${TIMED}
     GROUP BY GROUPING SETS ((), (lane), (unit))
  ),
  specialty_counts AS (
    SELECT s.specialty,
         ${COUNTS}
      FROM cube ${EACH_SPECIALTY('cube')}
     GROUP BY s.specialty
  ),
  specialty_percentiles AS (
    SELECT s.specialty,
         ${TIMING},
         ${SALARY}
      FROM facts ${EACH_SPECIALTY('facts')} AND (${TIMED} OR salary IS NOT NULL)
     GROUP BY s.specialty
  )
  SELECT 'group' AS kind, c.dims, c.lane, c.unit::text AS unit, NULL::text AS city, NULL::text AS specialty,
         ${countsOf('c')}, ${timingOf('t')}, ${NO_SALARY}
    FROM group_counts c
    LEFT JOIN group_timing t
      ON t.dims = c.dims AND t.lane IS NOT DISTINCT FROM c.lane AND t.unit IS NOT DISTINCT FROM c.unit
  UNION ALL
  SELECT 'city', NULL, NULL, NULL, (array_agg(city ORDER BY n DESC, city))[1], NULL,
         ${COUNTS},
         ${NO_TIMING}, ${NO_SALARY}
    FROM cube
   GROUP BY city_key
  UNION ALL
  SELECT 'specialty', NULL, NULL, NULL, NULL, c.specialty,
         ${countsOf('c')},
         ${timingOf('p')}, ${salaryOf('p')}
    FROM specialty_counts c LEFT JOIN specialty_percentiles p ON p.specialty = c.specialty`;

/** GROUPING(lane, unit) of each grouping set. */
export const GROUPING = { event: 3, lane: 1, unit: 2 } as const;

/**
 * Settings for the report's transaction: its sorts and hashes fit in memory, and no JIT (its
 * compile time alone costs more than the statement on 50,000 registrations).
 */
export const REPORT_SETTINGS_SQL = `SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`;
