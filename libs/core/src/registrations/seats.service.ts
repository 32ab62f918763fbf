import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventError, EventErrorCode } from '../events/events.errors';
import { SeatsRepository } from './seats.repository';

/** Seat bookkeeping of an event beyond taking one (that is part of REGISTER_BATCH_SQL). */
@Injectable()
export class SeatsService {
  constructor(private readonly repository: SeatsRepository) {}

  async open(manager: EntityManager, eventId: string, capacity: number): Promise<void> {
    await this.repository.open(manager, eventId, capacity);
  }

  /**
   * A registered seat was given up: hands it to the first waitlisted registration (returned, now
   * registered) or frees it. Locks the counter first, like a registration does, so a seat never
   * goes to a newcomer while someone waits.
   */
  async release(manager: EntityManager, eventId: string): Promise<string | null> {
    await this.repository.lock(manager, eventId);
    const [promoted] = await this.promote(manager, eventId, 1);
    if (promoted) return promoted;
    await this.repository.free(manager, eventId);
    return null;
  }

  /** Sets the capacity; a larger one promotes waitlisted registrations (their ids are returned). */
  async resize(manager: EntityManager, eventId: string, capacity: number): Promise<string[]> {
    const seats = await this.repository.lockCounter(manager, eventId);
    if (capacity < seats.registered) {
      throw new EventError(
        EventErrorCode.CapacityBelowRegistered,
        `${seats.registered} candidates hold a seat; the capacity cannot go below that.`,
      );
    }
    const promoted = await this.promote(manager, eventId, capacity - seats.registered);
    await this.repository.resize(manager, eventId, capacity, promoted.length);
    return promoted;
  }

  /** Moves the first `count` waitlisted (by seq) to registered; the caller holds the counter lock. */
  private async promote(manager: EntityManager, eventId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    return this.repository.promote(manager, eventId, count);
  }
}
