import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventSeatCounts, EventSeats } from '../events/event-seats.port';
import { RegistrationsService } from './registrations.service';
import { SeatsRepository } from './seats.repository';
import { SeatsService } from './seats.service';

/** The registrations' side of an event's seats (bound to EventSeats by EventSeatsModule). */
@Injectable()
export class RegistrationEventSeats extends EventSeats {
  constructor(
    private readonly seats: SeatsService,
    private readonly registrations: RegistrationsService,
    private readonly repository: SeatsRepository,
  ) {
    super();
  }

  open(manager: EntityManager, eventId: string, capacity: number): Promise<void> {
    return this.seats.open(manager, eventId, capacity);
  }

  async resize(manager: EntityManager, eventId: string, capacity: number): Promise<void> {
    const promoted = await this.seats.resize(manager, eventId, capacity);
    await this.registrations.announcePromotions(manager, promoted, 'the event’s capacity grew');
  }

  async counts(manager: EntityManager, eventId: string): Promise<EventSeatCounts> {
    const counts = await this.repository.counts(manager, eventId);
    return {
      registered: Number(counts.registered),
      waitlisted: Number(counts.waitlisted),
      withdrawn: Number(counts.withdrawn),
    };
  }

  async left(manager: EntityManager, eventIds: string[]): Promise<Map<string, number>> {
    const seats = await this.repository.left(manager, eventIds);
    return new Map(seats.map((s) => [s.event_id, Math.max(0, s.capacity - s.registered)]));
  }
}
