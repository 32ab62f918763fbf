import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Registration } from '../registrations/registration.entity';

/** Registrations whose intake is owed: no lane yet, or a registered seat still in intake. */
const OWED_SQL = `status <> 'withdrawn' AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))`;

/** The advisory lock of an event's intake: two int4 keys from 64 bits of the event's UUID. */
export function intakeLockKey(eventId: string): [number, number] {
  const hex = eventId.replace(/-/g, '');
  return [parseInt(hex.slice(0, 8), 16) | 0, parseInt(hex.slice(8, 16), 16) | 0];
}

/**
 * The intake's statements: what is owed (read from registrations by the intake's own rule), the
 * event's intake lock and the batch savepoints. Writes to registrations go through their repository.
 */
@Injectable()
export class IntakeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  async moreOwed(eventId: string, except: string[]): Promise<boolean> {
    const [{ more }]: { more: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM registrations
                       WHERE event_id = $1 AND ${OWED_SQL} AND id <> ALL($2::uuid[])) AS more`,
      [eventId, except],
    );
    return more;
  }

  /** The event's owed registrations (but `except`), locked, in arrival order. */
  owed(manager: EntityManager, eventId: string, except: string[], limit: number): Promise<Registration[]> {
    return manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`r.event_id = :eventId AND ${OWED_SQL.replace(/(status|lane|stage)/g, 'r.$1')}`, { eventId })
      .andWhere('r.id <> ALL(CAST(:except AS uuid[]))', { except })
      .orderBy('r.seq')
      .limit(limit)
      .getMany();
  }

  /** Registrations read again by id, in arrival order (rows this transaction already holds). */
  reread(manager: EntityManager, ids: string[]): Promise<Registration[]> {
    return manager.getRepository(Registration).find({ where: { id: In(ids) }, order: { seq: 'ASC' } });
  }

  savepoint(manager: EntityManager, name: string): Promise<unknown> {
    return manager.query(`SAVEPOINT ${name}`);
  }

  release(manager: EntityManager, name: string): Promise<unknown> {
    return manager.query(`RELEASE SAVEPOINT ${name}`);
  }

  rollbackTo(manager: EntityManager, name: string): Promise<unknown> {
    return manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  /** Owed a while after they were written (e.g. Redis lost the job), oldest first. */
  async stale(graceMs: number): Promise<{ id: string }[]> {
    return this.dataSource.query(
      `SELECT id FROM registrations
        WHERE status <> 'withdrawn' AND updated_at < now() - make_interval(secs => $1)
          AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))
        ORDER BY updated_at LIMIT 1000`,
      [graceMs / 1000],
    );
  }
}
