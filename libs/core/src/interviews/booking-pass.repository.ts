import { Injectable } from '@nestjs/common';
import { EntityManager, In, QueryRunner } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';
import { ACTIVE_INTERVIEW_STATUSES, InterviewStatus } from './interview.entity';
import type { SchedulingCandidate, UnscheduledReason } from './scheduling/scheduling.types';

export interface PassRequest {
  firstAt: Date;
  lastAt: Date;
  inserted: boolean;
}

export interface MovableInterview {
  id: string;
  registrationId: string;
  interviewerId: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
}

export interface MoveRow {
  id: string;
  version: number;
  interviewerId: string;
  startsAt: Date;
  endsAt: Date;
}

/** A booking the pass may move: not confirmed, starting after `notBefore` (now + 24 h), never moved. */
const MOVABLE = `i.status = '${InterviewStatus.Scheduled}' AND i.moved_at IS NULL AND i.starts_at > $2`;

/** The SQL of the booking pool and the booking pass (parameterized, through the caller's manager). */
@Injectable()
export class BookingPassRepository extends DataSourceRepository {
  /** Puts registrations in the pool (again), since now, with no reason yet. */
  async pool(manager: EntityManager, eventId: string, registrationIds: string[]): Promise<void> {
    if (registrationIds.length === 0) return;
    await manager.query(
      `INSERT INTO interview_booking_pool (registration_id, event_id)
       SELECT unnest($2::uuid[]), $1
       ON CONFLICT (registration_id) DO UPDATE SET pooled_at = now(), reason = NULL, updated_at = now()`,
      [eventId, registrationIds],
    );
  }

  async unpool(manager: EntityManager, registrationIds: string[]): Promise<void> {
    if (registrationIds.length === 0) return;
    await manager.query(`DELETE FROM interview_booking_pool WHERE registration_id = ANY($1::uuid[])`, [
      registrationIds,
    ]);
  }

  /**
   * Newly booked registrations: out of the pool, stage advanced → interview_scheduled, and counted in
   * their scheduling run's progress, in one statement of the booking transaction.
   */
  async markBooked(manager: EntityManager, registrationIds: string[], runId: string | null): Promise<void> {
    if (registrationIds.length === 0) return;
    await manager.query(
      `WITH unpooled AS (
         DELETE FROM interview_booking_pool WHERE registration_id = ANY($1::uuid[])
       ), staged AS (
         UPDATE registrations SET stage = $3, updated_at = now()
          WHERE id = ANY($1::uuid[]) AND stage = $4
       )
       UPDATE scheduling_runs
          SET progress = jsonb_set(progress, '{booked}', to_jsonb(coalesce((progress->>'booked')::int, 0) + $5))
        WHERE id = $2`,
      [registrationIds, runId, Stage.InterviewScheduled, Stage.Advanced, registrationIds.length],
    );
  }

  /** Why the last pass left these pooled registrations unbooked (or returned them to the pool). */
  async setReasons(
    manager: EntityManager,
    eventId: string,
    reasons: { registrationId: string; reason: UnscheduledReason | string }[],
  ): Promise<void> {
    if (reasons.length === 0) return;
    await manager.query(
      `INSERT INTO interview_booking_pool (registration_id, event_id, reason)
       SELECT t.id, $1, t.reason FROM unnest($2::uuid[], $3::text[]) AS t(id, reason)
       ON CONFLICT (registration_id) DO UPDATE SET reason = EXCLUDED.reason, updated_at = now()`,
      [eventId, reasons.map((r) => r.registrationId), reasons.map((r) => r.reason)],
    );
  }

  async autoSchedules(manager: EntityManager, eventId: string): Promise<boolean> {
    const [row]: { auto_schedule: boolean }[] = await manager.query(
      `SELECT auto_schedule FROM events WHERE id = $1`,
      [eventId],
    );
    return row?.auto_schedule === true;
  }

  /** Records a change the event's pass owes; `inserted` when it is the first since the last pass. */
  async request(manager: EntityManager, eventId: string): Promise<PassRequest> {
    const [row]: { first_at: Date; last_at: Date; inserted: boolean }[] = await manager.query(
      `INSERT INTO booking_pass_requests AS r (event_id, first_at, last_at) VALUES ($1, now(), now())
       ON CONFLICT (event_id) DO UPDATE SET last_at = greatest(r.last_at, now())
       RETURNING r.first_at, r.last_at, (xmax = 0) AS inserted`,
      [eventId],
    );
    return { firstAt: new Date(row.first_at), lastAt: new Date(row.last_at), inserted: row.inserted };
  }

  async pendingRequest(eventId: string): Promise<PassRequest | null> {
    const [row]: { first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `SELECT first_at, last_at FROM booking_pass_requests WHERE event_id = $1`,
      [eventId],
    );
    return row ? { firstAt: new Date(row.first_at), lastAt: new Date(row.last_at), inserted: false } : null;
  }

  /** Clears the request a pass served; a change after `servedUpTo` keeps it, from that change on. */
  async served(eventId: string, servedUpTo: Date): Promise<boolean> {
    const deleted: unknown[] = await this.dataSource.query(
      `DELETE FROM booking_pass_requests WHERE event_id = $1 AND last_at <= $2 RETURNING event_id`,
      [eventId, servedUpTo],
    );
    if (rowsCount(deleted) > 0) return true;
    await this.dataSource.query(
      `UPDATE booking_pass_requests SET first_at = greatest(first_at, $2) WHERE event_id = $1`,
      [eventId, servedUpTo],
    );
    return false;
  }

  /** Events owed a pass for longer than `olderThanMs`: their job may have been lost with Redis. */
  async overdue(olderThanMs: number): Promise<(PassRequest & { eventId: string })[]> {
    const rows: { event_id: string; first_at: Date; last_at: Date }[] = await this.dataSource.query(
      `SELECT event_id, first_at, last_at FROM booking_pass_requests
        WHERE last_at < now() - make_interval(secs => $1::float / 1000) ORDER BY last_at LIMIT 100`,
      [olderThanMs],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      firstAt: new Date(r.first_at),
      lastAt: new Date(r.last_at),
      inserted: false,
    }));
  }

  /**
   * One pass per event at a time: a session advisory lock on a connection of its own, released by
   * `release` (or by PostgreSQL when a killed worker's connection drops).
   */
  async tryEventLock(eventId: string): Promise<(() => Promise<void>) | null> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtextextended('booking-pass:' || $1, 0)) AS locked`,
        [eventId],
      );
      if (!locked) {
        await runner.release();
        return null;
      }
    } catch (error) {
      await runner.release();
      throw error;
    }
    return async () => {
      try {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended('booking-pass:' || $1, 0))`, [
          eventId,
        ]);
      } finally {
        await runner.release();
      }
    };
  }

  /**
   * Registrations of an event still under review in a unit (routed or on hold): any of them may be
   * advanced into the pool later, so the pass books the others where they leave these room.
   */
  async underReview(eventId: string): Promise<SchedulingCandidate[]> {
    const rows: {
      id: string;
      specialties: string[];
      lane: string | null;
      created_at: Date;
      business_unit_id: string;
      windows: { s: string; e: string }[] | null;
    }[] = await this.dataSource.query(
      `SELECT r.id, r.specialties, r.lane, r.created_at, r.business_unit_id,
              (SELECT json_agg(json_build_object('s', lower(a.during), 'e', upper(a.during)))
                 FROM candidate_availability a WHERE a.registration_id = r.id) AS windows
         FROM registrations r
        WHERE r.event_id = $1 AND r.status = 'registered' AND r.business_unit_id IS NOT NULL
          AND r.stage = ANY($2)
        ORDER BY r.seq`,
      [eventId, [Stage.Routed, Stage.OnHold]],
    );
    return rows.map((r) => ({
      id: r.id,
      specialties: r.specialties,
      fastTrack: r.lane === 'fast_track',
      registeredAt: new Date(r.created_at),
      availability: r.windows
        ? r.windows.map((w) => ({ startsAt: new Date(w.s), endsAt: new Date(w.e) }))
        : null,
      businessUnitId: r.business_unit_id,
      anticipated: true,
    }));
  }

  /** The bookings of an event the pass may move. */
  async movable(eventId: string, notBefore: Date): Promise<MovableInterview[]> {
    const rows: {
      id: string;
      registration_id: string;
      interviewer_id: string;
      starts_at: Date;
      ends_at: Date;
      version: number;
    }[] = await this.dataSource.query(
      `SELECT i.id, i.registration_id, i.interviewer_id, i.starts_at, i.ends_at, i.version
         FROM interviews i JOIN registrations r ON r.id = i.registration_id
        WHERE i.event_id = $1 AND ${MOVABLE}
          AND r.status = 'registered' AND r.stage = '${Stage.InterviewScheduled}'
        ORDER BY i.id`,
      [eventId, notBefore],
    );
    return rows.map((r) => ({
      id: r.id,
      registrationId: r.registration_id,
      interviewerId: r.interviewer_id,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      version: r.version,
    }));
  }

  /**
   * Locks the given versions of movable bookings (in id order) and returns those still movable,
   * inside the moving transaction.
   */
  async lockMovable(
    manager: EntityManager,
    rows: { id: string; version: number }[],
    notBefore: Date,
  ): Promise<string[]> {
    const locked: { id: string }[] = await manager.query(
      `SELECT i.id FROM interviews i JOIN unnest($1::uuid[], $3::int[]) AS t(id, version)
           ON t.id = i.id AND t.version = i.version
        WHERE ${MOVABLE}
        ORDER BY i.id FOR UPDATE OF i`,
      [rows.map((r) => r.id), notBefore, rows.map((r) => r.version)],
    );
    return locked.map((r) => r.id);
  }

  /** Those of the registrations still registered, locked in id order (a move's or release's first locks). */
  async lockRegistered(
    manager: EntityManager,
    registrationIds: string[],
  ): Promise<Map<string, Registration>> {
    const rows = await manager.getRepository(Registration).find({
      where: { id: In(registrationIds), status: RegistrationStatus.Registered },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Released bookings' registrations: interview_scheduled → advanced (those still at that stage). */
  async unbook(manager: EntityManager, registrationIds: string[]): Promise<void> {
    await manager
      .getRepository(Registration)
      .update({ id: In(registrationIds), stage: Stage.InterviewScheduled }, { stage: Stage.Advanced });
  }

  /**
   * Moves bookings in two statements: first out of the exclusion constraints (so that bookings may
   * trade slots among themselves in any order), then onto their new slots; the constraints check the
   * second against every other booking. Each version is bumped (the .ics SEQUENCE) and marked moved.
   */
  async move(manager: EntityManager, moves: MoveRow[]): Promise<void> {
    const ids = moves.map((m) => m.id);
    await manager.query(`UPDATE interviews SET status = $2 WHERE id = ANY($1::uuid[])`, [
      ids,
      InterviewStatus.Cancelled,
    ]);
    await manager.query(
      `UPDATE interviews i
          SET interviewer_id = t.interviewer_id, starts_at = t.starts_at, ends_at = t.ends_at,
              status = $1, version = i.version + 1, moved_at = now(), conflict = false, updated_at = now()
         FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])
           AS t(id, interviewer_id, starts_at, ends_at)
        WHERE i.id = t.id`,
      [
        InterviewStatus.Scheduled,
        ids,
        moves.map((m) => m.interviewerId),
        moves.map((m) => m.startsAt.toISOString()),
        moves.map((m) => m.endsAt.toISOString()),
      ],
    );
  }

  /**
   * Flags the event's active bookings that may not move (confirmed, soon, or moved once) and no
   * longer fit the candidate's windows (none = any time) or the interviewer's; clears the flag on
   * those that fit again. Returns the newly flagged ones.
   */
  async flagConflicts(
    eventId: string,
    notBefore: Date,
    manager: EntityManager = this.manager,
  ): Promise<{ id: string; status: string }[]> {
    return manager
      .query(
        `WITH fit AS (
         SELECT i.id, i.conflict,
                (NOT EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id)
                  OR EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id
                               AND c.during @> tstzrange(i.starts_at, i.ends_at)))
                AND EXISTS (SELECT 1 FROM interviewer_availability a
                             WHERE a.event_id = i.event_id AND a.interviewer_id = i.interviewer_id
                               AND a.during @> tstzrange(i.starts_at, i.ends_at))
                AND NOT EXISTS (SELECT 1 FROM interviewer_calendars k, jsonb_array_elements(k.busy) b
                                 WHERE k.user_id = i.interviewer_id
                                   AND tstzrange((b->>'s')::timestamptz, (b->>'e')::timestamptz)
                                       && tstzrange(i.starts_at, i.ends_at)) AS fits
           FROM interviews i
          WHERE i.event_id = $1 AND i.status = ANY($3) AND NOT (${MOVABLE}))
       UPDATE interviews i SET conflict = NOT fit.fits, updated_at = now()
         FROM fit WHERE fit.id = i.id AND fit.conflict = fit.fits
       RETURNING i.id, i.status, i.conflict`,
        [eventId, notBefore, ACTIVE_INTERVIEW_STATUSES],
      )
      .then((rows: unknown) =>
        rowsOf<{ id: string; status: string; conflict: boolean }>(rows).filter((r) => r.conflict),
      );
  }
}

const rowsCount = (result: unknown): number => rowsOf(result).length;
