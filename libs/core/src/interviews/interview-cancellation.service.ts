import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ForgetRemindersPayload, InterviewJob, QueueName, forgetRemindersJobId } from '@hirefair/queue';
import { Actor } from '../common/actor';
import { OwedJob, OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Stage, assertStageTransition } from '../registrations/registration-state';
import { RegistrationTimelineService, stageChanges } from '../registrations/registration-timeline.service';
import { Interview, InterviewStatus } from './interview.entity';
import { InterviewBookingRepository } from './interview-booking.repository';
import { InterviewMailService } from './interview-mail.service';
import { InterviewsRepository } from './interviews.repository';

/** Why a withdrawn registration's interview was cancelled. */
export const WITHDRAWN_REASON = 'the candidate withdrew';
export const EVENT_CANCELLED_REASON = 'the event was cancelled';

/** Cancelling interviews: inside a withdrawal's or an event cancellation's transaction, and the reconciler's check. */
@Injectable()
export class InterviewCancellationService {
  constructor(
    private readonly repository: InterviewBookingRepository,
    private readonly interviews: InterviewsRepository,
    private readonly outbox: OutboxService,
    private readonly timeline: RegistrationTimelineService,
    private readonly mail: InterviewMailService,
  ) {}

  /**
   * Cancels a registration's active interviews inside the caller's transaction (its withdrawal): the
   * slots are free at commit, candidate and interviewer get the METHOD:CANCEL (the interviewer only,
   * without the candidate's name, once the candidate is erased), and each old version's reminders
   * are owed a removal job (one that fires anyway finds the version changed and sends nothing).
   */
  async cancelForRegistration(
    manager: EntityManager,
    registrationId: string,
    reason: string,
  ): Promise<number> {
    return this.cancelAll(manager, await this.repository.lockActive(manager, { registrationId }), reason);
  }

  /**
   * Cancels every active interview of an event inside the caller's transaction (the event's
   * cancellation), as a withdrawal does; their registrations go back to `advanced` (no interview).
   */
  async cancelForEvent(
    manager: EntityManager,
    actor: Actor,
    eventId: string,
    reason: string,
  ): Promise<number> {
    const interviews = await this.repository.lockActive(manager, { eventId });
    const cancelled = await this.cancelAll(manager, interviews, reason);
    const registrations = await this.repository.lockInterviewScheduled(
      manager,
      interviews.map((i) => i.registrationId),
    );
    if (registrations.length > 0) {
      assertStageTransition(Stage.InterviewScheduled, Stage.Advanced);
      await this.repository.setStage(
        manager,
        registrations.map((r) => r.id),
        Stage.Advanced,
      );
      await this.timeline.recordMany(
        manager,
        actor,
        registrations.flatMap((registration) =>
          stageChanges(registration, Stage.Advanced, reason).map((change) => ({ registration, change })),
        ),
      );
    }
    return cancelled;
  }

  async cancelAll(manager: EntityManager, interviews: Interview[], reason: string): Promise<number> {
    if (interviews.length === 0) return 0;
    const endedAt = new Date();
    const forget: OwedJob[] = [];
    for (const interview of interviews) {
      forget.push({
        queue: QueueName.InterviewScheduling,
        name: InterviewJob.ForgetReminders,
        jobId: forgetRemindersJobId(interview.id, interview.version),
        payload: { interviewId: interview.id, version: interview.version } satisfies ForgetRemindersPayload,
      });
      Object.assign(interview, {
        status: InterviewStatus.Cancelled,
        version: interview.version + 1,
        statusReason: reason,
        endedAt,
      });
    }
    await this.repository.cancel(
      manager,
      interviews.map((i) => i.id),
      reason,
      endedAt,
    );
    await this.mail.tellMany(manager, interviews, RegistrationMailTemplate.InterviewCancelled);
    await this.outbox.add(manager, ...forget);
    return interviews.length;
  }

  /**
   * For the reconciler, a safety net: a withdrawal cancels its interviews in its own transaction;
   * any active interview of a withdrawn registration left over is cancelled here.
   */
  async cancelWithdrawn(): Promise<number> {
    let cancelled = 0;
    for (const id of await this.repository.withdrawnWithActiveInterview())
      cancelled += await this.interviews.transaction((manager) =>
        this.cancelForRegistration(manager, id, WITHDRAWN_REASON),
      );
    return cancelled;
  }
}
