import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  BookingPassPayload,
  ForgetRemindersPayload,
  InterviewJob,
  QueueName,
  bookingPassJobId,
  forgetRemindersJobId,
} from '@hirefair/queue';
import { SYSTEM_ACTOR } from '../common/actor';
import { isExclusionViolation } from '../common/db-errors';
import { HiringEvent } from '../events/event.entity';
import { OutboxService } from '../outbox/outbox.service';
import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { Registration } from '../registrations/registration.entity';
import { Stage, TimelineField, assertStageTransition } from '../registrations/registration-state';
import { RegistrationTimelineService, stageChanges } from '../registrations/registration-timeline.service';
import { BookingPassRepository, MovableInterview } from './booking-pass.repository';
import { BookingPoolService } from './booking-pool.service';
import { InterviewBookingRepository } from './interview-booking.repository';
import { InterviewBookingService } from './interview-booking.service';
import { InterviewCancellationService } from './interview-cancellation.service';
import { InterviewConflictService } from './interview-conflict.service';
import { InterviewMailService } from './interview-mail.service';
import { SCHEDULABLE_EVENT_STATUSES } from './interviews.errors';
import { SchedulingInputs } from './scheduling-inputs';
import { PassMove, PassPlan, planBookingPass } from './scheduling/booking-pass';
import type { SchedulingCandidate, SchedulingInterviewer } from './scheduling/scheduling.types';

/** Only interviews starting later than this may move: a candidate is never surprised the day before. */
export const MOVE_NOTICE_MS = 24 * 3600_000;
/**
 * New bookings per transaction, as a scheduling run books them: at most PASS_BATCH, and a pass of
 * fewer still commits in about PASS_STEPS steps, so a worker killed mid-pass leaves batches behind.
 */
const PASS_BATCH = 250;
const PASS_STEPS = 8;
const MIN_PASS_BATCH = 5;
/** A pass whose moves lost a race to a concurrent booking plans again, this many times at most. */
const MAX_PLANS = 3;
/** The timeline reason of a move: to book more candidates, or because the old slot no longer fits. */
export const MOVE_REASON = {
  more: 'moved by the booking pass so that more candidates get an interview',
  forced: 'moved by the booking pass: the old time no longer fits the availability given',
} as const;
/** A job that fires a little before its due time (clock skew) still runs the pass. */
const DUE_TOLERANCE_MS = 50;

export type PassOutcome =
  | { status: 'idle' | 'not_due' | 'busy' | 'off' }
  | {
      status: 'done';
      booked: number;
      /** Moves, `forced` of them because the old slot no longer fit the windows given. */
      moved: number;
      forced: number;
      released: number;
      unscheduled: number;
    };

/**
 * The booking pass of one event (a job step): keeps its bookings a maximum matching as candidates
 * arrive and windows change. One pass per event at a time (an advisory lock); a killed pass is run
 * again by the job's retry, and every step re-checks under row locks what it changes.
 */
@Injectable()
export class InterviewBookingPassService {
  private readonly logger = new Logger(InterviewBookingPassService.name);

  constructor(
    private readonly repository: BookingPassRepository,
    private readonly bookings: InterviewBookingRepository,
    private readonly pool: BookingPoolService,
    private readonly booking: InterviewBookingService,
    private readonly cancellation: InterviewCancellationService,
    private readonly outbox: OutboxService,
    private readonly timeline: RegistrationTimelineService,
    private readonly mail: InterviewMailService,
    @InjectQueue(QueueName.InterviewScheduling) private readonly queue: Queue,
    private readonly conflicts: InterviewConflictService,
    private readonly inputs: SchedulingInputs,
  ) {}

  /** The job: runs the pass if one is owed and due; then again while changes keep coming in. */
  async onJob(eventId: string): Promise<PassOutcome> {
    const request = await this.repository.pendingRequest(eventId);
    if (!request) return { status: 'idle' };
    if (Date.now() + DUE_TOLERANCE_MS < this.pool.dueAt(request)) return { status: 'not_due' };
    const release = await this.repository.tryEventLock(eventId);
    // The pass holding the lock serves this request too (it loops while requests remain).
    if (!release) return { status: 'busy' };
    try {
      let outcome: PassOutcome = { status: 'idle' };
      for (;;) {
        const pending = await this.repository.pendingRequest(eventId);
        if (!pending) return outcome;
        const wait = this.pool.dueAt(pending) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const servedUpTo = (await this.repository.pendingRequest(eventId))?.lastAt ?? pending.lastAt;
        outcome = await this.runPass(eventId);
        if (await this.repository.served(eventId, servedUpTo)) return outcome;
      }
    } finally {
      await release();
    }
  }

  /**
   * For the reconciler: a pass owed for over a minute whose job Redis may have lost is owed again
   * (a job that does exist makes this one a no-op: it finds the request served, or the lock held).
   */
  async reconcile(): Promise<number> {
    const overdue = await this.repository.overdue(60_000);
    for (const request of overdue)
      await this.queue.add(
        InterviewJob.BookingPass,
        { eventId: request.eventId } satisfies BookingPassPayload,
        // One job per event and minute: a completed job of the same id would make the add a no-op.
        { jobId: bookingPassJobId(request.eventId, Math.floor(Date.now() / 60_000) * 60_000, true) },
      );
    return overdue.length;
  }

  /** One pass: plan over the pool and the movable bookings, then move, book and release. */
  async runPass(eventId: string): Promise<PassOutcome> {
    const event = await this.bookings.findEvent(eventId);
    if (!event || !SCHEDULABLE_EVENT_STATUSES.includes(event.status) || !event.autoSchedule)
      return { status: 'off' };
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const now = new Date();
      const notBefore = new Date(now.getTime() + MOVE_NOTICE_MS);
      const movable = await this.repository.movable(event.id, notBefore);
      const movableIds = movable.map((m) => m.id);
      const [pooled, booked, interviewers, underReview] = await Promise.all([
        this.inputs.loadCandidates(this.repository.manager, event.id, { pooledOnly: true }),
        movable.length
          ? this.inputs.loadCandidates(this.repository.manager, event.id, {
              registrationIds: movable.map((m) => m.registrationId),
              movableInterviewIds: movableIds,
            })
          : Promise.resolve([]),
        this.inputs.loadInterviewers(this.repository.manager, event, {
          notBefore: now,
          movableInterviewIds: movableIds,
        }),
        this.repository.underReview(event.id),
      ]);
      const byRegistration = new Map(movable.map((m) => [m.registrationId, m]));
      const candidates: SchedulingCandidate[] = [
        ...pooled,
        ...booked.map((c) => {
          const m = byRegistration.get(c.id) as MovableInterview;
          return { ...c, current: { interviewerId: m.interviewerId, startsAt: m.startsAt } };
        }),
      ];
      const plan = planBookingPass({ timezone: event.timezone, candidates, interviewers }, underReview);
      const planned = Date.now();
      let moved = { total: 0, forced: 0 };
      if (plan.move.length > 0) {
        try {
          moved = await this.moveAll(event, plan.move, byRegistration, candidates, interviewers, notBefore);
        } catch (error) {
          // A concurrent booking (a run, a candidate's pick) took a slot a move needed: plan again.
          if (!isExclusionViolation(error) || attempt >= MAX_PLANS) throw error;
          continue;
        }
      }
      let booked_ = 0;
      const size = Math.min(PASS_BATCH, Math.max(MIN_PASS_BATCH, Math.ceil(plan.book.length / PASS_STEPS)));
      for (let i = 0; i < plan.book.length; i += size) {
        const outcomes = await this.booking.bookNew(plan.book.slice(i, i + size), event, null);
        booked_ += [...outcomes.values()].filter((o) => o.ok).length;
      }
      const released = await this.releaseAll(event, plan, byRegistration);
      await this.repository.transaction((manager) =>
        this.repository.setReasons(
          manager,
          event.id,
          plan.unscheduled.map((u) => ({ registrationId: u.candidateId, reason: u.reason })),
        ),
      );
      await this.conflicts.flag(event.id, notBefore);
      this.logger.log(
        `Booking pass of event ${event.id}: ${candidates.length} considered (${movable.length} movable), ` +
          `${booked_} booked, ${moved.total} moved (${moved.forced} forced by availability), ` +
          `${released} released (plan ${planned - started} ms, writes ${Date.now() - planned} ms)`,
      );
      return {
        status: 'done',
        booked: booked_,
        moved: moved.total,
        forced: moved.forced,
        released,
        unscheduled: plan.unscheduled.length,
      };
    }
  }

  /**
   * Every move of a plan in one transaction (moves may trade slots among themselves): each still
   * movable, in the version planned on; a timeline row with the reason, the updated .ics
   * (same UID, SEQUENCE + 1) and mail, and the new version's reminders.
   */
  private async moveAll(
    event: HiringEvent,
    moves: PassMove[],
    byRegistration: Map<string, MovableInterview>,
    candidates: SchedulingCandidate[],
    interviewers: SchedulingInterviewer[],
    notBefore: Date,
  ): Promise<{ total: number; forced: number }> {
    const candidate = new Map(candidates.map((c) => [c.id, c]));
    return this.repository.transaction(async (manager) => {
      const registrations = await this.repository.lockRegistered(
        manager,
        moves.map((m) => m.candidateId),
      );
      const planned = moves.map((m) => ({
        move: m,
        old: byRegistration.get(m.candidateId) as MovableInterview,
      }));
      const still = new Set(
        await this.repository.lockMovable(
          manager,
          planned.map((p) => p.old),
          notBefore,
        ),
      );
      const valid = planned.filter((p) => still.has(p.old.id) && registrations.has(p.move.candidateId));
      if (valid.length === 0) return { total: 0, forced: 0 };
      const forced = new Set(
        valid.filter(({ move, old }) => !fitsStill(candidate.get(move.candidateId), interviewers, old)),
      );
      await this.repository.move(
        manager,
        valid.map(({ move, old }) => ({
          id: old.id,
          version: old.version,
          interviewerId: move.to.interviewerId,
          startsAt: move.to.slot.startsAt,
          endsAt: move.to.slot.endsAt,
        })),
      );
      const interviews = await this.bookings.findInterviews(
        manager,
        valid.map((p) => p.old.id),
      );
      await this.timeline.recordMany(
        manager,
        SYSTEM_ACTOR,
        valid.map((p) => ({
          registration: registrations.get(p.move.candidateId) as Registration,
          change: {
            field: TimelineField.Interview,
            from: `${p.old.startsAt.toISOString()} with ${p.old.interviewerId}`,
            to: `${p.move.to.slot.startsAt.toISOString()} with ${p.move.to.interviewerId}`,
            reason: forced.has(p) ? MOVE_REASON.forced : MOVE_REASON.more,
          },
        })),
      );
      await this.mail.tellMany(manager, interviews, RegistrationMailTemplate.InterviewUpdated);
      await this.outbox.add(
        manager,
        ...valid.map(({ old }) => ({
          queue: QueueName.InterviewScheduling,
          name: InterviewJob.ForgetReminders,
          jobId: forgetRemindersJobId(old.id, old.version),
          payload: { interviewId: old.id, version: old.version } satisfies ForgetRemindersPayload,
        })),
        ...interviews.flatMap((i) => this.booking.reminderJobs(i)),
      );
      return { total: valid.length, forced: forced.size };
    });
  }

  /** Movable bookings that fit nowhere any more: cancelled, and the candidates back in the pool with the reason. */
  private async releaseAll(
    event: HiringEvent,
    plan: PassPlan,
    byRegistration: Map<string, MovableInterview>,
  ): Promise<number> {
    if (plan.release.length === 0) return 0;
    return this.repository.transaction(async (manager) => {
      const registrations = await this.repository.lockRegistered(
        manager,
        plan.release.map((r) => r.candidateId),
      );
      const planned = plan.release
        .map((r) => ({ release: r, old: byRegistration.get(r.candidateId) as MovableInterview }))
        .filter((p) => registrations.has(p.release.candidateId));
      const still = new Set(
        await this.repository.lockMovable(
          manager,
          planned.map((p) => p.old),
          new Date(Date.now() + MOVE_NOTICE_MS),
        ),
      );
      const valid = planned.filter((p) => still.has(p.old.id));
      if (valid.length === 0) return 0;
      const interviews = await this.bookings.findInterviews(
        manager,
        valid.map((p) => p.old.id),
      );
      await this.cancellation.cancelAll(manager, interviews, 'no slot fits the availability given any more');
      const back = valid
        .map((p) => registrations.get(p.release.candidateId) as Registration)
        .filter((r) => r.stage === Stage.InterviewScheduled);
      assertStageTransition(Stage.InterviewScheduled, Stage.Advanced);
      await this.repository.unbook(
        manager,
        back.map((r) => r.id),
      );
      await this.timeline.recordMany(
        manager,
        SYSTEM_ACTOR,
        back.flatMap((registration) =>
          stageChanges(
            registration,
            Stage.Advanced,
            'interview cancelled: no slot fits the availability given any more',
          ).map((change) => ({ registration, change })),
        ),
      );
      await this.repository.pool(
        manager,
        event.id,
        back.map((r) => r.id),
      );
      await this.repository.setReasons(
        manager,
        event.id,
        valid.map((p) => ({ registrationId: p.release.candidateId, reason: p.release.reason })),
      );
      return valid.length;
    });
  }
}

/** Whether a booking's old slot still lies in the candidate's windows and among the interviewer's slots. */
function fitsStill(
  candidate: SchedulingCandidate | undefined,
  interviewers: SchedulingInterviewer[],
  old: MovableInterview,
): boolean {
  const s = old.startsAt.getTime();
  const e = old.endsAt.getTime();
  const windows = candidate?.availability ?? [];
  const inWindows =
    windows.length === 0 || windows.some((w) => w.startsAt.getTime() <= s && w.endsAt.getTime() >= e);
  const offered = interviewers
    .find((i) => i.id === old.interviewerId)
    ?.slots.some((slot) => slot.startsAt.getTime() === s);
  return inWindows && offered === true;
}
