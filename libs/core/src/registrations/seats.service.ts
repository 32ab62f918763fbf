import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventError, EventErrorCode } from '../events/events.errors';
import { RegistrationStatus } from './registration-state';
import { rowsOf } from './registration-sql';

/** Seat bookkeeping of an event beyond taking one (that is part of REGISTRATION_SQL.register). */
@Injectable()
export class SeatsService {
  async open(manager: EntityManager, eventId: string, capacity: number): Promise<void> {
    await manager.query(`INSERT INTO event_seats (event_id, capacity) VALUES ($1, $2)`, [eventId, capacity]);
  }

  /**
   * A registered seat was given up: hands it to the first waitlisted registration (returned, now
   * registered) or frees it. Locks the counter first, like a registration does, so a seat never
   * goes to a newcomer while someone waits.
   */
  async release(manager: EntityManager, eventId: string): Promise<string | null> {
    await manager.query(`SELECT 1 FROM event_seats WHERE event_id = $1 FOR UPDATE`, [eventId]);
    const [promoted] = await this.promote(manager, eventId, 1);
    if (promoted) return promoted;
    await manager.query(`UPDATE event_seats SET registered = registered - 1 WHERE event_id = $1`, [eventId]);
    return null;
  }

  /** Sets the capacity; a larger one promotes waitlisted registrations (their ids are returned). */
  async resize(manager: EntityManager, eventId: string, capacity: number): Promise<string[]> {
    const [seats]: { registered: number; capacity: number }[] = await manager.query(
      `SELECT registered, capacity FROM event_seats WHERE event_id = $1 FOR UPDATE`,
      [eventId],
    );
    if (capacity < seats.registered) {
      throw new EventError(
        EventErrorCode.CapacityBelowRegistered,
        `${seats.registered} candidates hold a seat; the capacity cannot go below that.`,
      );
    }
    const promoted = await this.promote(manager, eventId, capacity - seats.registered);
    await manager.query(
      `UPDATE event_seats SET capacity = $2, registered = registered + $3 WHERE event_id = $1`,
      [eventId, capacity, promoted.length],
    );
    return promoted;
  }

  /** Moves the first `count` waitlisted (by seq) to registered; the caller holds the counter lock. */
  private async promote(manager: EntityManager, eventId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const result: unknown = await manager.query(
      `UPDATE registrations SET status = $3, updated_at = now()
        WHERE id IN (SELECT id FROM registrations WHERE event_id = $1 AND status = $4
                      ORDER BY seq LIMIT $2 FOR UPDATE)
        RETURNING id`,
      [eventId, count, RegistrationStatus.Registered, RegistrationStatus.Waitlisted],
    );
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  }
}
