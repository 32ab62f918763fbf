import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import {
  InterviewJob,
  InterviewReminderPayload,
  QueueName,
  RescheduleInterviewPayload,
  reminderJobId,
  schedulingRunJobId,
} from '@hirefair/queue';
import { SYSTEM_ACTOR } from '../common/actor';
import { isExclusionViolation } from '../common/db-errors';
import { HiringEvent } from '../events/event.entity';
import { OwedJob, OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../registrations/mail-templates';
import { Registration } from '../registrations/registration.entity';
import { RegistrationStatus, Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { AuditService } from '../audit/audit.service';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';
import { InterviewMailService } from './interview-mail.service';
import { SchedulingRun, SchedulingRunStatus, UnscheduledRegistration } from './scheduling-run.entity';
import { loadCandidates, loadInterviewers } from './scheduling-inputs';
import { assignInterviews, pickBestSlot } from './scheduling/assignment';
import type { Assignment, UnscheduledReason } from './scheduling/scheduling.types';

/** Hours before an interview at which its reminders go out. */
export const REMINDER_HOURS = [24, 1];
/** Slots lost to concurrent bookings before a single booking gives up (it is retried as a job). */
const MAX_BOOKING_ATTEMPTS = 20;

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
  ) {}

  /** Books one advanced registration on the best slot now (the job owed when a unit advances it). */
  async bookRegistration(registrationId: string, runId: string | null = null): Promise<BookingOutcome> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id: registrationId });
    if (!registration || registration.stage !== Stage.Advanced) return { ok: false, reason: 'not_bookable' };
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
    return this.bookBest(registration, old, null, payload.reason);
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
    const claimed: SchedulingRun[] = await this.dataSource.query(
      `UPDATE scheduling_runs SET status = 'running', started_at = coalesce(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [runId],
    );
    if (claimed.length === 0)
      return (await runs.findOneBy({ id: runId }))?.status ?? SchedulingRunStatus.Failed;
    const run = await runs.findOneByOrFail({ id: runId });
    try {
      const event = await this.dataSource.getRepository(HiringEvent).findOneByOrFail({ id: run.eventId });
      const now = new Date();
      const [candidates, interviewers] = await Promise.all([
        loadCandidates(this.dataSource.manager, event.id, {}),
        loadInterviewers(this.dataSource.manager, event, { notBefore: now }),
      ]);
      const result = assignInterviews({ timezone: event.timezone, candidates, interviewers });
      const unscheduled: UnscheduledRegistration[] = result.unscheduled.map((u) => ({
        registrationId: u.candidateId,
        reason: u.reason,
      }));
      for (const assignment of result.assignments) {
        const outcome = await this.bookAssignment(assignment, event, null, runId, null).catch(
          async (error: unknown) => {
            if (!isExclusionViolation(error)) throw error;
            const registration = await this.dataSource
              .getRepository(Registration)
              .findOneByOrFail({ id: assignment.candidateId });
            return this.bookBest(registration, null, runId, null, [
              { interviewerId: assignment.interviewerId, startsAt: assignment.slot.startsAt },
            ]);
          },
        );
        if (!outcome.ok && outcome.reason !== 'not_bookable' && outcome.reason !== 'conflict')
          unscheduled.push({ registrationId: assignment.candidateId, reason: outcome.reason });
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
          unscheduled,
          finishedAt: new Date(),
        },
      );
      this.logger.log(`Scheduling run ${runId}: ${count} booked, ${unscheduled.length} unscheduled`);
      return SchedulingRunStatus.Completed;
    } catch (error) {
      if (finalAttempt)
        await runs.update(
          { id: runId },
          { status: SchedulingRunStatus.Failed, error: (error as Error).message, finishedAt: new Date() },
        );
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
        return await this.bookAssignment(pick.assignment, event, replacing, runId, reason);
      } catch (error) {
        if (!isExclusionViolation(error)) throw error;
        excluded.push({
          interviewerId: pick.assignment.interviewerId,
          startsAt: pick.assignment.slot.startsAt,
        });
      }
    }
    return { ok: false, reason: 'conflict' };
  }

  /** One booking, in one transaction; throws the exclusion violation when a concurrent booking won the slot. */
  private async bookAssignment(
    assignment: Assignment,
    event: HiringEvent,
    replacing: Interview | null,
    runId: string | null,
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
      let old: Interview | null = null;
      if (replacing) {
        old = await manager
          .getRepository(Interview)
          .findOne({ where: { id: replacing.id }, lock: { mode: 'pessimistic_write' } });
        if (!old || old.version !== replacing.version || !ACTIVE_INTERVIEW_STATUSES.includes(old.status))
          return { ok: false, reason: 'not_bookable' };
      } else {
        if (registration.stage !== Stage.Advanced) return { ok: false, reason: 'not_bookable' };
        const active = await manager.query(
          `SELECT 1 FROM interviews WHERE registration_id = $1 AND status = ANY($2) LIMIT 1`,
          [registration.id, ACTIVE_INTERVIEW_STATUSES],
        );
        if (active.length > 0) return { ok: false, reason: 'not_bookable' };
      }
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
        icalUid: old?.icalUid ?? `${id}@hirefair`,
        version: old ? old.version + 1 : 0,
        location: event.online
          ? `${this.config.publicBaseUrl}/meet/${id}`
          : [event.venue, event.city].filter(Boolean).join(', '),
        schedulingRunId: runId,
        replacesId: old?.id ?? null,
      });
      // The new slot is held (inserted) before the old one is released.
      await repo.insert(interview);
      if (old) {
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
      } else {
        await this.timeline.moveStage(
          manager,
          SYSTEM_ACTOR,
          registration,
          Stage.InterviewScheduled,
          `interview ${assignment.slot.startsAt.toISOString()} with ${assignment.interviewerId}`,
        );
      }
      await this.mail.tell(
        manager,
        interview,
        old ? RegistrationMailTemplate.InterviewUpdated : RegistrationMailTemplate.InterviewInvitation,
      );
      await this.outbox.add(manager, ...this.reminderJobs(interview));
      return { ok: true, interview };
    });
    if (outcome.ok && replacing) await this.removeReminders(replacing);
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
   * For the reconciler: a withdrawn registration's interviews are cancelled (the interviewer gets the
   * calendar cancellation) so that their slots are free again and no reminder goes out.
   */
  async cancelWithdrawn(): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT i.id FROM interviews i JOIN registrations r ON r.id = i.registration_id
        WHERE r.status = 'withdrawn' AND i.status = ANY($1) LIMIT 100`,
      [ACTIVE_INTERVIEW_STATUSES],
    );
    for (const { id } of rows) {
      const previous = await this.dataSource.transaction(async (manager) => {
        const interview = await manager
          .getRepository(Interview)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!interview || !ACTIVE_INTERVIEW_STATUSES.includes(interview.status)) return null;
        const before = { id: interview.id, version: interview.version };
        Object.assign(interview, {
          status: InterviewStatus.Cancelled,
          version: interview.version + 1,
          statusReason: 'the candidate withdrew',
          endedAt: new Date(),
        });
        await manager.getRepository(Interview).update(
          { id },
          {
            status: interview.status,
            version: interview.version,
            statusReason: interview.statusReason,
            endedAt: interview.endedAt,
          },
        );
        await this.mail.tell(manager, interview, RegistrationMailTemplate.InterviewCancelled);
        return before;
      });
      if (previous) await this.removeReminders(previous);
    }
    return rows.length;
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
