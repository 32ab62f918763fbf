import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InterviewJob, QueueName, RescheduleInterviewPayload, rescheduleJobId } from '@hirefair/queue';
import { CandidateActor } from '../common/actor';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { AvailabilityRepository } from './availability.repository';
import { BookingPoolService } from './booking-pool.service';
import { InterviewBookingService } from './interview-booking.service';
import { InterviewMailService } from './interview-mail.service';
import { interviewView } from './interview-view';
import { InterviewViewsRepository } from './interview-views.repository';
import { Interview, InterviewStatus } from './interview.entity';
import { InterviewError, InterviewErrorCode } from './interviews.errors';
import { InterviewsRepository } from './interviews.repository';
import { slotsView, toWindows } from './interviews.service';

/** The candidate's side of their interview: their windows, confirming, declining, asking for another time. */
@Injectable()
export class CandidateInterviewsService {
  constructor(
    private readonly repository: InterviewsRepository,
    private readonly outbox: OutboxService,
    private readonly booking: InterviewBookingService,
    private readonly mail: InterviewMailService,
    private readonly timeline: RegistrationTimelineService,
    private readonly bookingPool: BookingPoolService,
    private readonly availability: AvailabilityRepository,
    private readonly views: InterviewViewsRepository,
  ) {}

  /** A candidate's own availability for their interview; none = any time. */
  async setCandidateAvailability(actor: CandidateActor, slots: { startsAt: string; endsAt: string }[]) {
    const windows = toWindows(slots);
    return this.repository.transaction(async (manager) => {
      await this.availability.replaceCandidateWindows(
        manager,
        { id: actor.registrationId, organizationId: actor.organizationId },
        windows,
      );
      const registration = await this.repository.registration(manager, actor.registrationId);
      if (registration.stage === Stage.Advanced || registration.stage === Stage.InterviewScheduled)
        await this.bookingPool.changed(manager, registration.eventId);
      return { registrationId: actor.registrationId, slots: slotsView(windows) };
    });
  }

  async confirm(actor: CandidateActor) {
    return this.repository.transaction(async (manager) => {
      const interview = await this.activeOf(manager, actor);
      if (interview.status === InterviewStatus.Scheduled) {
        interview.status = InterviewStatus.Confirmed;
        interview.confirmedAt = new Date();
        await this.repository.markConfirmed(manager, interview);
      }
      return interviewView(interview);
    });
  }

  /** Frees the slot (the attendees get a cancellation) and puts the registration back to advanced. */
  async decline(actor: CandidateActor, reason?: string) {
    const declined = await this.repository.transaction(async (manager) => {
      // Registration before interview, the order a withdrawal locks them in (no deadlock between the two).
      const registration = await this.repository.lockRegistration(manager, actor.registrationId);
      const interview = await this.activeOf(manager, actor);
      const previous = { id: interview.id, version: interview.version };
      Object.assign(interview, {
        status: InterviewStatus.Declined,
        version: interview.version + 1,
        statusReason: reason ? `declined: ${reason}` : 'declined by the candidate',
        endedAt: new Date(),
      });
      await this.repository.markDeclined(manager, interview);
      await this.timeline.moveStage(
        manager,
        actor,
        registration,
        Stage.Advanced,
        'interview declined by the candidate',
      );
      await this.bookingPool.unpool(manager, [registration.id]);
      await this.mail.tell(manager, interview, RegistrationMailTemplate.InterviewCancelled);
      return { interview, previous };
    });
    await this.booking.removeReminders(declined.previous);
    return interviewView(declined.interview);
  }

  /** Owes a reschedule job: the worker books the best new slot, then frees this one. */
  async reschedule(actor: CandidateActor, reason?: string) {
    return this.repository.transaction(async (manager) => {
      const interview = await this.activeOf(manager, actor);
      await this.outbox.add(manager, {
        queue: QueueName.InterviewScheduling,
        name: InterviewJob.Reschedule,
        jobId: rescheduleJobId(interview.id, interview.version),
        payload: {
          interviewId: interview.id,
          version: interview.version,
          reason: reason?.trim() || null,
        } satisfies RescheduleInterviewPayload,
      });
      return { ...interviewView(interview), rescheduleRequested: true };
    });
  }

  private async activeOf(manager: EntityManager, actor: CandidateActor): Promise<Interview> {
    const interview = await this.views.activeOf(manager, actor.registrationId, { lock: true });
    if (!interview)
      throw new InterviewError(InterviewErrorCode.NoActiveInterview, 'You have no interview booked.');
    return interview;
  }
}
