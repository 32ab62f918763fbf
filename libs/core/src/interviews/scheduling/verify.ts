import { dayInZone, intersectsAvailability } from './slots';
import type { Assignment, AssignmentInput, TimeWindow } from './scheduling.types';

export interface ScheduleCheck {
  /** Bookings that overlap another booking (new or existing) of the same interviewer or candidate. */
  overlaps: number;
  /** Bookings not wholly inside the candidate's availability. */
  outsideAvailability: number;
  /** Interviewer-days booked beyond the daily capacity. */
  overDailyLimit: number;
  /** Bookings with an unknown candidate or interviewer, a slot the interviewer does not offer, no shared specialty or another unit. */
  incompatible: number;
  /** Candidates booked more than once, or slots booked more than once. */
  duplicates: number;
  problems: string[];
}

function countOverlaps(bookings: { window: TimeWindow; isNew: boolean }[]): number {
  const sorted = [...bookings].sort((a, b) => a.window.startsAt.getTime() - b.window.startsAt.getTime());
  let count = 0;
  let reach = -Infinity;
  let reachIsNew = false;
  for (const b of sorted) {
    if (b.window.startsAt.getTime() < reach && (b.isNew || reachIsNew)) count++;
    if (b.window.endsAt.getTime() > reach) {
      reach = b.window.endsAt.getTime();
      reachIsNew = b.isNew;
    }
  }
  return count;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Checks a schedule against every hard rule of the input, independently of how it was produced. */
export function checkSchedule(input: AssignmentInput, assignments: readonly Assignment[]): ScheduleCheck {
  const check: ScheduleCheck = {
    overlaps: 0,
    outsideAvailability: 0,
    overDailyLimit: 0,
    incompatible: 0,
    duplicates: 0,
    problems: [],
  };
  const candidates = new Map(input.candidates.map((c) => [c.id, c]));
  const interviewers = new Map(input.interviewers.map((i) => [i.id, i]));
  const seenCandidates = new Set<string>();
  const seenSlots = new Set<string>();
  const perInterviewer = new Map<string, Assignment[]>();
  const perCandidate = new Map<string, Assignment[]>();

  for (const a of assignments) {
    const candidate = candidates.get(a.candidateId);
    const interviewer = interviewers.get(a.interviewerId);
    const what = `${a.candidateId} with ${a.interviewerId} at ${a.slot.startsAt.toISOString()}`;
    if (!candidate || !interviewer) {
      check.incompatible++;
      check.problems.push(`unknown candidate or interviewer: ${what}`);
      continue;
    }
    const offered = interviewer.slots.some(
      (s) =>
        s.startsAt.getTime() === a.slot.startsAt.getTime() && s.endsAt.getTime() === a.slot.endsAt.getTime(),
    );
    if (
      !offered ||
      !interviewer.businessUnitIds.includes(candidate.businessUnitId) ||
      !interviewer.specialties.some((s) => candidate.specialties.includes(s))
    ) {
      check.incompatible++;
      check.problems.push(`incompatible: ${what}`);
    }
    if (!intersectsAvailability(a.slot, candidate.availability)) {
      check.outsideAvailability++;
      check.problems.push(`outside availability: ${what}`);
    }
    const slotKey = `${a.interviewerId}\u0000${a.slot.startsAt.getTime()}`;
    if (seenCandidates.has(a.candidateId) || seenSlots.has(slotKey)) {
      check.duplicates++;
      check.problems.push(`booked twice: ${what}`);
    }
    seenCandidates.add(a.candidateId);
    seenSlots.add(slotKey);
    push(perInterviewer, a.interviewerId, a);
    push(perCandidate, a.candidateId, a);
  }

  for (const [id, booked] of perInterviewer) {
    const interviewer = interviewers.get(id);
    if (!interviewer) continue;
    const overlapping = countOverlaps([
      ...booked.map((a) => ({ window: a.slot, isNew: true })),
      ...interviewer.existing.map((window) => ({ window, isNew: false })),
    ]);
    if (overlapping > 0) check.problems.push(`interviewer ${id} has ${overlapping} overlapping bookings`);
    check.overlaps += overlapping;
    const perDay = new Map<string, number>();
    for (const w of [...booked.map((a) => a.slot), ...interviewer.existing]) {
      const day = dayInZone(w.startsAt, input.timezone);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const newDays = new Set(booked.map((a) => dayInZone(a.slot.startsAt, input.timezone)));
    for (const [day, count] of perDay) {
      if (!newDays.has(day) || count <= interviewer.dailyCapacity) continue;
      check.overDailyLimit++;
      check.problems.push(
        `interviewer ${id} has ${count} interviews on ${day} (limit ${interviewer.dailyCapacity})`,
      );
    }
  }
  for (const [id, booked] of perCandidate) {
    const overlapping = countOverlaps([
      ...booked.map((a) => ({ window: a.slot, isNew: true })),
      ...(candidates.get(id)?.existing ?? []).map((window) => ({ window, isNew: false })),
    ]);
    if (overlapping > 0) check.problems.push(`candidate ${id} has ${overlapping} overlapping bookings`);
    check.overlaps += overlapping;
  }
  return check;
}
