import { Global, Module } from '@nestjs/common';
import { InterviewRegistrationViews } from '../interviews/interview-registration-views';
import { InterviewViewsRepository } from '../interviews/interview-views.repository';
import { RegistrationInterviews } from '../registrations/registration-interviews.port';

/**
 * Binds the registrations' RegistrationInterviews port to the interviews feature. Global, so that
 * RegistrationsModule needs no import of the interviews feature (which imports registrations).
 */
@Global()
@Module({
  providers: [
    InterviewViewsRepository,
    { provide: RegistrationInterviews, useClass: InterviewRegistrationViews },
  ],
  exports: [RegistrationInterviews],
})
export class RegistrationInterviewsModule {}
