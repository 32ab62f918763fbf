import { EntityManager } from 'typeorm';

export interface BookingWait {
  /** Waiting in the booking pool since then (advanced, or returned to the pool). */
  waitingSince: Date;
  /** Why the last booking pass could not book them, if it tried. */
  reason: string | null;
}

/**
 * What the registration views show of interviews. The interviews feature implements it
 * (bound by RegistrationInterviewsModule), so registrations need no import of interviews,
 * which import registrations.
 */
export abstract class RegistrationInterviews {
  /** Each registration's current interview (else its latest one); those without any are absent. */
  abstract current(
    manager: EntityManager,
    registrationIds: string[],
  ): Promise<Map<string, Record<string, unknown>>>;

  /** Who of these registrations waits in the booking pool, since when and why. */
  abstract bookingWaits(manager: EntityManager, registrationIds: string[]): Promise<Map<string, BookingWait>>;
}
