import { Stage } from '../registrations/registration-state';
import { ALL_STAGES, FUNNEL_STAGES } from './report-stages';

/*
 * The report's SQL text: ReportsRepository runs it (bench/report.ts explains it); nothing else
 * imports this file, and the library's index does not export it.
 */

/** Interviews that happen or happened; a cancelled or declined one was replaced or never held. */
const HELD_INTERVIEW = `('scheduled', 'confirmed', 'completed')`;

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * The bits of registration_stage_summary.stages_mask (the migration's registration_stage_bit), one
 * per stage but intake, which every registration enters when it is created.
 */
const STAGE_BITS: Record<Exclude<Stage, Stage.Intake>, number> = {
  [Stage.Routed]: 1,
  [Stage.Advanced]: 2,
  [Stage.InterviewScheduled]: 4,
  [Stage.Interviewed]: 8,
  [Stage.Offer]: 16,
  [Stage.TestRequired]: 32,
  [Stage.TestPassed]: 64,
  [Stage.TestFailed]: 128,
  [Stage.Rejected]: 256,
  [Stage.OnHold]: 512,
  [Stage.Unrouted]: 1024,
};
const ALL_BITS = Object.values(STAGE_BITS).reduce((a, b) => a | b, 0);
/** Whether a cube row's registrations entered the stage: a timeline bit, or the stage they are in. */
const entered = (stage: Stage): string | null =>
  stage === Stage.Intake ? null : `mask & ${STAGE_BITS[stage]} > 0 OR stage = ${quote(stage)}`;

/**
 * The report is three statements over $1 = event id, independent of each other, run at once on
 * three connections of one exported snapshot (ReportsService) so that PostgreSQL uses both cores:
 * the counts, the times, the salaries. Each reads only the columns it needs.
 *
 * The counts: the event's registrations folded straight from the table into one row per distinct
 * combination of what the counts look at (a few thousand rows for 50,000 registrations), with the
 * stages their timeline reached as bits (registration_stage_summary, kept by a trigger — migrations
 * 1764500000000-reports, 1796830000000-stage-summary-per-statement). The stages entered are then
 * derived per combination, not per registration, and the many FILTERed counts below sum small
 * numbers instead of scanning every registration once per breakdown.
 */
const CUBE = `
  combos AS (
    SELECT reg.lane, reg.business_unit_id AS unit, reg.city, reg.specialties, reg.status, reg.stage,
           coalesce(t.stages_mask, 0) & ${ALL_BITS} AS mask,
           reg.checked_in_at IS NOT NULL AS checked_in, reg.sla_breached_at IS NOT NULL AS sla_breached,
           count(*)::int AS n
      FROM registrations reg
      LEFT JOIN registration_stage_summary t ON t.registration_id = reg.id AND t.event_id = $1
     WHERE reg.event_id = $1
     GROUP BY reg.lane, reg.business_unit_id, reg.city, reg.specialties, reg.status, reg.stage, mask,
              checked_in, sla_breached
  ),
  cube AS MATERIALIZED (
    SELECT lane, unit, lower(btrim(city)) AS city_key, btrim(city) AS city, specialties, status, stage,
           mask,
           ${entered(Stage.TestRequired)} AS test_required,
           ${entered(Stage.TestPassed)} AS test_passed,
           ${entered(Stage.TestFailed)} AS test_failed,
           checked_in, sla_breached, n
      FROM combos
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
  ...FUNNEL_STAGES.map((s): [string, string] => [`"reached:${s}"`, sum(entered(s))]),
  ['test_required', sum('test_required')],
  ['test_passed', sum('test_passed')],
  ['test_failed', sum('test_failed')],
];
const COUNTS = COUNT_COLUMNS.map(([name, sql]) => `${sql} AS ${name}`).join(',\n         ');

/** Each specialty once per registration, even if it was listed twice (pos = its first listing). */
const EACH_SPECIALTY = (columns: string, from: string) =>
  `(SELECT unnest(specialties) AS specialty, generate_series(1, cardinality(specialties)) AS pos,
           specialties, ${columns}
      FROM ${from}) s
   WHERE s.pos = 1 OR array_position(s.specialties, s.specialty) = s.pos`;

/**
 * The counts: the event, each lane and each unit in one pass with GROUPING SETS (`dims` =
 * GROUPING(lane, unit): 3 = the event, 1 = a lane, 2 = a unit), each city (shown in its most common
 * spelling) and each listed specialty (a registration counts once under each of its specialties).
 */
export const REPORT_COUNTS_SQL = `
  WITH ${CUBE},
  spellings AS (
    SELECT DISTINCT ON (city_key) city_key, city
      FROM (SELECT city_key, city, sum(n) AS n FROM cube GROUP BY city_key, city) c
     ORDER BY city_key, n DESC, city
  )
  SELECT 'group' AS kind, GROUPING(lane, unit) AS dims, lane, unit::text AS unit, NULL::text AS city,
         NULL::text AS specialty,
         ${COUNTS}
    FROM cube
   GROUP BY GROUPING SETS ((), (lane), (unit))
  UNION ALL
  SELECT 'city', NULL, NULL, NULL, min(sp.city), NULL,
         ${COUNTS}
    FROM cube JOIN spellings sp USING (city_key)
   GROUP BY city_key
  UNION ALL
  SELECT 'specialty', NULL, NULL, NULL, NULL, s.specialty,
         ${COUNTS}
    FROM ${EACH_SPECIALTY('n, status, lane, checked_in, sla_breached, stage, mask, test_required, test_passed, test_failed', 'cube')}
   GROUP BY s.specialty`;

/** How many registrations have each time, and its median and p90. */
const TIMING = `count(hours_to_decision)::int AS decisions, count(hours_to_interview)::int AS interviews,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours_to_decision) AS decision_p,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours_to_interview) AS interview_p`;

/**
 * The times, per group and per specialty, over the registrations that have one: hours from
 * registration to the first decision (the first time a unit advanced or rejected it; a hold is not
 * one — registration_stage_summary.first_decision_at) and to its first held interview. Ordered-set
 * aggregates sort their group's values once for all their fractions (percentile_cont over an array).
 */
export const REPORT_TIMING_SQL = `
  WITH timed AS MATERIALIZED (
    SELECT reg.lane, reg.business_unit_id AS unit, reg.specialties,
           date_part('epoch', t.first_decision_at - reg.created_at) / 3600 AS hours_to_decision,
           date_part('epoch', i.first_at - reg.created_at) / 3600 AS hours_to_interview
      FROM registrations reg
      LEFT JOIN registration_stage_summary t
        ON t.registration_id = reg.id AND t.event_id = $1 AND t.first_decision_at IS NOT NULL
      LEFT JOIN (
        SELECT iv.registration_id, min(iv.starts_at) AS first_at
          FROM interviews iv
         WHERE iv.event_id = $1 AND iv.status IN ${HELD_INTERVIEW}
         GROUP BY iv.registration_id
      ) i ON i.registration_id = reg.id
     WHERE reg.event_id = $1 AND (t.first_decision_at IS NOT NULL OR i.first_at IS NOT NULL)
  )
  SELECT 'group' AS kind, GROUPING(lane, unit) AS dims, lane, unit::text AS unit, NULL::text AS specialty,
         ${TIMING}
    FROM timed
   GROUP BY GROUPING SETS ((), (lane), (unit))
  UNION ALL
  SELECT 'specialty', NULL, NULL, NULL, s.specialty,
         ${TIMING}
    FROM ${EACH_SPECIALTY('hours_to_decision, hours_to_interview', 'timed')}
   GROUP BY s.specialty`;

/** The candidates' expected monthly salary per specialty: how many gave one, p25, median, p75. */
export const REPORT_SALARY_SQL = `
  SELECT 'specialty' AS kind, s.specialty, count(*)::int AS salaries,
         percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY salary) AS salary_p
    FROM ${EACH_SPECIALTY(
      'salary',
      `(SELECT specialties, (profile ->> 'expectedMonthlySalaryCny')::float8 AS salary
          FROM registrations
         WHERE event_id = $1 AND jsonb_typeof(profile -> 'expectedMonthlySalaryCny') = 'number') r`,
    )}
   GROUP BY s.specialty`;

/** The report's statements, run concurrently; their rows are merged by kind and key in Node. */
export const REPORT_STATEMENTS = {
  counts: REPORT_COUNTS_SQL,
  timing: REPORT_TIMING_SQL,
  salary: REPORT_SALARY_SQL,
} as const;

/**
 * Settings for each of the report's transactions: its sorts and hashes fit in memory; no JIT (its
 * compile time alone costs more than the statements on 50,000 registrations); no parallel workers
 * (the three statements already run side by side, one per core, and workers would only compete).
 */
export const REPORT_SETTINGS_SQL = `SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true)`;
