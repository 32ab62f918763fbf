import { assignInterviews } from './assignment';
import type {
  Assignment,
  AssignmentInput,
  AssignmentResult,
  SchedulingCandidate,
  Slot,
  Unscheduled,
} from './scheduling.types';

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
 *
 * `anticipated`: registrations that may join the pool later (still under review). They are never
 * booked and change neither who is booked nor what moves; the new bookings and the moved ones are
 * placed where they leave the most of them a slot, so that booking them later needs no move.
 */
export function planBookingPass(
  input: AssignmentInput,
  anticipated: readonly SchedulingCandidate[] = [],
): PassPlan {
  let result = assignInterviews(input);
  if (anticipated.length > 0) result = placeAhead(input, result, anticipated);
  const byId = new Map<string, SchedulingCandidate>(input.candidates.map((c) => [c.id, c]));
  const plan: PassPlan = { book: [], move: [], release: [], unscheduled: [] };
  for (const a of result.assignments) {
    const current = byId.get(a.candidateId)?.current;
    if (!current) plan.book.push(a);
    else if (!stays(current, a)) plan.move.push({ candidateId: a.candidateId, from: current, to: a });
  }
  for (const u of result.unscheduled)
    (byId.get(u.candidateId)?.current ? plan.release : plan.unscheduled).push(u);
  return plan;
}

/**
 * The plan's bookings again, with the room left for anticipated candidates counted: the bookings that
 * stay are held, and the same candidates (those booked anew and those moved) are assigned once more,
 * with the anticipated ones beside them. The second assignment books them all again (the first one's
 * schedule is one way to) with no more moves (the first one's moves were fewest, and it is feasible
 * here) and no more changes of interviewer, then keeps the most anticipated candidates a slot.
 */
function placeAhead(
  input: AssignmentInput,
  first: AssignmentResult,
  anticipated: readonly SchedulingCandidate[],
): AssignmentResult {
  const byId = new Map<string, SchedulingCandidate>(input.candidates.map((c) => [c.id, c]));
  const held: Assignment[] = [];
  const placed: Assignment[] = [];
  for (const a of first.assignments) {
    const current = byId.get(a.candidateId)?.current;
    (current && stays(current, a) ? held : placed).push(a);
  }
  if (placed.length === 0) return first;
  const heldBy = new Map<string, Slot[]>();
  for (const a of held) heldBy.set(a.interviewerId, [...(heldBy.get(a.interviewerId) ?? []), a.slot]);
  const again = new Set(placed.map((a) => a.candidateId));
  const second = tryAssign({
    timezone: input.timezone,
    candidates: [
      ...input.candidates.filter((c) => again.has(c.id)),
      ...anticipated
        .filter((c) => !byId.has(c.id))
        .map((c) => ({ ...c, current: undefined, anticipated: true })),
    ],
    interviewers: input.interviewers.map((i) => ({
      ...i,
      existing: [...i.existing, ...(heldBy.get(i.id) ?? [])],
    })),
  });
  if (!second) return first;
  // The flow guarantees both; should it ever not, the first plan stands.
  const moves = (assignments: Assignment[]) =>
    assignments.filter((a) => {
      const current = byId.get(a.candidateId)?.current;
      return current && !stays(current, a);
    }).length;
  if (second.assignments.length !== placed.length || moves(second.assignments) > moves(placed)) return first;
  return { assignments: [...held, ...second.assignments], unscheduled: first.unscheduled };
}

/** The assignment, or null when its costs would not fit in exact integers (a huge event): no room kept then. */
function tryAssign(input: AssignmentInput): AssignmentResult | null {
  try {
    return assignInterviews(input);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

const stays = (current: { interviewerId: string; startsAt: Date }, a: Assignment) =>
  current.interviewerId === a.interviewerId && current.startsAt.getTime() === a.slot.startsAt.getTime();
