import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { ForgetRemindersPayload, QueueName, RescheduleInterviewPayload } from '@hirefair/queue';
import { SYSTEM_ACTOR } from '../common/actor';
import { isDeadlock, isExclusionViolation } from '../common/db-errors';
import { HiringEvent } from '../events/event.entity';
import { OwedJob, OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage, assertStageTransition } from '../registrations/registration-state';
import { RegistrationTimelineService, stageChanges } from '../registrations/registration-timeline.service';
import { AuditService } from '../audit/audit.service';
import { EventsRepository } from '../events/events.repository';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';
import { BookingPassRepository } from './booking-pass.repository';
import { InterviewBookingRepository, LockedRegistration } from './interview-booking.repository';
import { REMINDER_HOURS, invitationsJob, reminderJobIds, reminderJobs } from './interview-jobs';
import { InterviewMailService } from './interview-mail.service';
import { SCHEDULABLE_EVENT_STATUSES } from './interviews.errors';
import { SchedulingInputs } from './scheduling-inputs';
import { pickBestSlot } from './scheduling/assignment';
import type { Assignment, UnscheduledReason } from './scheduling/scheduling.types';

/** Slots lost to concurrent bookings before a single booking gives up (it is retried as a job). */
const MAX_BOOKING_ATTEMPTS = 20;
/** Tries of one batch that a deadlock with a concurrent batch aborted. */
const MAX_BATCH_ATTEMPTS = 3;

export { REMINDER_HOURS, reminderJobIds };

export type BookingOutcome =
  { ok: true; interview: Interview } | { ok: false; reason: UnscheduledReason | 'not_bookable' | 'conflict' };

/**
 * The worker side of interviews: booking one registration, a whole scheduling run, reschedules and
 * reminders. Every booking is one transaction that locks the registration (so it is booked once) and
 * inserts the interview; the exclusion constraints refuse an overlap a concurrent worker committed
 * first, and the loser picks again without that slot.
 */
@Injectable()
export class InterviewBookingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QueueName.InterviewScheduling) private readonly queue: Queue,
    private readonly outbox: OutboxService,
    private readonly timeline: RegistrationTimelineService,
    private readonly mail: InterviewMailService,
    private readonly audit: AuditService,
    private readonly passes: BookingPassRepository,
    private readonly repository: InterviewBookingRepository,
    private readonly inputs: SchedulingInputs,
    private readonly events: EventsRepository,
  ) {}

  /** Books one advanced registration on the best slot now (the job owed when a unit advances it). */
  async bookRegistration(registrationId: string, runId: string | null = null): Promise<BookingOutcome> {
    const registration = await this.repository.findRegistration(registrationId);
    if (!registration || registration.stage !== Stage.Advanced) return { ok: false, reason: 'not_bookable' };
    if (!(await this.schedulable(registration.eventId))) return { ok: false, reason: 'not_bookable' };
    return this.bookBest(registration, null, runId, null);
  }

  /** A run's assignment lost to a concurrent booking: the registration takes the best slot left instead. */
  async bookRegistrationInstead(
    registrationId: string,
    runId: string,
    excluded: { interviewerId: string; startsAt: Date }[],
  ): Promise<BookingOutcome> {
    const registration = await this.repository.getRegistration(registrationId);
    return this.bookBest(registration, null, runId, null, excluded);
  }

  /** Moves an interview to the best new slot, the same interviewer if they have one; the old slot is freed once the new one is held. */
  async reschedule(payload: RescheduleInterviewPayload): Promise<BookingOutcome> {
    const old = await this.repository.findInterview(payload.interviewId);
    if (!old || old.version !== payload.version || !ACTIVE_INTERVIEW_STATUSES.includes(old.status))
      return { ok: false, reason: 'not_bookable' };
    const registration = await this.repository.getRegistration(old.registrationId);
    if (!(await this.schedulable(registration.eventId))) return { ok: false, reason: 'not_bookable' };
    return this.bookBest(registration, old, null, payload.reason);
  }

  /** Bookings are made only for a published or closed event (a cancelled one cancels its interviews). */
  private async schedulable(eventId: string): Promise<boolean> {
    const event = await this.repository.findEventStatus(eventId);
    return event !== null && SCHEDULABLE_EVENT_STATUSES.includes(event.status);
  }

  /** The best slot for one registration now, retried without slots lost to concurrent bookings. */
  private async bookBest(
    registration: Registration,
    replacing: Interview | null,
    runId: string | null,
    reason: string | null,
    excluded: { interviewerId: string; startsAt: Date }[] = [],
  ): Promise<BookingOutcome> {
    const event = await this.events.findById(registration.eventId);
    for (let attempt = 0; attempt < MAX_BOOKING_ATTEMPTS; attempt++) {
      const now = new Date();
      const [candidates, interviewers] = await Promise.all([
        this.inputs.loadCandidates(this.repository.manager, event.id, { registrationIds: [registration.id] }),
        this.inputs.loadInterviewers(this.repository.manager, event, {
          businessUnitId: registration.businessUnitId ?? undefined,
          notBefore: now,
        }),
      ]);
      if (candidates.length === 0) return { ok: false, reason: 'not_bookable' };
      const pick = pickBestSlot(candidates[0], interviewers, {
        timezone: event.timezone,
        preferInterviewerId: replacing?.interviewerId,
        notBefore: now,
        excluded,
      });
      if (!pick.ok) return pick;
      try {
        const outcome = replacing
          ? await this.bookReplacement(pick.assignment, event, replacing, reason)
          : ((await this.bookNew([pick.assignment], event, runId)).get(registration.id) as BookingOutcome);
        if (outcome.ok || outcome.reason !== 'conflict') return outcome;
      } catch (error) {
        if (!isExclusionViolation(error)) throw error;
      }
      excluded.push({
        interviewerId: pick.assignment.interviewerId,
        startsAt: pick.assignment.slot.startsAt,
      });
    }
    return { ok: false, reason: 'conflict' };
  }

  /**
   * New bookings, set-based in one transaction (one assignment for a single booking, a batch for a
   * run): lock the registrations (in id order, so concurrent batches cannot deadlock on them), keep
   * those still advanced and unbooked, insert the interviews in one statement with ON CONFLICT DO
   * NOTHING (an interview the exclusion constraints refuse, because a concurrent booking holds an
   * overlapping slot, is skipped and reported as 'conflict'), then move the stages, write the
   * timeline and the webhook event, each in one statement for the whole batch.
   * The invitations (.ics and mails, the costly part) and the reminders are a job's work (see
   * InterviewMailService.invite), so the booking transaction, and the registration locks it holds,
   * stay short. Outside a run the batch owes that job; a scheduling run's batches owe none: the run
   * owes its bookings' invitations when it ends, so that rendering them does not compete with its
   * batches for the worker.
   * A deadlock with another batch (e.g. two runs of one event) retries the batch.
   */
  async bookNew(
    assignments: Assignment[],
    event: HiringEvent,
    runId: string | null,
    attempt = 1,
  ): Promise<Map<string, BookingOutcome>> {
    try {
      return await this.repository.transaction((manager) =>
        this.insertNew(manager, assignments, event, runId),
      );
    } catch (error) {
      if (!isDeadlock(error) || attempt >= MAX_BATCH_ATTEMPTS) throw error;
      return this.bookNew(assignments, event, runId, attempt + 1);
    }
  }

  private async insertNew(
    manager: EntityManager,
    assignments: Assignment[],
    event: HiringEvent,
    runId: string | null,
  ): Promise<Map<string, BookingOutcome>> {
    const outcomes = new Map<string, BookingOutcome>(
      assignments.map((a) => [a.candidateId, { ok: false, reason: 'not_bookable' }]),
    );
    const locked = await this.repository.lockAdvanced(
      manager,
      assignments.map((a) => a.candidateId),
    );
    // Read after the locks are held: an interview booked meanwhile is visible here.
    const already = await this.repository.withActiveInterview(
      manager,
      locked.map((r) => r.id),
    );
    const registrations = new Map(locked.filter((r) => !already.has(r.id)).map((r) => [r.id, r]));
    const candidates = assignments
      .filter((a) => registrations.has(a.candidateId))
      .map((a) => {
        const registration = registrations.get(a.candidateId) as LockedRegistration;
        const id = randomUUID();
        return this.repository.createInterview({
          id,
          organizationId: registration.organizationId,
          eventId: event.id,
          registrationId: registration.id,
          interviewerId: a.interviewerId,
          businessUnitId: registration.businessUnitId as string,
          startsAt: a.slot.startsAt,
          endsAt: a.slot.endsAt,
          status: InterviewStatus.Scheduled,
          icalUid: `${id}@hirefair`,
          version: 0,
          location: event.online
            ? `${this.config.publicBaseUrl}/meet/${id}`
            : [event.venue, event.city].filter(Boolean).join(', '),
          schedulingRunId: runId,
          replacesId: null,
        });
      });
    if (candidates.length === 0) return outcomes;
    const insertedAt = await this.repository.insertScheduled(manager, event.id, runId, candidates);
    const interviews = candidates.filter((i) => insertedAt.has(i.id));
    for (const interview of candidates) {
      const row = insertedAt.get(interview.id);
      if (!row) {
        outcomes.set(interview.registrationId, { ok: false, reason: 'conflict' });
        continue;
      }
      Object.assign(interview, { createdAt: row.created_at, updatedAt: row.updated_at });
      outcomes.set(interview.registrationId, { ok: true, interview });
    }
    if (interviews.length === 0) return outcomes;
    assertStageTransition(Stage.Advanced, Stage.InterviewScheduled);
    // One round trip: out of the pool, the stage moved, and the run's progress counted with the commit.
    await this.passes.markBooked(
      manager,
      interviews.map((i) => i.registrationId),
      runId,
    );
    await this.timeline.recordMany(
      manager,
      SYSTEM_ACTOR,
      interviews.flatMap((i) => {
        const registration = registrations.get(i.registrationId) as LockedRegistration;
        return stageChanges(
          registration,
          Stage.InterviewScheduled,
          `interview ${i.startsAt.toISOString()} with ${i.interviewerId}`,
        ).map((change) => ({ registration, change }));
      }),
    );
    // The webhook event now, with the booking; the invitations (.ics, mails) by a job.
    await this.mail.announce(manager, interviews, RegistrationMailTemplate.InterviewInvitation);
    if (runId === null) await this.outbox.add(manager, invitationsJob(interviews));
    return outcomes;
  }

  /**
   * A reschedule, in one transaction: the new interview is inserted (held) before the old one is
   * cancelled; throws the exclusion violation when a concurrent booking won the new slot.
   */
  async bookReplacement(
    assignment: Assignment,
    event: HiringEvent,
    replacing: Interview,
    reason: string | null,
  ): Promise<BookingOutcome> {
    const outcome = await this.repository.transaction(async (manager): Promise<BookingOutcome> => {
      const registration = await this.repository.lockRegistration(manager, assignment.candidateId);
      if (
        !registration ||
        registration.status !== RegistrationStatus.Registered ||
        !registration.businessUnitId
      )
        return { ok: false, reason: 'not_bookable' };
      const old = await this.repository.lockInterview(manager, replacing.id);
      if (!old || old.version !== replacing.version || !ACTIVE_INTERVIEW_STATUSES.includes(old.status))
        return { ok: false, reason: 'not_bookable' };
      const id = randomUUID();
      const interview = this.repository.createInterview({
        id,
        organizationId: registration.organizationId,
        eventId: event.id,
        registrationId: registration.id,
        interviewerId: assignment.interviewerId,
        businessUnitId: registration.businessUnitId,
        startsAt: assignment.slot.startsAt,
        endsAt: assignment.slot.endsAt,
        status: InterviewStatus.Scheduled,
        icalUid: old.icalUid,
        version: old.version + 1,
        location: event.online
          ? `${this.config.publicBaseUrl}/meet/${id}`
          : [event.venue, event.city].filter(Boolean).join(', '),
        schedulingRunId: null,
        replacesId: old.id,
      });
      // The new slot is held (inserted) before the old one is released.
      await this.repository.insertInterview(manager, interview);
      await this.repository.markReplaced(manager, old.id, {
        statusReason: reason ? `rescheduled: ${reason}` : 'rescheduled',
        replacedById: id,
        endedAt: new Date(),
      });
      await this.audit.record(
        SYSTEM_ACTOR,
        {
          organizationId: registration.organizationId,
          action: 'interview.rescheduled',
          objectType: 'interview',
          objectId: id,
          details: { from: old.id, registrationId: registration.id, reason },
        },
        manager,
      );
      await this.mail.tell(manager, interview, RegistrationMailTemplate.InterviewUpdated);
      await this.outbox.add(manager, ...this.reminderJobs(interview));
      return { ok: true, interview };
    });
    if (outcome.ok) await this.removeReminders(replacing);
    return outcome;
  }

  /** Reminder jobs of this version of the interview (those whose time has not passed). */
  reminderJobs(interview: Interview): OwedJob[] {
    return reminderJobs(interview);
  }

  /** Removes an old version's reminders; those it misses find the version changed and send nothing. */
  async removeReminders(interview: Pick<Interview, 'id' | 'version'>): Promise<void> {
    for (const jobId of reminderJobIds(interview)) await this.queue.remove(jobId).catch(() => undefined);
  }

  /** The removal job owed by `cancelForRegistration`. */
  forgetReminders(payload: ForgetRemindersPayload): Promise<void> {
    return this.removeReminders({ id: payload.interviewId, version: payload.version });
  }
}
