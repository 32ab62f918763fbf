import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PipelineMailJob, QueueName, TellCandidatePayload, tellJobId, tellManyJobId } from '@hirefair/queue';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { OUTBOX_CHANNEL, OwedJob } from '../outbox/outbox.repository';
import { OwedChangeRow } from '../registrations/registration-changes.port';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';
import { TimelineInsert } from '../registrations/registration.types';
import { RoundRobinState } from '../routing/routing-strategy';

/**
 * Registrations whose intake is owed: in the intake stage with no lane yet, or a registered seat
 * still there. One a recruiter moved on by hand before its intake ran is not owed (it keeps no
 * lane). The index registrations_intake_owed_event_idx has exactly this predicate: keep the two alike.
 */
const OWED_SQL = `status <> 'withdrawn' AND stage = 'intake' AND (lane IS NULL OR status = 'registered')`;

/** What the intake reads of a registration it takes (waiver facts, routing, timeline, mails). */
const OWED_COLUMNS = `id, organization_id, event_id, status, lane, stage, waiver, business_unit_id,
  specialties, degree, years_of_experience, city, profile`;

interface OwedRow {
  id: string;
  organization_id: string;
  event_id: string;
  status: Registration['status'];
  lane: Lane | null;
  stage: Stage;
  waiver: Waiver | null;
  business_unit_id: string | null;
  specialties: string[];
  degree: string;
  years_of_experience: number;
  city: string;
  profile: Registration['profile'];
}

/** A registration with the columns the intake reads (the others are left unset). */
const registrationOf = (row: OwedRow): Registration =>
  Object.assign(new Registration(), {
    id: row.id,
    organizationId: row.organization_id,
    eventId: row.event_id,
    status: row.status,
    lane: row.lane,
    stage: row.stage,
    waiver: row.waiver,
    businessUnitId: row.business_unit_id,
    specialties: row.specialties,
    degree: row.degree,
    yearsOfExperience: row.years_of_experience,
    city: row.city,
    profile: row.profile,
  });

/** One registration's intake, written with the others of its batch in one statement. */
export interface IntakeMove {
  id: string;
  /** The lane it had when read (the move is skipped if it changed). */
  fromLane: Lane | null;
  /** The status it had when read (the move is skipped if it changed: withdrawn, promoted). */
  fromStatus: Registration['status'];
  lane: Lane;
  /** Set with a newly decided lane; null keeps the stored waiver. */
  waiver: Waiver | null;
  /** Its stage after the intake: intake (a waitlisted seat), routed, unrouted or test_required. */
  stage: Stage;
  /** Routed: its unit and review deadline. */
  businessUnitId: string | null;
  slaDueAt: Date | null;
  /** Unrouted: why. */
  unroutedReason: string | null;
}

/**
 * Everything an intake writes for registrations, written by `IntakeRepository.write` in one
 * statement: the moves, and only for the registrations moved their timeline rows, webhook
 * deliveries and owed jobs.
 */
export interface IntakeWrite {
  eventId: string;
  moves: IntakeMove[];
  routedAt: Date;
  /**
   * The version of the event's routing row the routing plan read (optimistic): nothing is written
   * unless it is still that. Null: no check (no routing read, or the caller holds the row's lock).
   */
  routingVersion: string | null;
  /**
   * The units the plan routes to with the versions it read (optimistic, as `routingVersion`):
   * nothing is written unless each is still at that version (a routing of another event to a
   * shared unit, or an edit of its maximum, changes it). Empty: no check.
   */
  unitVersions: { id: string; version: string }[];
  /** The round-robin state to write with the moves when any is routed (which changes the row's version). */
  roundRobin: RoundRobinState | null;
  timeline: TimelineInsert[];
  /** The timeline listener's rows (webhook deliveries) and their jobs. */
  owed: OwedChangeRow[];
  /** Jobs owed for a registration (its SLA check). */
  jobs: { registrationId: string; job: OwedJob }[];
  /** The candidates' mails: one job for those moved (a `Tell` job for one, a `TellMany` for more). */
  tells: TellCandidatePayload[];
}

export interface IntakeWriteOptions {
  /** Skip registrations another transaction has locked (the batch) instead of waiting for them. */
  skipLocked: boolean;
}

/** What `IntakeRepository.write` did: `held` false when the routing row's or a unit's version had changed. */
export interface IntakeWritten {
  held: boolean;
  moved: string[];
}

/** The advisory lock of an event's intake: two int4 keys from 64 bits of the event's UUID. */
export function intakeLockKey(eventId: string): [number, number] {
  const hex = eventId.replace(/-/g, '');
  return [parseInt(hex.slice(0, 8), 16) | 0, parseInt(hex.slice(8, 16), 16) | 0];
}

/**
 * The intake's statements: what is owed (read from registrations by the intake's own rule), the
 * event's intake lock (a session lock, on the connection the batch reads and writes with) and the
 * one statement that writes an intake: its registrations' lanes and stages with their timeline
 * rows, webhook deliveries and owed jobs, guarded by the versions of the routing row and of the
 * units it routes to.
 */
@Injectable()
export class IntakeRepository extends DataSourceRepository {
  async state(registrationId: string): Promise<{ event_id: string; owed: boolean } | undefined> {
    const [row]: { event_id: string; owed: boolean }[] = await this.dataSource.query(
      `SELECT event_id, (${OWED_SQL}) AS owed FROM registrations WHERE id = $1`,
      [registrationId],
    );
    return row;
  }

  /**
   * Runs `work` holding the event's intake lock, a session-level advisory lock taken with try
   * (nobody queues for it) on a connection of its own, with which `work` reads and writes in
   * autocommit statements: no transaction is held. Null when another holds the lock. The lock is
   * released at the end; a process that dies loses its connection, and the lock with it.
   */
  async withEventLock<T>(eventId: string, work: (manager: EntityManager) => Promise<T>): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let broken: unknown;
    try {
      let locked: boolean;
      try {
        [{ locked }] = await runner.query(
          `SELECT pg_try_advisory_lock($1::int, $2::int) AS locked`,
          intakeLockKey(eventId),
        );
      } catch (error) {
        // The server may have granted the lock before the error (a dropped reply): not pooled again.
        broken = error;
        throw error;
      }
      if (!locked) return null;
      try {
        return await work(runner.manager);
      } finally {
        try {
          await runner.query(`SELECT pg_advisory_unlock($1::int, $2::int)`, intakeLockKey(eventId));
        } catch (error) {
          broken = error;
        }
      }
    } finally {
      if (broken) {
        // The lock may still be held by the connection: the pool must not reuse it (pg-pool
        // closes a connection released with an error).
        await (
          runner as unknown as { releasePostgresConnection(e: unknown): Promise<void> }
        ).releasePostgresConnection(broken);
      } else {
        await runner.release();
      }
    }
  }

  /**
   * A transaction on the connection of `manager` (the one `withEventLock` holds), so that a batch
   * never waits for a second connection of the pool while it holds one.
   */
  transactionOn<T>(manager: EntityManager, work: (locked: EntityManager) => Promise<T>): Promise<T> {
    return manager.transaction(work);
  }

  /** The event's first owed registration (but `except`) in arrival order, locked or not; null if none. */
  async firstOwed(eventId: string, except: string[]): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM registrations WHERE event_id = $1 AND ${OWED_SQL} AND id <> ALL($2::uuid[])
        ORDER BY seq LIMIT 1`,
      [eventId, except],
    );
    return row?.id ?? null;
  }

  /**
   * The event's owed registrations (but `except`), in arrival order, without locks: the write
   * (`write`) locks them, skipping those another transaction holds, and moves each only if it is
   * still as read.
   */
  async owed(
    manager: EntityManager,
    eventId: string,
    except: string[],
    limit: number,
  ): Promise<Registration[]> {
    const rows: OwedRow[] = await manager.query(
      `SELECT ${OWED_COLUMNS} FROM registrations
        WHERE event_id = $1 AND ${OWED_SQL} AND id <> ALL($2::uuid[])
        ORDER BY seq LIMIT $3`,
      [eventId, except, limit],
    );
    return rows.map(registrationOf);
  }

  /**
   * Waits until no other transaction holds a lock that makes `write` skip the registration (the
   * same lock mode, without SKIP LOCKED), at most `timeoutMs`; false if it is still held then.
   * Holds nothing else meanwhile, so it cannot deadlock, and releases the row at once.
   */
  async awaitUnlocked(registrationId: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.max(1, timeoutMs)}ms`]);
        await manager.query(`SELECT 1 FROM registrations WHERE id = $1 FOR NO KEY UPDATE`, [registrationId]);
      });
      return true;
    } catch (error) {
      // 55P03 lock_not_available: lock_timeout ran out.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '55P03') return false;
      throw error;
    }
  }

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
   * - `moved`: each registration moves only if it is still in intake with the lane and status it was
   *   read with;
   * - `rr`: the round-robin state, when any registration is routed (its version changes);
   * - `units`: the units routed to, updated (their version changes, as every routing's does: see
   *   `RoutingRepository.touch`), in id order;
   * - the timeline rows, webhook deliveries and owed jobs of the registrations moved (the mails as
   *   one job), and one NOTIFY that wakes the outbox relay (delivered at commit).
   * Returns the ids moved.
   */
  async write(manager: EntityManager, w: IntakeWrite, options: IntakeWriteOptions): Promise<IntakeWritten> {
    if (w.moves.length === 0) return { held: true, moved: [] };
    const params: unknown[] = [];
    const $ = (value: unknown, type: string): string => {
      params.push(value);
      return `$${params.length}::${type}`;
    };
    const event = $(w.eventId, 'uuid');
    const ids = $(
      w.moves.map((m) => m.id),
      'uuid[]',
    );
    const guard =
      w.routingVersion === null
        ? `SELECT 1`
        : `SELECT 1 FROM routing_configs WHERE event_id = ${event} AND xmin::text = ${$(w.routingVersion, 'text')}
             FOR UPDATE`;
    const unitGuard = `SELECT b.id FROM business_units b
        JOIN unnest(${$(
          w.unitVersions.map((u) => u.id),
          'uuid[]',
        )}, ${$(
          w.unitVersions.map((u) => u.version),
          'text[]',
        )}) AS u(id, version) ON b.id = u.id
       WHERE b.xmin::text = u.version AND EXISTS (SELECT 1 FROM guard)
       ORDER BY b.id FOR NO KEY UPDATE OF b`;
    const unitCount = $(w.unitVersions.length, 'int');
    const routedAt = $(w.routedAt.toISOString(), 'timestamptz');
    const movesFrom = `unnest(${ids}, ${$(
      w.moves.map((m) => m.fromLane),
      'text[]',
    )}, ${$(
      w.moves.map((m) => m.lane),
      'text[]',
    )}, ${$(
      w.moves.map((m) => (m.waiver ? JSON.stringify(m.waiver) : null)),
      'jsonb[]',
    )}, ${$(
      w.moves.map((m) => m.stage),
      'text[]',
    )}, ${$(
      w.moves.map((m) => m.businessUnitId),
      'uuid[]',
    )}, ${$(
      w.moves.map((m) => m.slaDueAt?.toISOString() ?? null),
      'timestamptz[]',
    )}, ${$(
      w.moves.map((m) => m.unroutedReason),
      'text[]',
    )}, ${$(
      w.moves.map((m) => m.fromStatus),
      'text[]',
    )}) AS v(id, from_lane, lane, waiver, stage, unit_id, sla_due_at, unrouted_reason, from_status)`;
    const timeline = `unnest(${$(
      w.timeline.map((t) => t.registrationId),
      'uuid[]',
    )}, ${$(
      w.timeline.map((t) => t.organizationId),
      'uuid[]',
    )}, ${$(
      w.timeline.map((t) => t.actorType),
      'text[]',
    )}, ${$(
      w.timeline.map((t) => t.actorId),
      'uuid[]',
    )}, ${$(
      w.timeline.map((t) => t.field),
      'text[]',
    )}, ${$(
      w.timeline.map((t) => t.from),
      'text[]',
    )}, ${$(
      w.timeline.map((t) => t.to),
      'text[]',
    )}, ${$(
      w.timeline.map((t) => t.reason),
      'text[]',
    )}) WITH ORDINALITY AS t(registration_id, organization_id, actor_type, actor_id, field, from_value, to_value, reason, ord)`;
    const deliveries = `unnest(${$(
      w.owed.map((o) => o.registrationId),
      'uuid[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.id),
      'uuid[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.subscriptionId),
      'uuid[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.organizationId),
      'uuid[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.eventId),
      'uuid[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.eventType),
      'text[]',
    )}, ${$(
      w.owed.map((o) => JSON.stringify(o.delivery.payload)),
      'jsonb[]',
    )}, ${$(
      w.owed.map((o) => o.delivery.finalAttempt),
      'int[]',
    )}) WITH ORDINALITY AS d(registration_id, id, subscription_id, organization_id, event_id, event_type, payload, final_attempt, ord)`;
    // The jobs of a registration: its webhook deliveries', then its SLA check.
    const jobs = [...w.owed.map((o) => ({ registrationId: o.registrationId, job: o.job })), ...w.jobs];
    const jobsFrom = `unnest(${$(
      jobs.map((j) => j.registrationId),
      'uuid[]',
    )}, ${$(
      jobs.map((j) => j.job.queue),
      'text[]',
    )}, ${$(
      jobs.map((j) => j.job.name),
      'text[]',
    )}, ${$(
      jobs.map((j) => j.job.jobId),
      'text[]',
    )}, ${$(
      jobs.map((j) => JSON.stringify(j.job.payload)),
      'jsonb[]',
    )}, ${$(
      jobs.map((j) => Math.max(0, Math.round(j.job.delayMs ?? 0))),
      'bigint[]',
    )}) WITH ORDINALITY AS j(registration_id, queue, job_name, job_id, payload, delay_ms, ord)`;
    // One tell: a `Tell` job with its id; more: one `TellMany` job named after the first.
    const tellsFrom = `unnest(${$(
      w.tells.map((t) => JSON.stringify(t)),
      'jsonb[]',
    )}, ${$(
      w.tells.map((t) => t.registrationId),
      'uuid[]',
    )}, ${$(
      w.tells.map((t) => tellJobId(t.registrationId, t.template, new Date(t.since))),
      'text[]',
    )}, ${$(
      w.tells.map((t) => tellManyJobId(t)),
      'text[]',
    )}) WITH ORDINALITY AS t(tell, registration_id, one_id, many_id, ord)`;
    const mailQueue = $(QueueName.PipelineMail, 'text');
    const [row] = rowsOf<{ held: boolean; moved: string[] }>(
      await manager.query(
        `WITH guard AS (${guard}),
         unit_guard AS (${unitGuard}),
         held AS (SELECT 1 FROM guard WHERE (SELECT count(*) FROM unit_guard) = ${unitCount}),
         lockable AS (
           SELECT id FROM registrations
            WHERE id = ANY(${ids}) AND EXISTS (SELECT 1 FROM held)
            FOR NO KEY UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''}),
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
             FROM ${movesFrom}
            WHERE r.id = v.id AND r.id IN (SELECT id FROM lockable)
              AND r.stage = 'intake' AND r.lane IS NOT DISTINCT FROM v.from_lane AND r.status = v.from_status
           RETURNING r.id, r.stage, r.business_unit_id),
         rr AS (
           UPDATE routing_configs SET round_robin_state = ${$(
             w.roundRobin === null ? null : JSON.stringify(w.roundRobin),
             'jsonb',
           )}, updated_at = now()
            WHERE event_id = ${event} AND ${$(w.roundRobin !== null, 'boolean')}
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
             FROM ${timeline}
            WHERE t.registration_id IN (SELECT id FROM moved)
            ORDER BY t.ord
           RETURNING 1),
         deliveries AS (
           INSERT INTO webhook_deliveries
             (id, subscription_id, organization_id, event_id, event_type, payload, final_attempt, next_attempt_at)
           SELECT d.id, d.subscription_id, d.organization_id, d.event_id, d.event_type, d.payload,
                  d.final_attempt, now()
             FROM ${deliveries}
            WHERE d.registration_id IN (SELECT id FROM moved)
            ORDER BY d.ord
           RETURNING 1),
         tells AS (
           SELECT t.* FROM ${tellsFrom} WHERE t.registration_id IN (SELECT id FROM moved)),
         tell_job AS (
           SELECT CASE WHEN count(*) = 1 THEN ${$(PipelineMailJob.Tell, 'text')}
                       ELSE ${$(PipelineMailJob.TellMany, 'text')} END AS job_name,
                  CASE WHEN count(*) = 1 THEN min(one_id) ELSE (array_agg(many_id ORDER BY ord))[1] END AS job_id,
                  CASE WHEN count(*) = 1 THEN (array_agg(tell))[1]
                       ELSE jsonb_build_object('tells', jsonb_agg(tell ORDER BY ord)) END AS payload
             FROM tells HAVING count(*) > 0),
         jobs AS (
           SELECT j.queue, j.job_name, j.job_id, j.payload, j.delay_ms, j.ord FROM ${jobsFrom}
            WHERE j.registration_id IN (SELECT id FROM moved)
           UNION ALL
           SELECT ${mailQueue}, job_name, job_id, payload, 0, ${jobs.length + 1} FROM tell_job),
         owed AS (
           INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
           SELECT queue, job_name, job_id, payload, delay_ms FROM jobs ORDER BY ord
           RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM held) AS held, ARRAY(SELECT id FROM moved) AS moved,
                (SELECT count(pg_notify(${$(OUTBOX_CHANNEL, 'text')}, '')) FROM (SELECT 1 FROM owed LIMIT 1) one)
                  AS notified`,
        params,
      ),
    );
    return { held: row.held, moved: row.moved };
  }

  /** Owed a while after they were written (e.g. Redis lost the job), oldest first. */
  async stale(graceMs: number): Promise<{ id: string }[]> {
    return this.dataSource.query(
      `SELECT id FROM registrations
        WHERE status <> 'withdrawn' AND updated_at < now() - make_interval(secs => $1)
          AND stage = 'intake' AND (lane IS NULL OR status = 'registered')
        ORDER BY updated_at LIMIT 1000`,
      [graceMs / 1000],
    );
  }
}
