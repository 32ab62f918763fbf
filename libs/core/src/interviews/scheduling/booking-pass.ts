import { assignInterviews } from './assignment';
import type { Assignment, AssignmentInput, SchedulingCandidate, Slot, Unscheduled } from './scheduling.types';

export interface PassMove {
  candidateId: string;
  from: { interviewerId: string; startsAt: Date };
  to: Assignment;
}

/** What one booking pass does: new bookings, moves of movable bookings, and those it must give up. */
export interface PassPlan {
  book: Assignment[];
  move: PassMove[];
  /** Movable bookings that fit nowhere any more (e.g. the candidate's new windows): cancelled, back to the pool. */
  release: Unscheduled[];
  /** Pooled candidates left unbooked, with the reason. */
  unscheduled: Unscheduled[];
}

/**
 * Plans a booking pass over the pooled candidates and the movable bookings (candidates with `current`;
 * the interviewers' `existing` holds only the bookings that may not move). The assignment keeps the
 * bookings a maximum matching, keeps every movable booking where it is unless moving it books more
 * candidates (or it no longer fits), and keeps a moved one with its interviewer where it can.
 */
export function planBookingPass(input: AssignmentInput): PassPlan {
  const result = assignInterviews(input);
  const byId = new Map<string, SchedulingCandidate>(input.candidates.map((c) => [c.id, c]));
  const plan: PassPlan = { book: [], move: [], release: [], unscheduled: [] };
  for (const a of result.assignments) {
    const current = byId.get(a.candidateId)?.current;
    if (!current) plan.book.push(a);
    else if (current.interviewerId !== a.interviewerId || !sameStart(current.startsAt, a.slot))
      plan.move.push({ candidateId: a.candidateId, from: current, to: a });
  }
  for (const u of result.unscheduled)
    (byId.get(u.candidateId)?.current ? plan.release : plan.unscheduled).push(u);
  return plan;
}

const sameStart = (at: Date, slot: Slot) => at.getTime() === slot.startsAt.getTime();
