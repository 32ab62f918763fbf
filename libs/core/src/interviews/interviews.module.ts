import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { EventsService } from '../events/events.service';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RegistrationsService } from '../registrations/registrations.service';
import { InterviewBookingRepository } from './interview-booking.repository';
import { InterviewBookingService } from './interview-booking.service';
import {
  EVENT_CANCELLED_REASON,
  InterviewCancellationService,
  WITHDRAWN_REASON,
} from './interview-cancellation.service';
import { AvailabilityRepository } from './availability.repository';
import { InterviewConflictRepository } from './interview-conflict.repository';
import { SchedulingInputs } from './scheduling-inputs';
import { SchedulingInputsRepository } from './scheduling-inputs.repository';
import { InterviewViewsRepository } from './interview-views.repository';
import { InterviewConflictService } from './interview-conflict.service';
import { BookingPoolModule } from './booking-pool.module';
import { CandidateInterviewsService } from './candidate-interviews.service';
import { InterviewBookingPassService } from './interview-booking-pass.service';
import { InterviewFeedback } from './interview-feedback.entity';
import { InterviewOptionsService } from './interview-options.service';
import { InterviewMailRepository } from './interview-mail.repository';
import { InterviewMailService } from './interview-mail.service';
import { Interview } from './interview.entity';
import { InterviewsRepository } from './interviews.repository';
import { InterviewsService } from './interviews.service';
import { SchedulingRun } from './scheduling-run.entity';
import { SchedulingRunService } from './scheduling-run.service';
import { SchedulingRunsRepository } from './scheduling-runs.repository';

const SERVICES = [
  InterviewMailRepository,
  InterviewMailService,
  InterviewBookingService,
  InterviewCancellationService,
  SchedulingRunService,
  InterviewBookingRepository,
  InterviewBookingPassService,
  InterviewsService,
  CandidateInterviewsService,
  InterviewOptionsService,
  AvailabilityRepository,
  InterviewConflictRepository,
  InterviewConflictService,
  SchedulingInputsRepository,
  SchedulingInputs,
  InterviewViewsRepository,
  InterviewsRepository,
  SchedulingRunsRepository,
];

/** Interviewers' availability, scheduling runs and bookings, candidates' self-service, feedback. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Interview, InterviewFeedback, SchedulingRun]),
    RegistrationsModule,
    EventsModule,
    BookingPoolModule,
  ],
  providers: SERVICES,
  exports: [...SERVICES, BookingPoolModule],
})
export class InterviewsModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly runs: SchedulingRunService,
    private readonly cancellation: InterviewCancellationService,
    private readonly passes: InterviewBookingPassService,
    private readonly registrations: RegistrationsService,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('scheduling-runs', () => this.runs.reconcileRuns());
    this.reconciler.register('withdrawn-interviews', () => this.cancellation.cancelWithdrawn());
    this.reconciler.register('booking-passes', () => this.passes.reconcile());
    // A withdrawal cancels the interview in its own transaction; the reconciler above is the safety net.
    this.registrations.onWithdrawal((manager, registration) =>
      this.cancellation.cancelForRegistration(manager, registration.id, WITHDRAWN_REASON),
    );
    this.events.onCancel((manager, actor, event) =>
      this.cancellation.cancelForEvent(manager, actor, event.id, EVENT_CANCELLED_REASON),
    );
  }
}
