import { EntityManager } from 'typeorm';

export interface EventSeatCounts {
  registered: number;
  waitlisted: number;
  withdrawn: number;
}

/**
 * What events need from the registrations' seats, bound by the registrations' side
 * (EventSeatsModule): events open and resize an event's seats and show their counts without
 * importing the registrations feature, which depends on events.
 */
export abstract class EventSeats {
  abstract open(manager: EntityManager, eventId: string, capacity: number): Promise<void>;
  /** Resizes, promoting from the waitlist when the capacity grew, and tells the promoted candidates. */
  abstract resize(manager: EntityManager, eventId: string, capacity: number): Promise<void>;
  abstract counts(manager: EntityManager, eventId: string): Promise<EventSeatCounts>;
  /** Seats left per event; an event without seats is absent. */
  abstract left(manager: EntityManager, eventIds: string[]): Promise<Map<string, number>>;
}
