import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { Registration, Waiver } from '../registrations/registration.entity';
import { Lane, Stage } from '../registrations/registration-state';
import { intakeWriteStatement } from './intake-sql';
import { IntakeWrite, IntakeWriteOptions, IntakeWritten } from './intake.types';

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
 * units it routes to (its text in intake-sql.ts).
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
   * Writes an intake in ONE statement (`intakeWriteStatement`: the routing row's and units'
   * versions checked, the registrations locked and moved if still as read, their timeline rows,
   * webhook deliveries and owed jobs). Returns whether the versions held and the ids moved.
   */
  async write(manager: EntityManager, w: IntakeWrite, options: IntakeWriteOptions): Promise<IntakeWritten> {
    if (w.moves.length === 0) return { held: true, moved: [] };
    const { sql, params } = intakeWriteStatement(w, options);
    const [row] = rowsOf<{ held: boolean; moved: string[] }>(await manager.query(sql, params));
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
