import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import {
  ForgetRemindersPayload,
  InterviewInvitationsPayload,
  InterviewJob,
  InterviewReminderPayload,
  QueueName,
  RescheduleInterviewPayload,
  forgetRemindersJobId,
  invitationsJobId,
  reminderJobId,
  schedulingRunJobId,
} from '@hirefair/queue';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { isDeadlock, isExclusionViolation } from '../common/db-errors';
import { HiringEvent } from '../events/event.entity';
import { rowsOf } from '../registrations/registration-sql';
import { OwedJob, OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage, assertStageTransition } from '../registrations/registration-state';
import { RegistrationTimelineService, stageChanges } from '../registrations/registration-timeline.service';
import { AuditService } from '../audit/audit.service';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';
import { BookingPassRepository } from './booking-pass.repository';
import { InterviewMailService } from './interview-mail.service';
import { InterviewError, SCHEDULABLE_EVENT_STATUSES, assertSchedulable } from './interviews.errors';
import { SchedulingRun, SchedulingRunStatus, UnscheduledRegistration } from './scheduling-run.entity';
import { loadCandidates, loadInterviewers } from './scheduling-inputs';
import { assignInterviews, pickBestSlot } from './scheduling/assignment';
import type { Assignment, UnscheduledReason } from './scheduling/scheduling.types';

/** Hours before an interview at which its reminders go out. */
export const REMINDER_HOURS = [24, 1];
/** Slots lost to concurrent bookings before a single booking gives up (it is retried as a job). */
const MAX_BOOKING_ATTEMPTS = 20;
/** Why a withdrawn registration's interview was cancelled. */
export const WITHDRAWN_REASON = 'the candidate withdrew';
export const EVENT_CANCELLED_REASON = 'the event was cancelled';
/**
 * Assignments a run books per transaction (a few statements each, whatever the size): at most
 * RUN_BATCH, and a run of fewer still commits in about RUN_STEPS steps (of at least MIN_RUN_BATCH),
 * so that it shows progress and a worker killed mid-run leaves committed batches behind.
 */
const RUN_BATCH = 250;
const RUN_STEPS = 8;
const MIN_RUN_BATCH = 5;
/** Tries of one batch that a deadlock with a concurrent batch aborted. */
const MAX_BATCH_ATTEMPTS = 3;

export type BookingOutcome =
  { ok: true; interview: Interview } | { ok: false; reason: UnscheduledReason | 'not_bookable' | 'conflict' };

/** The reminder job ids of one version of an interview. */
export const reminderJobIds = (interview: Pick<Interview, 'id' | 'version'>): string[] =>
  REMINDER_HOURS.map((h) => reminderJobId(interview.id, interview.version, h));

/**
 * The worker side of interviews: booking one registration, a whole scheduling run, reschedules and
 * reminders. Every booking is one transaction that locks the registration (so it is booked once) and
 * inserts the interview; the exclusion constraints refuse an overlap a concurrent worker committed
 * first, and the loser picks again without that slot.
 */
@Injectable()
export class InterviewBookingService {
  private readonly logger = new Logger(InterviewBookingService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.InterviewScheduling) private readonly queue: Queue,
    private readonly outbox: OutboxService,
    private readonly timeline: RegistrationTimelineService,
    private readonly mail: InterviewMailService,
    private readonly audit: AuditService,
    private readonly passes: BookingPassRepository,
  ) {}

  /** Books one advanced registration on the best slot now (the job owed when a unit advances it). */
  async bookRegistration(registrationId: string, runId: string | null = null): Promise<BookingOutcome> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id: registrationId });
    if (!registration || registration.stage !== Stage.Advanced) return { ok: false, reason: 'not_bookable' };
    if (!(await this.schedulable(registration.eventId))) return { ok: false, reason: 'not_bookable' };
    return this.bookBest(registration, null, runId, null);
  }

  /** Moves an interview to the best new slot, the same interviewer if they have one; the old slot is freed once the new one is held. */
  async reschedule(payload: RescheduleInterviewPayload): Promise<BookingOutcome> {
    const old = await this.dataSource.getRepository(Interview).findOneBy({ id: payload.interviewId });
    if (!old || old.version !== payload.version || !ACTIVE_INTERVIEW_STATUSES.includes(old.status))
      return { ok: false, reason: 'not_bookable' };
    const registration = await this.dataSource
      .getRepository(Registration)
      .findOneByOrFail({ id: old.registrationId });
    if (!(await this.schedulable(registration.eventId))) return { ok: false, reason: 'not_bookable' };
    return this.bookBest(registration, old, null, payload.reason);
  }

  /** Bookings are made only for a published or closed event (a cancelled one cancels its interviews). */
  private async schedulable(eventId: string): Promise<boolean> {
    const event = await this.dataSource
      .getRepository(HiringEvent)
      .findOne({ where: { id: eventId }, select: { id: true, status: true } });
    return event !== null && SCHEDULABLE_EVENT_STATUSES.includes(event.status);
  }

  /**
   * Invites candidate and interviewer to the interview versions a booking batch held, those still
   * holding that time. At least once, like every job: a re-run after a crash re-sends the same
   * REQUEST (same UID and SEQUENCE), which a calendar applies once.
   */
  async invite(payload: InterviewInvitationsPayload): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const versions = new Map(payload.interviews.map((i) => [i.id, i.version]));
      const interviews = (
        await manager.getRepository(Interview).findBy({ id: In([...versions.keys()]) })
      ).filter((i) => versions.get(i.id) === i.version && ACTIVE_INTERVIEW_STATUSES.includes(i.status));
      await this.mail.tellMany(manager, interviews, RegistrationMailTemplate.InterviewInvitation, undefined, {
        announced: true,
      });
      return interviews.length;
    });
  }

  /** Sends a reminder only if the interview still holds that time (same version, still active). */
  async remind(payload: InterviewReminderPayload): Promise<'sent' | 'stale'> {
    return this.dataSource.transaction(async (manager) => {
      const interview = await manager.getRepository(Interview).findOneBy({ id: payload.interviewId });
      if (
        !interview ||
        interview.version !== payload.version ||
        !ACTIVE_INTERVIEW_STATUSES.includes(interview.status)
      )
        return 'stale';
      await this.mail.tell(
        manager,
        interview,
        RegistrationMailTemplate.InterviewReminder,
        payload.hoursBefore,
      );
      return 'sent';
    });
  }

  /**
   * A scheduling run: one optimal assignment (see assignInterviews) of every advanced registration
   * without an interview, then one booking per assignment. A booking lost to a concurrent worker
   * falls back to the best slot left. Re-running a run (a worker killed mid-run) books only those
   * still unbooked; `scheduled` counts every interview the run booked, across attempts.
   */
  async executeRun(runId: string, finalAttempt = true): Promise<SchedulingRunStatus> {
    const runs = this.dataSource.getRepository(SchedulingRun);
    const claimed = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE scheduling_runs SET status = 'running', started_at = coalesce(started_at, now())
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [runId],
      ),
    );
    if (claimed.length === 0)
      return (await runs.findOneBy({ id: runId }))?.status ?? SchedulingRunStatus.Failed;
    const run = await runs.findOneByOrFail({ id: runId });
    try {
      const event = await this.dataSource.getRepository(HiringEvent).findOneByOrFail({ id: run.eventId });
      // The event may have been cancelled or completed since the run was queued.
      assertSchedulable(event);
      const now = new Date();
      const [candidates, interviewers] = await Promise.all([
        loadCandidates(this.dataSource.manager, event.id, {}),
        loadInterviewers(this.dataSource.manager, event, { notBefore: now }),
      ]);
      const loaded = Date.now();
      const result = assignInterviews({ timezone: event.timezone, candidates, interviewers });
      const assigned = Date.now();
      const unscheduled: UnscheduledRegistration[] = result.unscheduled.map((u) => ({
        registrationId: u.candidateId,
        reason: u.reason,
      }));
      const size = Math.min(
        RUN_BATCH,
        Math.max(MIN_RUN_BATCH, Math.ceil(result.assignments.length / RUN_STEPS)),
      );
      // Each batch adds its bookings to `booked` in its own transaction (BookingPassRepository.markBooked).
      await runs.update({ id: runId }, { progress: { considered: candidates.length, booked: 0 } });
      for (let i = 0; i < result.assignments.length; i += size) {
        const batch = result.assignments.slice(i, i + size);
        const outcomes = await this.bookNew(batch, event, runId);
        // A slot a concurrent booking won: this candidate takes the best slot left instead.
        for (const assignment of batch.filter((a) => outcomes.get(a.candidateId)?.ok === false)) {
          if ((outcomes.get(assignment.candidateId) as { reason: string }).reason !== 'conflict') continue;
          const registration = await this.dataSource
            .getRepository(Registration)
            .findOneByOrFail({ id: assignment.candidateId });
          const outcome = await this.bookBest(registration, null, runId, null, [
            { interviewerId: assignment.interviewerId, startsAt: assignment.slot.startsAt },
          ]);
          if (!outcome.ok && outcome.reason !== 'not_bookable' && outcome.reason !== 'conflict')
            unscheduled.push({ registrationId: assignment.candidateId, reason: outcome.reason });
        }
      }
      const [{ count }]: { count: string }[] = await this.dataSource.query(
        `SELECT count(*) FROM interviews WHERE scheduling_run_id = $1`,
        [runId],
      );
      await runs.update(
        { id: runId },
        {
          status: SchedulingRunStatus.Completed,
          scheduled: Number(count),
          progress: { considered: candidates.length, booked: Number(count) },
          unscheduled,
          finishedAt: new Date(),
        },
      );
      this.logger.log(
        `Scheduling run ${runId}: ${count} booked, ${unscheduled.length} unscheduled ` +
          `(inputs ${loaded - now.getTime()} ms, assignment ${assigned - loaded} ms, bookings ${Date.now() - assigned} ms)`,
      );
      return SchedulingRunStatus.Completed;
    } catch (error) {
      // A domain error (the event is no longer schedulable) fails the run at once: a retry cannot help.
      const final = finalAttempt || error instanceof InterviewError;
      if (final)
        await runs.update(
          { id: runId },
          { status: SchedulingRunStatus.Failed, error: (error as Error).message, finishedAt: new Date() },
        );
      if (error instanceof InterviewError) return SchedulingRunStatus.Failed;
      throw error;
    }
  }

  /** The best slot for one registration now, retried without slots lost to concurrent bookings. */
  private async bookBest(
    registration: Registration,
    replacing: Interview | null,
    runId: string | null,
    reason: string | null,
    excluded: { interviewerId: string; startsAt: Date }[] = [],
  ): Promise<BookingOutcome> {
    const event = await this.dataSource
      .getRepository(HiringEvent)
      .findOneByOrFail({ id: registration.eventId });
    for (let attempt = 0; attempt < MAX_BOOKING_ATTEMPTS; attempt++) {
      const now = new Date();
      const [candidates, interviewers] = await Promise.all([
        loadCandidates(this.dataSource.manager, event.id, { registrationIds: [registration.id] }),
        loadInterviewers(this.dataSource.manager, event, {
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
   * timeline and owe the reminder jobs and one invitations job, each in one statement for the whole
   * batch. The invitations (.ics and mails, the costly part) are rendered by that job, so the booking
   * transaction, and the registration locks it holds, stay short.
   * A deadlock with another batch (e.g. two runs of one event) retries the batch.
   */
  async bookNew(
    assignments: Assignment[],
    event: HiringEvent,
    runId: string | null,
    attempt = 1,
  ): Promise<Map<string, BookingOutcome>> {
    try {
      return await this.dataSource.transaction((manager) =>
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
    const locked = await manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .select(['r.id', 'r.organizationId', 'r.businessUnitId', 'r.stage', 'r.lane'])
      .where('r.id IN (:...ids)', { ids: assignments.map((a) => a.candidateId) })
      .andWhere('r.status = :status AND r.stage = :stage AND r.businessUnitId IS NOT NULL', {
        status: RegistrationStatus.Registered,
        stage: Stage.Advanced,
      })
      .orderBy('r.id')
      .setLock('pessimistic_write')
      .getMany();
    // Read after the locks are held: an interview booked meanwhile is visible here.
    const booked: { registration_id: string }[] = locked.length
      ? await manager.query(
          `SELECT registration_id FROM interviews WHERE registration_id = ANY($1) AND status = ANY($2)`,
          [locked.map((r) => r.id), ACTIVE_INTERVIEW_STATUSES],
        )
      : [];
    const already = new Set(booked.map((b) => b.registration_id));
    const registrations = new Map(locked.filter((r) => !already.has(r.id)).map((r) => [r.id, r]));
    const repo = manager.getRepository(Interview);
    const candidates = assignments
      .filter((a) => registrations.has(a.candidateId))
      .map((a) => {
        const registration = registrations.get(a.candidateId) as Registration;
        const id = randomUUID();
        return repo.create({
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
    const column = <K extends keyof Interview>(key: K) => candidates.map((i) => i[key]);
    const inserted: { id: string; created_at: Date; updated_at: Date }[] = await manager.query(
      `INSERT INTO interviews (id, organization_id, event_id, registration_id, interviewer_id, business_unit_id,
                               starts_at, ends_at, status, ical_uid, version, location, scheduling_run_id)
       SELECT t.id, t.organization_id, $1, t.registration_id, t.interviewer_id, t.business_unit_id,
              t.starts_at, t.ends_at, $2, t.ical_uid, 0, t.location, $3
         FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[],
                     $10::timestamptz[], $11::text[], $12::text[])
           AS t(id, organization_id, registration_id, interviewer_id, business_unit_id, starts_at, ends_at,
                ical_uid, location)
       ON CONFLICT DO NOTHING
       RETURNING id, created_at, updated_at`,
      [
        event.id,
        InterviewStatus.Scheduled,
        runId,
        column('id'),
        column('organizationId'),
        column('registrationId'),
        column('interviewerId'),
        column('businessUnitId'),
        column('startsAt'),
        column('endsAt'),
        column('icalUid'),
        column('location'),
      ],
    );
    const insertedAt = new Map(inserted.map((row) => [row.id, row]));
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
        const registration = registrations.get(i.registrationId) as Registration;
        return stageChanges(
          registration,
          Stage.InterviewScheduled,
          `interview ${i.startsAt.toISOString()} with ${i.interviewerId}`,
        ).map((change) => ({ registration, change }));
      }),
    );
    // The webhook event now, with the booking; the invitations (.ics, mails) by a job, below.
    await this.mail.announce(manager, interviews, RegistrationMailTemplate.InterviewInvitation);
    await this.outbox.add(manager, ...interviews.flatMap((i) => this.reminderJobs(i)), {
      queue: QueueName.InterviewScheduling,
      name: InterviewJob.Invite,
      jobId: invitationsJobId(interviews[0].id),
      payload: {
        interviews: interviews.map((i) => ({ id: i.id, version: i.version })),
      } satisfies InterviewInvitationsPayload,
    });
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
    const outcome = await this.dataSource.transaction(async (manager): Promise<BookingOutcome> => {
      const registration = await manager
        .getRepository(Registration)
        .findOne({ where: { id: assignment.candidateId }, lock: { mode: 'pessimistic_write' } });
      if (
        !registration ||
        registration.status !== RegistrationStatus.Registered ||
        !registration.businessUnitId
      )
        return { ok: false, reason: 'not_bookable' };
      const old = await manager
        .getRepository(Interview)
        .findOne({ where: { id: replacing.id }, lock: { mode: 'pessimistic_write' } });
      if (!old || old.version !== replacing.version || !ACTIVE_INTERVIEW_STATUSES.includes(old.status))
        return { ok: false, reason: 'not_bookable' };
      const id = randomUUID();
      const repo = manager.getRepository(Interview);
      const interview = repo.create({
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
      await repo.insert(interview);
      await repo.update(
        { id: old.id },
        {
          status: InterviewStatus.Cancelled,
          statusReason: reason ? `rescheduled: ${reason}` : 'rescheduled',
          replacedById: id,
          endedAt: new Date(),
        },
      );
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
    return REMINDER_HOURS.flatMap((hoursBefore) => {
      const delayMs = interview.startsAt.getTime() - hoursBefore * 3600_000 - Date.now();
      if (delayMs <= 0) return [];
      return [
        {
          queue: QueueName.InterviewScheduling,
          name: InterviewJob.Remind,
          jobId: reminderJobId(interview.id, interview.version, hoursBefore),
          payload: { interviewId: interview.id, version: interview.version, hoursBefore },
          delayMs,
        },
      ];
    });
  }

  /** Removes an old version's reminders; those it misses find the version changed and send nothing. */
  async removeReminders(interview: Pick<Interview, 'id' | 'version'>): Promise<void> {
    for (const jobId of reminderJobIds(interview)) await this.queue.remove(jobId).catch(() => undefined);
  }

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
    const interviews = await manager.getRepository(Interview).find({
      where: { registrationId, status: In(ACTIVE_INTERVIEW_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    return this.cancelAll(manager, interviews, reason);
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
    const interviews = await manager.getRepository(Interview).find({
      where: { eventId, status: In(ACTIVE_INTERVIEW_STATUSES) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const cancelled = await this.cancelAll(manager, interviews, reason);
    const registrations = await manager.getRepository(Registration).find({
      where: { id: In(interviews.map((i) => i.registrationId)), stage: Stage.InterviewScheduled },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (registrations.length > 0) {
      assertStageTransition(Stage.InterviewScheduled, Stage.Advanced);
      await manager
        .getRepository(Registration)
        .update({ id: In(registrations.map((r) => r.id)) }, { stage: Stage.Advanced });
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
    await manager.query(
      `UPDATE interviews SET status = $2, version = version + 1, status_reason = $3, ended_at = $4, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [interviews.map((i) => i.id), InterviewStatus.Cancelled, reason, endedAt.toISOString()],
    );
    await this.mail.tellMany(manager, interviews, RegistrationMailTemplate.InterviewCancelled);
    await this.outbox.add(manager, ...forget);
    return interviews.length;
  }

  /** The removal job owed by `cancelForRegistration`. */
  forgetReminders(payload: ForgetRemindersPayload): Promise<void> {
    return this.removeReminders({ id: payload.interviewId, version: payload.version });
  }

  /**
   * For the reconciler, a safety net: a withdrawal cancels its interviews in its own transaction;
   * any active interview of a withdrawn registration left over is cancelled here.
   */
  async cancelWithdrawn(): Promise<number> {
    const rows: { registration_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i.registration_id FROM interviews i JOIN registrations r ON r.id = i.registration_id
        WHERE r.status = 'withdrawn' AND i.status = ANY($1) LIMIT 100`,
      [ACTIVE_INTERVIEW_STATUSES],
    );
    let cancelled = 0;
    for (const { registration_id: id } of rows)
      cancelled += await this.dataSource.transaction((manager) =>
        this.cancelForRegistration(manager, id, WITHDRAWN_REASON),
      );
    return cancelled;
  }

  /** For the reconciler: runs queued or running for a while whose job Redis may have lost. */
  async reconcileRuns(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const stale: { id: string }[] = await manager.query(
      `SELECT id FROM scheduling_runs WHERE status IN ('queued', 'running') AND created_at < now() - interval '2 minutes'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.relayed_at IS NULL AND o.job_id = 'run-' || scheduling_runs.id::text)
        LIMIT 100`,
    );
    for (const { id } of stale)
      await this.queue.add(InterviewJob.Run, { runId: id }, { jobId: schedulingRunJobId(id) });
    return stale.length;
  }
}
