import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingWait, RegistrationInterviews } from '../registrations/registration-interviews.port';
import { interviewView } from './interview-view';
import { InterviewViewsRepository } from './interview-views.repository';

/** The interviews' side of the registration views (the RegistrationInterviews port). */
@Injectable()
export class InterviewRegistrationViews extends RegistrationInterviews {
  constructor(private readonly views: InterviewViewsRepository) {
    super();
  }

  /** Each registration's current interview (else its latest one); those without any are absent. */
  async current(
    manager: EntityManager,
    registrationIds: string[],
  ): Promise<Map<string, Record<string, unknown>>> {
    const interviews = await this.views.currentInterviews(manager, registrationIds);
    return new Map(interviews.map((i) => [i.registrationId, interviewView(i)]));
  }

  bookingWaits(manager: EntityManager, registrationIds: string[]): Promise<Map<string, BookingWait>> {
    return this.views.bookingWaits(manager, registrationIds);
  }
}
