import { PipelineMailJob, QueueName, TellCandidatePayload, tellJobId, tellManyJobId } from '@hirefair/queue';
import { OUTBOX_CHANNEL } from '../outbox/outbox.repository';
import { OwedChangeRow } from '../registrations/registration-changes.port';
import { TimelineInsert } from '../registrations/registration.types';
import { IntakeMove, IntakeWrite, IntakeWriteOptions } from './intake.types';

/*
 * The intake's write statement: `IntakeRepository.write` runs it; nothing else imports this file,
 * and the library's index does not export it.
 */

/** One column of rows handed over as arrays: its name in the statement, its element type, its value in a row. */
type UnnestColumn<T> = readonly [name: string, type: string, value: (row: T) => unknown];

/** The parameters of a statement being built: each placeholder is written as its value is pushed. */
class SqlParams {
  readonly values: unknown[] = [];

  /** `value` as the next parameter: `$n::type`. */
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  /**
   * `rows` as a table `alias(columns..., ord)`: one array parameter per column, unnested side by
   * side (`unnest($n::type[], ...) WITH ORDINALITY AS alias(...)`); `ord` is the row's position,
   * from 1.
   */
  unnestOf<T>(alias: string, rows: readonly T[], columns: readonly UnnestColumn<T>[]): string {
    const arrays = columns.map(([, type, value]) => this.add(rows.map(value), `${type}[]`));
    const names = [...columns.map(([name]) => name), 'ord'];
    return `unnest(${arrays.join(', ')}) WITH ORDINALITY AS ${alias}(${names.join(', ')})`;
  }
}

type UnitVersion = IntakeWrite['unitVersions'][number];
type RegistrationJob = IntakeWrite['jobs'][number];

const UNIT_COLUMNS: readonly UnnestColumn<UnitVersion>[] = [
  ['id', 'uuid', (u) => u.id],
  ['version', 'text', (u) => u.version],
];

const MOVE_COLUMNS: readonly UnnestColumn<IntakeMove>[] = [
  ['id', 'uuid', (m) => m.id],
  ['from_lane', 'text', (m) => m.fromLane],
  ['lane', 'text', (m) => m.lane],
  ['waiver', 'jsonb', (m) => (m.waiver ? JSON.stringify(m.waiver) : null)],
  ['stage', 'text', (m) => m.stage],
  ['unit_id', 'uuid', (m) => m.businessUnitId],
  ['sla_due_at', 'timestamptz', (m) => m.slaDueAt?.toISOString() ?? null],
  ['unrouted_reason', 'text', (m) => m.unroutedReason],
  ['from_status', 'text', (m) => m.fromStatus],
];

const TIMELINE_COLUMNS: readonly UnnestColumn<TimelineInsert>[] = [
  ['registration_id', 'uuid', (t) => t.registrationId],
  ['organization_id', 'uuid', (t) => t.organizationId],
  ['actor_type', 'text', (t) => t.actorType],
  ['actor_id', 'uuid', (t) => t.actorId],
  ['field', 'text', (t) => t.field],
  ['from_value', 'text', (t) => t.from],
  ['to_value', 'text', (t) => t.to],
  ['reason', 'text', (t) => t.reason],
];

const DELIVERY_COLUMNS: readonly UnnestColumn<OwedChangeRow>[] = [
  ['registration_id', 'uuid', (o) => o.registrationId],
  ['id', 'uuid', (o) => o.delivery.id],
  ['subscription_id', 'uuid', (o) => o.delivery.subscriptionId],
  ['organization_id', 'uuid', (o) => o.delivery.organizationId],
  ['event_id', 'uuid', (o) => o.delivery.eventId],
  ['event_type', 'text', (o) => o.delivery.eventType],
  ['payload', 'jsonb', (o) => JSON.stringify(o.delivery.payload)],
  ['final_attempt', 'int', (o) => o.delivery.finalAttempt],
];

const JOB_COLUMNS: readonly UnnestColumn<RegistrationJob>[] = [
  ['registration_id', 'uuid', (j) => j.registrationId],
  ['queue', 'text', (j) => j.job.queue],
  ['job_name', 'text', (j) => j.job.name],
  ['job_id', 'text', (j) => j.job.jobId],
  ['payload', 'jsonb', (j) => JSON.stringify(j.job.payload)],
  ['delay_ms', 'bigint', (j) => Math.max(0, Math.round(j.job.delayMs ?? 0))],
];

/** A tell with the ids of its job: its own `Tell` job, and the `TellMany` job named after it. */
const TELL_COLUMNS: readonly UnnestColumn<TellCandidatePayload>[] = [
  ['tell', 'jsonb', (t) => JSON.stringify(t)],
  ['registration_id', 'uuid', (t) => t.registrationId],
  ['one_id', 'text', (t) => tellJobId(t.registrationId, t.template, new Date(t.since))],
  ['many_id', 'text', (t) => tellManyJobId(t)],
];

/**
 * Writes an intake in ONE statement (data-modifying CTEs, all executed; no transaction of its own
 * is needed, and none is held between statements):
 * - `guard`: with `routingVersion`, the event's routing row locked if its version is still the one
 *   the plan read (READ COMMITTED re-checks a row updated meanwhile on its newest version);
 * - `unit_guard`: then the units it routes to (`unitVersions`), locked FOR NO KEY UPDATE in id
 *   order if each is still at the version the plan read (re-checked the same way); unless the
 *   routing row and every unit are as read (`held`), nothing at all is written (`held` false:
 *   the caller plans again). Lock order: the routing row, then the units (as every routing);
 *   registrations are locked after them only in the optimistic write, which skips locked ones;
 * - `lockable`: the registrations, locked FOR NO KEY UPDATE (the write changes no key, so a
 *   transaction that merely references one, as a timeline row does, does not make it skip it);
 *   with `skipLocked` those another transaction holds are skipped (and not moved);
 * - `locked`: the moves of the registrations `lockable` locked: a MATERIALIZED CTE, planned on
 *   its own, where both sides are estimated at the batch's size (and hashed), so that `moved`
 *   meets `registrations` with one set. Written in `moved` as `r.id IN (SELECT id FROM lockable)`
 *   (or joined there), the planner, which puts `registrations` in intake at one row when the
 *   tables are not analyzed, rescanned `lockable` once per registration: quadratic in the batch;
 * - `moved`: each registration of `locked` moves only if it is still in intake with the lane and
 *   status it was read with;
 * - `rr`: the round-robin state, when any registration is routed (its version changes);
 * - `units`: the units routed to, updated (their version changes, as every routing's does: see
 *   `RoutingRepository.touch`), in id order;
 * - the timeline rows, webhook deliveries and owed jobs of the registrations moved (the mails as
 *   one job: one tell is a `Tell` job with its own id, more are one `TellMany` job named after the
 *   first), and one NOTIFY that wakes the outbox relay (delivered at commit).
 * The answer is one row: `held`, and the ids `moved`.
 * The text depends on `routingVersion` (checked or not) and `skipLocked`; every value is a
 * parameter, the rows as one array per column (`SqlParams.unnestOf`).
 */
export function intakeWriteStatement(
  w: IntakeWrite,
  options: IntakeWriteOptions,
): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const event = p.add(w.eventId, 'uuid');
  // For `lockable`'s index condition (the moves' own arrays carry the ids again, for `locked`).
  const ids = p.add(
    w.moves.map((m) => m.id),
    'uuid[]',
  );
  const guard =
    w.routingVersion === null
      ? `SELECT 1`
      : `SELECT 1 FROM routing_configs WHERE event_id = ${event} AND xmin::text = ${p.add(w.routingVersion, 'text')}
           FOR UPDATE`;
  const unitsFrom = p.unnestOf('u', w.unitVersions, UNIT_COLUMNS);
  const unitCount = p.add(w.unitVersions.length, 'int');
  const routedAt = p.add(w.routedAt.toISOString(), 'timestamptz');
  const movesFrom = p.unnestOf('v', w.moves, MOVE_COLUMNS);
  const timelineFrom = p.unnestOf('t', w.timeline, TIMELINE_COLUMNS);
  const deliveriesFrom = p.unnestOf('d', w.owed, DELIVERY_COLUMNS);
  // The jobs of a registration: its webhook deliveries', then its SLA check.
  const jobs = [...w.owed.map((o) => ({ registrationId: o.registrationId, job: o.job })), ...w.jobs];
  const jobsFrom = p.unnestOf('j', jobs, JOB_COLUMNS);
  const tellsFrom = p.unnestOf('t', w.tells, TELL_COLUMNS);
  const sql = `WITH guard AS (${guard}),
     unit_guard AS (
       SELECT b.id FROM business_units b JOIN ${unitsFrom} ON b.id = u.id
        WHERE b.xmin::text = u.version AND EXISTS (SELECT 1 FROM guard)
        ORDER BY b.id FOR NO KEY UPDATE OF b),
     held AS (SELECT 1 FROM guard WHERE (SELECT count(*) FROM unit_guard) = ${unitCount}),
     lockable AS (
       SELECT id FROM registrations
        WHERE id = ANY(${ids}) AND EXISTS (SELECT 1 FROM held)
        FOR NO KEY UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''}),
     locked AS MATERIALIZED (SELECT v.* FROM ${movesFrom} JOIN lockable l ON l.id = v.id),
     moved AS (
       UPDATE registrations r
          SET lane = v.lane, waiver = coalesce(v.waiver, r.waiver), stage = v.stage,
              business_unit_id = CASE WHEN v.stage = 'routed' THEN v.unit_id ELSE r.business_unit_id END,
              routed_at = CASE WHEN v.stage = 'routed' THEN ${routedAt} ELSE r.routed_at END,
              sla_due_at = CASE WHEN v.stage = 'routed' THEN v.sla_due_at ELSE r.sla_due_at END,
              sla_breached_at = CASE WHEN v.stage = 'routed' THEN NULL ELSE r.sla_breached_at END,
              unrouted_reason = CASE WHEN v.stage = 'routed' THEN NULL
                                     WHEN v.stage = 'unrouted' THEN v.unrouted_reason
                                     ELSE r.unrouted_reason END,
              updated_at = now()
         FROM locked v
        WHERE r.id = v.id
          AND r.stage = 'intake' AND r.lane IS NOT DISTINCT FROM v.from_lane AND r.status = v.from_status
       RETURNING r.id, r.stage, r.business_unit_id),
     rr AS (
       UPDATE routing_configs SET round_robin_state = ${p.add(
         w.roundRobin === null ? null : JSON.stringify(w.roundRobin),
         'jsonb',
       )}, updated_at = now()
        WHERE event_id = ${event} AND ${p.add(w.roundRobin !== null, 'boolean')}
          AND EXISTS (SELECT 1 FROM held) AND EXISTS (SELECT 1 FROM moved WHERE stage = 'routed')
       RETURNING 1),
     units AS (
       UPDATE business_units SET max_open_reviews = max_open_reviews
        WHERE id IN (SELECT id FROM business_units
                      WHERE id IN (SELECT business_unit_id FROM moved WHERE stage = 'routed')
                      ORDER BY id FOR NO KEY UPDATE)
       RETURNING 1),
     timeline AS (
       INSERT INTO registration_timeline
         (registration_id, organization_id, actor_type, actor_id, field, from_value, to_value, reason)
       SELECT t.registration_id, t.organization_id, t.actor_type, t.actor_id, t.field, t.from_value,
              t.to_value, t.reason
         FROM ${timelineFrom}
        WHERE t.registration_id IN (SELECT id FROM moved)
        ORDER BY t.ord
       RETURNING 1),
     deliveries AS (
       INSERT INTO webhook_deliveries
         (id, subscription_id, organization_id, event_id, event_type, payload, final_attempt, next_attempt_at)
       SELECT d.id, d.subscription_id, d.organization_id, d.event_id, d.event_type, d.payload,
              d.final_attempt, now()
         FROM ${deliveriesFrom}
        WHERE d.registration_id IN (SELECT id FROM moved)
        ORDER BY d.ord
       RETURNING 1),
     tells AS (
       SELECT t.* FROM ${tellsFrom} WHERE t.registration_id IN (SELECT id FROM moved)),
     tell_job AS (
       SELECT CASE WHEN count(*) = 1 THEN ${p.add(PipelineMailJob.Tell, 'text')}
                   ELSE ${p.add(PipelineMailJob.TellMany, 'text')} END AS job_name,
              CASE WHEN count(*) = 1 THEN min(one_id) ELSE (array_agg(many_id ORDER BY ord))[1] END AS job_id,
              CASE WHEN count(*) = 1 THEN (array_agg(tell))[1]
                   ELSE jsonb_build_object('tells', jsonb_agg(tell ORDER BY ord)) END AS payload
         FROM tells HAVING count(*) > 0),
     jobs AS (
       SELECT j.queue, j.job_name, j.job_id, j.payload, j.delay_ms, j.ord FROM ${jobsFrom}
        WHERE j.registration_id IN (SELECT id FROM moved)
       UNION ALL
       SELECT ${p.add(QueueName.PipelineMail, 'text')}, job_name, job_id, payload, 0, ${jobs.length + 1} FROM tell_job),
     owed AS (
       INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
       SELECT queue, job_name, job_id, payload, delay_ms FROM jobs ORDER BY ord
       RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM held) AS held, ARRAY(SELECT id FROM moved) AS moved,
            (SELECT count(pg_notify(${p.add(OUTBOX_CHANNEL, 'text')}, '')) FROM (SELECT 1 FROM owed LIMIT 1) one)
              AS notified`;
  return { sql, params: p.values };
}
