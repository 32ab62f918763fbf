import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingWait, RegistrationInterviews } from '../registrations/registration-interviews.port';
import { bookingWaits, currentInterviews } from './interview-view';

/** The interviews' side of the registration views (the RegistrationInterviews port). */
@Injectable()
export class InterviewRegistrationViews extends RegistrationInterviews {
  current(manager: EntityManager, registrationIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    return currentInterviews(manager, registrationIds);
  }

  bookingWaits(manager: EntityManager, registrationIds: string[]): Promise<Map<string, BookingWait>> {
    return bookingWaits(manager, registrationIds);
  }
}
