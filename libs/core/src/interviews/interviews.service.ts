import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InterviewJob, QueueName, SchedulingRunPayload, schedulingRunJobId } from '@hirefair/queue';
import { AuditService } from '../audit/audit.service';
import { BusinessUnit } from '../business-units/business-unit.entity';
import { Role, StaffActor, hasRole } from '../common/actor';
import { ErrorDetail, ForbiddenError, NotFoundError, ValidationError } from '../common/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageQuery } from '../common/pagination';
import { isUuid, organizationOf } from '../common/tenancy';
import { EventsRepository } from '../events/events.repository';
import { OutboxService } from '../outbox/outbox.service';
import { Stage } from '../registrations/registration-state';
import { RegistrationTimelineService } from '../registrations/registration-timeline.service';
import { RegistrationErrorCode } from '../registrations/registrations.errors';
import { staffView } from '../registrations/registrations-staff.service';
import { User } from '../users/user.entity';
import { interviewView } from './interview-view';
import { InterviewViewsRepository } from './interview-views.repository';
import { AvailabilityRepository } from './availability.repository';
import { BookingPoolService } from './booking-pool.service';
import { InterviewFeedback, Recommendation } from './interview-feedback.entity';
import { ACTIVE_INTERVIEW_STATUSES, Interview, InterviewStatus } from './interview.entity';
import { InterviewError, InterviewErrorCode, assertSchedulable } from './interviews.errors';
import { InterviewsRepository } from './interviews.repository';
import { SchedulingRun } from './scheduling-run.entity';
import { SchedulingRunsRepository } from './scheduling-runs.repository';
import type { TimeWindow } from './scheduling/scheduling.types';

export interface AvailabilityInput {
  interviewerId?: string;
  slots: { startsAt: string; endsAt: string }[];
}

export interface FeedbackInput {
  recommendation: Recommendation;
  scores?: Record<string, number>;
  notes?: string;
}

export interface OutcomeInput {
  outcome: Stage.Offer | Stage.Rejected;
  notes?: string;
}

export function runView(r: SchedulingRun): Record<string, unknown> {
  return {
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    scheduled: r.scheduled,
    progress: r.progress,
    unscheduled: r.unscheduled,
    error: r.error,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    createdAt: r.createdAt,
  };
}

/** Validates and normalises availability windows (each must end after it starts). */
export function toWindows(slots: { startsAt: string; endsAt: string }[]): TimeWindow[] {
  const details: ErrorDetail[] = [];
  const windows = slots.map((s, i) => {
    const w = { startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) };
    if (!(w.endsAt.getTime() > w.startsAt.getTime()))
      details.push({ field: `slots.${i}.endsAt`, messages: ['endsAt must be after startsAt'] });
    return w;
  });
  if (details.length > 0) throw new ValidationError(details);
  return windows;
}

export const slotsView = (windows: TimeWindow[]) =>
  windows.map((w) => ({ startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() }));

const seesAll = (actor: StaffActor) => hasRole(actor, Role.OrgAdmin, Role.Recruiter);

/** The staff side of interviews: availability, scheduling runs, interviews, feedback and outcomes. */
@Injectable()
export class InterviewsService {
  constructor(
    private readonly repository: InterviewsRepository,
    private readonly runs: SchedulingRunsRepository,
    private readonly outbox: OutboxService,
    private readonly timeline: RegistrationTimelineService,
    private readonly audit: AuditService,
    private readonly bookingPool: BookingPoolService,
    private readonly availability: AvailabilityRepository,
    private readonly views: InterviewViewsRepository,
    private readonly events: EventsRepository,
  ) {}

  /** Replaces one interviewer's windows for an event: their own, or anyone's for a recruiter. */
  async setAvailability(actor: StaffActor, eventId: string, input: AvailabilityInput) {
    const windows = toWindows(input.slots);
    return this.repository.transaction(async (manager) => {
      const event = await this.events.findForActor(actor, eventId, manager);
      const interviewerId = input.interviewerId ?? actor.userId;
      if (interviewerId !== actor.userId && !seesAll(actor))
        throw new ForbiddenError('Interviewers set only their own availability.');
      const interviewer = await this.findInterviewer(manager, actor, interviewerId);
      await this.availability.replaceInterviewerWindows(manager, event, interviewer.id, windows);
      await this.bookingPool.changed(manager, event.id);
      return { eventId: event.id, interviewerId: interviewer.id, slots: slotsView(windows) };
    });
  }

  /** One interviewer's windows for an event: their own, or anyone's for a recruiter. */
  async getAvailability(actor: StaffActor, eventId: string, interviewerId?: string) {
    const manager = this.repository.manager;
    const event = await this.events.findForActor(actor, eventId, manager);
    const id = interviewerId ?? actor.userId;
    if (id !== actor.userId && !seesAll(actor))
      throw new ForbiddenError('Interviewers read only their own availability.');
    const interviewer = await this.findInterviewer(manager, actor, id);
    return {
      interviewerId: interviewer.id,
      slots: slotsView(await this.availability.interviewerWindows(manager, event.id, interviewer.id)),
    };
  }

  async createRun(actor: StaffActor, eventId: string) {
    return this.runs.transaction(async (manager) => {
      const event = await this.events.findForActor(actor, eventId, manager);
      assertSchedulable(event);
      const run = await this.runs.insertQueued(manager, {
        organizationId: event.organizationId,
        eventId: event.id,
        requestedBy: actor.userId,
      });
      await this.outbox.add(manager, {
        queue: QueueName.InterviewScheduling,
        name: InterviewJob.Run,
        jobId: schedulingRunJobId(run.id),
        payload: { runId: run.id } satisfies SchedulingRunPayload,
      });
      return runView(run);
    });
  }

  async getRun(actor: StaffActor, id: string) {
    const run = isUuid(id) ? await this.runs.inOrganization(organizationOf(actor), id) : null;
    if (!run) throw new NotFoundError('Scheduling run', InterviewErrorCode.RunNotFound);
    return runView(run);
  }

  /** An event's interviews by start time: all of them for recruiters, their own for an interviewer. */
  async list(actor: StaffActor, eventId: string, page: PageQuery & { status?: InterviewStatus }) {
    const event = await this.events.findForActor(actor, eventId);
    const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const rows = await this.views
      .eventInterviews(this.repository.manager, {
        eventId: event.id,
        organizationId: organizationOf(actor),
        interviewerId: seesAll(actor) ? undefined : actor.userId,
        status: page.status,
        after: page.cursor ? this.decodeCursor(page.cursor) : undefined,
      })
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(interviewView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify({ at: last.startsAt.toISOString(), id: last.id })).toString(
              'base64url',
            )
          : null,
    };
  }

  async get(actor: StaffActor, id: string) {
    const manager = this.repository.manager;
    const interview = await this.findVisible(manager, actor, id);
    const feedback = await this.repository.feedbackOf(manager, id);
    return { ...interviewView(interview), feedback: feedback ? this.feedbackView(feedback) : null };
  }

  /** The interviewer's feedback; the interview is completed and the registration moves to interviewed. */
  async feedback(actor: StaffActor, id: string, input: FeedbackInput) {
    return this.repository.transaction(async (manager) => {
      const found = await this.findVisible(manager, actor, id);
      if (found.interviewerId !== actor.userId)
        throw new ForbiddenError('Only the interviewer records feedback on an interview.');
      const interview = await this.repository.lockInterview(manager, found.id);
      if (await this.repository.hasFeedback(manager, id))
        throw new InterviewError(
          InterviewErrorCode.FeedbackExists,
          'Feedback on this interview is recorded.',
        );
      if (!ACTIVE_INTERVIEW_STATUSES.includes(interview.status))
        throw new InterviewError(InterviewErrorCode.NotActive, `The interview is ${interview.status}.`);
      const unit = await this.repository.businessUnit(manager, interview.businessUnitId);
      const scores = this.checkScores(unit, input.scores ?? {});
      const registration = await this.repository.lockRegistration(manager, interview.registrationId);
      await this.timeline.moveStage(
        manager,
        actor,
        registration,
        Stage.Interviewed,
        `feedback: ${input.recommendation}`,
      );
      await this.repository.markCompleted(manager, interview.id, new Date());
      const feedback = await this.repository.insertFeedback(manager, {
        organizationId: interview.organizationId,
        interviewId: interview.id,
        interviewerId: actor.userId,
        recommendation: input.recommendation,
        scores,
        notes: input.notes ?? null,
      });
      await this.audit.record(
        actor,
        {
          organizationId: interview.organizationId,
          action: 'interview.feedback',
          objectType: 'interview',
          objectId: interview.id,
          details: { recommendation: input.recommendation, registrationId: registration.id },
        },
        manager,
      );
      return this.feedbackView(feedback);
    });
  }

  /** The recruiter's outcome after the interview: offer or rejected. */
  async outcome(actor: StaffActor, registrationId: string, input: OutcomeInput) {
    return this.repository.transaction(async (manager) => {
      const registration = isUuid(registrationId)
        ? await this.repository.lockRegistrationInOrganization(manager, organizationOf(actor), registrationId)
        : null;
      if (!registration) throw new NotFoundError('Registration', RegistrationErrorCode.NotFound);
      const reason = input.notes?.trim() ? `${input.outcome}: ${input.notes.trim()}` : input.outcome;
      await this.timeline.moveStage(manager, actor, registration, input.outcome, reason);
      await this.audit.record(
        actor,
        {
          organizationId: registration.organizationId,
          action: 'registration.outcome',
          objectType: 'registration',
          objectId: registration.id,
          details: { outcome: input.outcome },
        },
        manager,
      );
      const [current] = await this.views.currentInterviews(manager, [registration.id]);
      return staffView(registration, { interview: current ? interviewView(current) : null });
    });
  }

  /** An interview of the actor's organization that the actor may see (recruiters: all; interviewers: their own). */
  private async findVisible(manager: EntityManager, actor: StaffActor, id: string): Promise<Interview> {
    const interview = isUuid(id)
      ? await this.repository.inOrganization(manager, organizationOf(actor), id)
      : null;
    if (!interview || (!seesAll(actor) && interview.interviewerId !== actor.userId))
      throw new NotFoundError('Interview', InterviewErrorCode.NotFound);
    return interview;
  }

  /** A user of the actor's organization who interviews, or 404 INTERVIEWER_NOT_FOUND. */
  private async findInterviewer(manager: EntityManager, actor: StaffActor, id: string): Promise<User> {
    const user = isUuid(id)
      ? await this.repository.userInOrganization(manager, organizationOf(actor), id)
      : null;
    if (!user || !user.roles.includes(Role.Interviewer))
      throw new NotFoundError('Interviewer', InterviewErrorCode.InterviewerNotFound);
    return user;
  }

  private feedbackView(f: InterviewFeedback) {
    return {
      id: f.id,
      interviewId: f.interviewId,
      interviewerId: f.interviewerId,
      recommendation: f.recommendation,
      scores: f.scores,
      notes: f.notes,
      createdAt: f.createdAt,
    };
  }

  private checkScores(unit: BusinessUnit, scores: Record<string, number>): Record<string, number> {
    const criteria = new Set(unit.scorecard.map((c) => c.criterion));
    const details: ErrorDetail[] = [];
    for (const [criterion, score] of Object.entries(scores)) {
      if (!criteria.has(criterion))
        details.push({
          field: `scores.${criterion}`,
          messages: [`${criterion} is not on ${unit.name}'s scorecard`],
        });
      else if (!Number.isInteger(score) || score < 1 || score > 4)
        details.push({
          field: `scores.${criterion}`,
          messages: [`scores.${criterion} must be an integer from 1 to 4`],
        });
    }
    if (details.length > 0) throw new ValidationError(details);
    return scores;
  }

  private decodeCursor(cursor: string): { at: string; id: string } {
    try {
      const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: string; id: string };
      if (typeof c.at === 'string' && isUuid(c.id)) return c;
    } catch {
      // fall through
    }
    throw ValidationError.single('cursor', 'cursor is not a cursor this API returned');
  }
}
