import { Injectable } from '@nestjs/common';
import { CandidateActor } from '../common/actor';
import { isExclusionViolation } from '../common/db-errors';
import { ValidationError } from '../common/domain-error';
import { HiringEvent } from '../events/event.entity';
import { Registration } from '../registrations/registration.entity';
import { Stage } from '../registrations/registration-state';
import { EventsRepository } from '../events/events.repository';
import { Interview } from './interview.entity';
import { interviewView } from './interview-view';
import { InterviewViewsRepository } from './interview-views.repository';
import { InterviewBookingService } from './interview-booking.service';
import { InterviewError, InterviewErrorCode, SCHEDULABLE_EVENT_STATUSES } from './interviews.errors';
import { InterviewsRepository } from './interviews.repository';
import { CandidateInterviewsService } from './candidate-interviews.service';
import { SchedulingInputs } from './scheduling-inputs';
import { buildCompatibilityGraph, profileSlotIds } from './scheduling/compatibility';
import type { Assignment } from './scheduling/scheduling.types';

/** Options a candidate is offered at most. */
export const MAX_OPTIONS = 20;

export interface InterviewOption {
  startsAt: Date;
  endsAt: Date;
  interviewerId: string;
  sameInterviewer: boolean;
}

interface Situation {
  registration: Registration;
  event: HiringEvent;
  current: Interview | null;
  /** Every free slot that fits the candidate, the same interviewer's first, then by time. */
  free: Assignment[];
  /** Whether an instant lies inside the candidate's windows (none given = any time). */
  inWindows: (startsAt: Date, endsAt: Date) => boolean;
}

/** The candidate's own choice of a new time: the free slots that fit them, and taking one. */
@Injectable()
export class InterviewOptionsService {
  constructor(
    private readonly repository: InterviewsRepository,
    private readonly booking: InterviewBookingService,
    private readonly interviews: CandidateInterviewsService,
    private readonly inputs: SchedulingInputs,
    private readonly views: InterviewViewsRepository,
    private readonly events: EventsRepository,
  ) {}

  async options(actor: CandidateActor): Promise<{ items: InterviewOption[] }> {
    const { free, current } = await this.situation(actor);
    return {
      items: free.slice(0, MAX_OPTIONS).map((a) => ({
        startsAt: a.slot.startsAt,
        endsAt: a.slot.endsAt,
        interviewerId: a.interviewerId,
        sameInterviewer: current !== null && a.interviewerId === current.interviewerId,
      })),
    };
  }

  /**
   * `POST /candidate/interview/reschedule`: with `startsAt`, takes that slot now (the new one held
   * before the old one is freed); without it, owes the queue a search for the best one.
   */
  async reschedule(actor: CandidateActor, input: { startsAt?: string; reason?: string }) {
    if (input.startsAt === undefined) return this.interviews.reschedule(actor, input.reason);
    const startsAt = new Date(input.startsAt);
    const situation = await this.situation(actor);
    const lengthMs = situation.event.interviewMinutes * 60_000;
    if (!situation.inWindows(startsAt, new Date(startsAt.getTime() + lengthMs)))
      throw ValidationError.single('startsAt', 'startsAt lies outside the times you said you can come');
    const pick = situation.free.find((a) => a.slot.startsAt.getTime() === startsAt.getTime());
    if (!pick) throw slotTaken();
    const reason = input.reason?.trim() || 'chosen by the candidate';
    try {
      const outcome = situation.current
        ? await this.booking.bookReplacement(pick, situation.event, situation.current, reason)
        : (await this.booking.bookNew([pick], situation.event, null)).get(situation.registration.id);
      if (outcome?.ok) {
        if (situation.current) await this.booking.removeReminders(situation.current);
        return interviewView(outcome.interview);
      }
      if (outcome?.reason === 'conflict') throw slotTaken();
      throw new InterviewError(InterviewErrorCode.NotBookable, 'Your interview can no longer be changed.');
    } catch (error) {
      if (isExclusionViolation(error)) throw slotTaken();
      throw error;
    }
  }

  private async situation(actor: CandidateActor): Promise<Situation> {
    const manager = this.repository.manager;
    const registration = await this.repository.registration(manager, actor.registrationId);
    const event = await this.events.findById(registration.eventId, manager);
    const current = await this.views.activeOf(manager, registration.id);
    const bookable =
      SCHEDULABLE_EVENT_STATUSES.includes(event.status) &&
      registration.businessUnitId !== null &&
      (registration.stage === Stage.Advanced || (registration.stage === Stage.InterviewScheduled && current));
    if (!bookable)
      throw new InterviewError(
        InterviewErrorCode.NotBookable,
        'There is no interview for you to choose yet.',
      );
    const now = new Date();
    // The current interview stays held until replaced: slots overlapping it are not offered.
    const [candidates, interviewers] = await Promise.all([
      this.inputs.loadCandidates(manager, event.id, { registrationIds: [registration.id] }),
      this.inputs.loadInterviewers(manager, event, {
        businessUnitId: registration.businessUnitId ?? undefined,
        notBefore: now,
      }),
    ]);
    const candidate = candidates[0];
    const windows = candidate?.availability ?? [];
    const inWindows = (s: Date, e: Date) =>
      windows.length === 0 ||
      windows.some((w) => w.startsAt.getTime() <= s.getTime() && w.endsAt.getTime() >= e.getTime());
    if (!candidate) return { registration, event, current, free: [], inWindows };
    const graph = buildCompatibilityGraph(
      { timezone: event.timezone, candidates: [candidate], interviewers },
      now,
    );
    const free = profileSlotIds(graph, graph.candidateProfile[0]).map((s) => ({
      candidateId: candidate.id,
      interviewerId: interviewers[graph.slots[s].interviewer].id,
      slot: graph.slots[s].slot,
    }));
    const same = (a: Assignment) => (current && a.interviewerId === current.interviewerId ? 0 : 1);
    free.sort((a, b) => same(a) - same(b) || a.slot.startsAt.getTime() - b.slot.startsAt.getTime());
    return { registration, event, current, free, inWindows };
  }
}

const slotTaken = () =>
  new InterviewError(InterviewErrorCode.SlotTaken, 'That time was just taken: please pick another one.');
