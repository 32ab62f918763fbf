import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';

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

/** The advisory lock of an event's intake: two int4 keys from 64 bits of the event's UUID. */
export function intakeLockKey(eventId: string): [number, number] {
  const hex = eventId.replace(/-/g, '');
  return [parseInt(hex.slice(0, 8), 16) | 0, parseInt(hex.slice(8, 16), 16) | 0];
}

/**
 * The intake's statements: what is owed (read from registrations by the intake's own rule), the
 * event's intake lock and the batch's one write of its registrations' lanes and stages.
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

  /** Takes the event's intake lock with try (nobody queues for it); false when another holds it. */
  async tryLockEvent(manager: EntityManager, eventId: string): Promise<boolean> {
    const [{ locked }]: { locked: boolean }[] = await manager.query(
      `SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked`,
      intakeLockKey(eventId),
    );
    return locked;
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
   * The event's owed registrations (but `except`), in arrival order, locked by this transaction;
   * rows another transaction has locked are skipped. FOR NO KEY UPDATE, as the intake's write
   * changes no key: a transaction that merely references a registration (a timeline or mail row
   * inserted meanwhile takes FOR KEY SHARE) does not make it skip the row.
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
        ORDER BY seq LIMIT $3 FOR NO KEY UPDATE SKIP LOCKED`,
      [eventId, except, limit],
    );
    return rows.map(registrationOf);
  }

  /**
   * Waits until no other transaction holds a lock that makes `owed` skip the registration (the
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
   * The batch's lanes and stages, one statement for all: each registration moves only if it is
   * still in intake with the lane it was read with; returns the ids moved.
   */
  async move(manager: EntityManager, moves: IntakeMove[], routedAt: Date): Promise<string[]> {
    const moved = rowsOf<{ id: string }>(
      await manager.query(
        `UPDATE registrations r
            SET lane = v.lane, waiver = coalesce(v.waiver, r.waiver), stage = v.stage,
                business_unit_id = CASE WHEN v.stage = 'routed' THEN v.unit_id ELSE r.business_unit_id END,
                routed_at = CASE WHEN v.stage = 'routed' THEN $9::timestamptz ELSE r.routed_at END,
                sla_due_at = CASE WHEN v.stage = 'routed' THEN v.sla_due_at ELSE r.sla_due_at END,
                sla_breached_at = CASE WHEN v.stage = 'routed' THEN NULL ELSE r.sla_breached_at END,
                unrouted_reason = CASE WHEN v.stage = 'routed' THEN NULL
                                       WHEN v.stage = 'unrouted' THEN v.unrouted_reason
                                       ELSE r.unrouted_reason END,
                updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::uuid[],
                       $7::timestamptz[], $8::text[])
                AS v(id, from_lane, lane, waiver, stage, unit_id, sla_due_at, unrouted_reason)
          WHERE r.id = v.id AND r.stage = 'intake' AND r.lane IS NOT DISTINCT FROM v.from_lane
          RETURNING r.id`,
        [
          moves.map((m) => m.id),
          moves.map((m) => m.fromLane),
          moves.map((m) => m.lane),
          moves.map((m) => (m.waiver ? JSON.stringify(m.waiver) : null)),
          moves.map((m) => m.stage),
          moves.map((m) => m.businessUnitId),
          moves.map((m) => m.slaDueAt?.toISOString() ?? null),
          moves.map((m) => m.unroutedReason),
          routedAt.toISOString(),
        ],
      ),
    );
    return moved.map((r) => r.id);
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
