import { assertTimezone, dayInZone, mergeWindows } from './slots';
import type { AssignmentInput, Slot, TimeWindow, UnscheduledReason } from './scheduling.types';

/** One usable slot of one interviewer. */
export interface GraphSlot {
  interviewer: number;
  slot: Slot;
  start: number;
  /** Index into `CompatibilityGraph.times`. */
  time: number;
  /** Index into `CompatibilityGraph.interviewerDays`. */
  interviewerDay: number;
}

/** The interviews an interviewer may still take on one day, after the bookings they already hold. */
export interface InterviewerDay {
  interviewer: number;
  day: string;
  remaining: number;
}

/** The interviewers who can interview candidates of one business unit and specialty set. */
export interface InterviewerClass {
  /** Time id → usable slot ids of these interviewers at that time, in interviewer order. */
  slotsAt: Map<number, Int32Array>;
}

/** Candidates with one profile are interchangeable: same interviewer class, same usable times. */
export interface CandidateProfile {
  interviewerClass: number;
  /** Sorted time ids at which the class has a usable slot the candidate can take. */
  times: Int32Array;
}

/**
 * Who can take which slot, shared by the optimal run, the greedy baseline and single bookings.
 *
 * A candidate's compatibility factors into who (the class of interviewers sharing their unit and a
 * specialty) and when (the slot times inside their availability), so it is stored as class + times
 * rather than as a list of slots: with many candidates free at any time, a slot list per candidate
 * would be ~interviewers × slots long. Only usable slots are listed: not blocked by the interviewer's
 * existing bookings, on a day with capacity left. Slot ids follow (start, interviewer order).
 */
export interface CompatibilityGraph {
  slots: GraphSlot[];
  /** Distinct (start, end) of usable slots, sorted. */
  times: { start: number; end: number }[];
  interviewerDays: InterviewerDay[];
  /** Interviews each interviewer already holds on the days they offer slots (their starting load). */
  baseLoad: number[];
  classes: InterviewerClass[];
  profiles: CandidateProfile[];
  /** Each candidate's profile, or -1 when no slot is usable for them. */
  candidateProfile: Int32Array;
  /** Why each candidate would stay unscheduled if booked nowhere (see `buildCompatibilityGraph`). */
  reasons: UnscheduledReason[];
}

interface Interval {
  start: number;
  end: number;
}

const toIntervals = (windows: readonly TimeWindow[]): Interval[] =>
  windows
    .map((w) => ({ start: w.startsAt.getTime(), end: w.endsAt.getTime() }))
    .sort((a, b) => a.start - b.start);

function overlapsAny(start: number, end: number, sorted: Interval[]): boolean {
  // Existing bookings are few per person: a scan beats anything clever.
  for (const b of sorted) {
    if (b.start >= end) return false;
    if (b.end > start) return true;
  }
  return false;
}

/** Throws a RangeError on input the algorithms cannot honour (duplicate ids, overlapping slots, …). */
export function assertValidInput(input: AssignmentInput): void {
  assertTimezone(input.timezone);
  const candidateIds = new Set<string>();
  for (const c of input.candidates) {
    if (candidateIds.has(c.id)) throw new RangeError(`Duplicate candidate ${c.id}`);
    candidateIds.add(c.id);
  }
  const interviewerIds = new Set<string>();
  for (const i of input.interviewers) {
    if (interviewerIds.has(i.id)) throw new RangeError(`Duplicate interviewer ${i.id}`);
    interviewerIds.add(i.id);
    if (!Number.isInteger(i.dailyCapacity) || i.dailyCapacity < 0)
      throw new RangeError(`Interviewer ${i.id}: dailyCapacity must be a non-negative integer`);
    const sorted = [...i.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (let k = 0; k < sorted.length; k++) {
      const s = sorted[k];
      if (!(s.endsAt.getTime() > s.startsAt.getTime()))
        throw new RangeError(`Interviewer ${i.id}: slot ${s.startsAt.toISOString()} is empty or invalid`);
      if (s.day !== dayInZone(s.startsAt, input.timezone))
        throw new RangeError(
          `Interviewer ${i.id}: slot ${s.startsAt.toISOString()} is not on day ${s.day} in ${input.timezone}`,
        );
      // One interviewer's slots must be disjoint: the flow model relies on it to rule out double booking.
      if (k > 0 && sorted[k - 1].endsAt.getTime() > s.startsAt.getTime())
        throw new RangeError(
          `Interviewer ${i.id}: slots ${sorted[k - 1].startsAt.toISOString()} and ${s.startsAt.toISOString()} overlap`,
        );
    }
  }
}

/** The usable slot ids of a profile, by time then interviewer order. */
export function profileSlotIds(graph: CompatibilityGraph, profile: number): number[] {
  if (profile < 0) return [];
  const { interviewerClass, times } = graph.profiles[profile];
  const slotsAt = graph.classes[interviewerClass].slotsAt;
  const ids: number[] = [];
  for (const t of times) for (const s of slotsAt.get(t) ?? []) ids.push(s);
  return ids;
}

/**
 * The unscheduled reason is decided from the facts: nobody suitable at all, suitable interviewers but
 * never when the candidate can come (or only in the past), no usable slot left because the days with
 * free slots are at their daily limit, or usable slots that were all taken (by existing bookings or,
 * after the assignment, by other candidates; `assignInterviews` refines it then).
 */
export function buildCompatibilityGraph(input: AssignmentInput, notBefore?: Date): CompatibilityGraph {
  assertValidInput(input);
  const floor = notBefore?.getTime() ?? -Infinity;
  const interviewerDays: InterviewerDay[] = [];
  const baseLoad: number[] = [];
  type Offered = {
    start: number;
    end: number;
    slot: Slot;
    interviewer: number;
    day: number;
    usable: boolean;
    /** Unusable only because the interviewer's day is full. */
    dayFull: boolean;
    id: number;
  };
  const offered: Offered[][] = [];

  input.interviewers.forEach((interviewer, index) => {
    const existing = toIntervals(interviewer.existing);
    const bookedPerDay = new Map<string, number>();
    for (const booking of interviewer.existing) {
      const day = dayInZone(booking.startsAt, input.timezone);
      bookedPerDay.set(day, (bookedPerDay.get(day) ?? 0) + 1);
    }
    const dayIndex = new Map<string, number>();
    const mine: Offered[] = [];
    for (const slot of interviewer.slots) {
      const start = slot.startsAt.getTime();
      const end = slot.endsAt.getTime();
      if (start < floor) continue;
      let day = dayIndex.get(slot.day);
      if (day === undefined) {
        day = interviewerDays.length;
        dayIndex.set(slot.day, day);
        const remaining = Math.max(0, interviewer.dailyCapacity - (bookedPerDay.get(slot.day) ?? 0));
        interviewerDays.push({ interviewer: index, day: slot.day, remaining });
      }
      const free = !overlapsAny(start, end, existing);
      const usable = interviewerDays[day].remaining > 0 && free;
      const dayFull = free && !usable;
      mine.push({ start, end, slot, interviewer: index, day, usable, dayFull, id: -1 });
    }
    offered.push(mine);
    let load = 0;
    for (const day of dayIndex.keys()) load += bookedPerDay.get(day) ?? 0;
    baseLoad.push(load);
  });

  const usable = offered
    .flat()
    .filter((s) => s.usable)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.interviewer - b.interviewer);
  const times: { start: number; end: number }[] = [];
  const slots: GraphSlot[] = usable.map((s, id) => {
    s.id = id;
    const last = times[times.length - 1];
    if (!last || last.start !== s.start || last.end !== s.end) times.push({ start: s.start, end: s.end });
    return {
      interviewer: s.interviewer,
      slot: s.slot,
      start: s.start,
      time: times.length - 1,
      interviewerDay: s.day,
    };
  });

  const byUnitAndSpecialty = new Map<string, number[]>();
  input.interviewers.forEach((interviewer, index) => {
    for (const unit of new Set(interviewer.businessUnitIds))
      for (const specialty of new Set(interviewer.specialties)) {
        const key = `${unit}\u0000${specialty}`;
        const list = byUnitAndSpecialty.get(key);
        if (list) list.push(index);
        else byUnitAndSpecialty.set(key, [index]);
      }
  });

  // Per class: its usable slots by time, and every offered interval (usable or not) for the reasons.
  const classes: InterviewerClass[] = [];
  const classOffered: { start: number; end: number; time: number; dayFull: boolean }[][] = [];
  const classSize: number[] = [];
  const classByKey = new Map<string, number>();
  const timeIndex = new Map(times.map((t, i) => [`${t.start}-${t.end}`, i]));
  const classFor = (unit: string, specialties: string[]): number => {
    const key = `${unit}\u0000${specialties.join('\u0001')}`;
    let k = classByKey.get(key);
    if (k !== undefined) return k;
    const members = new Set<number>();
    for (const specialty of specialties)
      for (const i of byUnitAndSpecialty.get(`${unit}\u0000${specialty}`) ?? []) members.add(i);
    const lists = new Map<number, number[]>();
    const intervals = new Map<string, { start: number; end: number; time: number; dayFull: boolean }>();
    for (const i of members)
      for (const s of offered[i]) {
        const interval = `${s.start}-${s.end}`;
        const known = intervals.get(interval);
        if (!known)
          intervals.set(interval, {
            start: s.start,
            end: s.end,
            time: timeIndex.get(interval) ?? -1,
            dayFull: s.dayFull,
          });
        else if (s.dayFull) known.dayFull = true;
        if (!s.usable) continue;
        const time = slots[s.id].time;
        const list = lists.get(time);
        if (list) list.push(s.id);
        else lists.set(time, [s.id]);
      }
    k = classes.length;
    classByKey.set(key, k);
    classes.push({ slotsAt: new Map([...lists].map(([t, ids]) => [t, Int32Array.from(ids).sort()])) });
    classOffered.push([...intervals.values()].sort((a, b) => a.start - b.start));
    classSize.push(members.size);
    return k;
  };

  const profiles: CandidateProfile[] = [];
  const profileByKey = new Map<string, number>();
  const byInputs = new Map<string, { profile: number; reason: UnscheduledReason }>();
  const candidateProfile = new Int32Array(input.candidates.length);
  const reasons: UnscheduledReason[] = [];
  input.candidates.forEach((candidate, c) => {
    const anyTime = candidate.availability === null || candidate.availability.length === 0;
    const windows = anyTime ? [] : toIntervals(mergeWindows(candidate.availability ?? []));
    const busy = toIntervals(candidate.existing ?? []);
    const specialties = [...new Set(candidate.specialties)].sort();
    const key = [
      candidate.businessUnitId,
      specialties.join('\u0001'),
      anyTime ? '*' : windows.map((w) => `${w.start}-${w.end}`).join(','),
      busy.map((w) => `${w.start}-${w.end}`).join(','),
    ].join('\u0000');
    let known = byInputs.get(key);
    if (!known) {
      const k = classFor(candidate.businessUnitId, specialties);
      const slotsAt = classes[k].slotsAt;
      const when: number[] = [];
      let available = false;
      let dayLimited = false;
      let w = 0;
      for (const s of classOffered[k]) {
        if (!anyTime) {
          // Both lists are sorted by start: advance to the last window starting at or before the slot.
          while (w + 1 < windows.length && windows[w + 1].start <= s.start) w++;
          if (windows.length === 0 || windows[w].start > s.start || windows[w].end < s.end) continue;
        }
        if (overlapsAny(s.start, s.end, busy)) continue;
        available = true;
        if (s.dayFull) dayLimited = true;
        if (s.time >= 0 && slotsAt.has(s.time)) when.push(s.time);
      }
      let profile = -1;
      if (when.length > 0) {
        const sorted = Int32Array.from(when).sort();
        const content = `${k}:${sorted.join(',')}`;
        profile = profileByKey.get(content) ?? -1;
        if (profile < 0) {
          profile = profiles.length;
          profiles.push({ interviewerClass: k, times: sorted });
          profileByKey.set(content, profile);
        }
      }
      const reason: UnscheduledReason =
        classSize[k] === 0
          ? 'no_shared_specialty'
          : !available
            ? 'no_overlapping_availability'
            : when.length === 0 && dayLimited
              ? 'daily_limit_reached'
              : 'slots_taken';
      known = { profile, reason };
      byInputs.set(key, known);
    }
    candidateProfile[c] = known.profile;
    reasons.push(known.reason);
  });
  return { slots, times, interviewerDays, baseLoad, classes, profiles, candidateProfile, reasons };
}
