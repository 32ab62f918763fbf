import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import {
  InterviewBookingPassService,
  InterviewBookingService,
  InterviewConflictService,
  InterviewMailService,
  SchedulingRunService,
} from '@hirefair/core';
import {
  BookRegistrationPayload,
  BookingPassPayload,
  ForgetRemindersPayload,
  InterviewConflictPayload,
  InterviewInvitationsPayload,
  InterviewJob,
  InterviewJobPayload,
  InterviewReminderPayload,
  QueueName,
  RescheduleInterviewPayload,
  SchedulingRunPayload,
} from '@hirefair/queue';

/**
 * A run of a killed worker is taken over once its lock lapses (15 s) at the next stall check (5 s).
 * Taking over early is safe: every booking locks its registration and re-checks it is unbooked.
 */
@Processor(QueueName.InterviewScheduling, { concurrency: 4, lockDuration: 15_000, stalledInterval: 5_000 })
export class InterviewSchedulingProcessor extends WorkerHost {
  constructor(
    private readonly booking: InterviewBookingService,
    private readonly pass: InterviewBookingPassService,
    private readonly runs: SchedulingRunService,
    private readonly mail: InterviewMailService,
    private readonly conflicts: InterviewConflictService,
  ) {
    super();
  }

  async process(job: Job<InterviewJobPayload>): Promise<unknown> {
    switch (job.name as InterviewJob) {
      case InterviewJob.BookingPass:
        return this.pass.onJob((job.data as BookingPassPayload).eventId);
      case InterviewJob.Book:
        return this.booking.bookRegistration((job.data as BookRegistrationPayload).registrationId);
      case InterviewJob.Run:
        return this.runs.executeRun(
          (job.data as SchedulingRunPayload).runId,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
      case InterviewJob.Reschedule:
        return this.booking.reschedule(job.data as RescheduleInterviewPayload);
      case InterviewJob.Remind:
        return this.mail.remind(job.data as InterviewReminderPayload);
      case InterviewJob.Invite:
        return this.mail.invite(job.data as InterviewInvitationsPayload);
      case InterviewJob.ConflictMail:
        return this.conflicts.mailCandidate(job.data as InterviewConflictPayload);
      case InterviewJob.ForgetReminders:
        return this.booking.forgetReminders(job.data as ForgetRemindersPayload);
      default:
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
