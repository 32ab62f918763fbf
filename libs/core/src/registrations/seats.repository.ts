import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { rowsOf } from '../common/sql-results';
import { RegistrationStatus } from './registration-state';

/** The statements of an event's seat counter (`event_seats`) and of promotions from its waitlist. */
@Injectable()
export class SeatsRepository extends DataSourceRepository {
  async open(manager: EntityManager, eventId: string, capacity: number): Promise<void> {
    await manager.query(`INSERT INTO event_seats (event_id, capacity) VALUES ($1, $2)`, [eventId, capacity]);
  }

  async lock(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM event_seats WHERE event_id = $1 FOR UPDATE`, [eventId]);
  }

  async free(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`UPDATE event_seats SET registered = registered - 1 WHERE event_id = $1`, [eventId]);
  }

  /** The counter, locked. */
  async lockCounter(
    manager: EntityManager,
    eventId: string,
  ): Promise<{ registered: number; capacity: number }> {
    const [seats]: { registered: number; capacity: number }[] = await manager.query(
      `SELECT registered, capacity FROM event_seats WHERE event_id = $1 FOR UPDATE`,
      [eventId],
    );
    return seats;
  }

  async resize(manager: EntityManager, eventId: string, capacity: number, promoted: number): Promise<void> {
    await manager.query(
      `UPDATE event_seats SET capacity = $2, registered = registered + $3 WHERE event_id = $1`,
      [eventId, capacity, promoted],
    );
  }

  /** Moves the first `count` waitlisted (by seq) to registered; returns their ids. */
  async promote(manager: EntityManager, eventId: string, count: number): Promise<string[]> {
    const result: unknown = await manager.query(
      `UPDATE registrations SET status = $3, updated_at = now()
        WHERE id IN (SELECT id FROM registrations WHERE event_id = $1 AND status = $4
                      ORDER BY seq LIMIT $2 FOR UPDATE)
        RETURNING id`,
      [eventId, count, RegistrationStatus.Registered, RegistrationStatus.Waitlisted],
    );
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  }

  async counts(
    manager: EntityManager,
    eventId: string,
  ): Promise<{ registered: string; waitlisted: string; withdrawn: string }> {
    const [counts]: { registered: string; waitlisted: string; withdrawn: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'registered') AS registered,
              count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
              count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn
         FROM registrations WHERE event_id = $1`,
      [eventId],
    );
    return counts;
  }

  left(
    manager: EntityManager,
    eventIds: string[],
  ): Promise<{ event_id: string; capacity: number; registered: number }[]> {
    return manager.query(
      `SELECT event_id, capacity, registered FROM event_seats WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
  }
}
