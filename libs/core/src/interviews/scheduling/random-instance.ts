import { DateTime } from 'luxon';
import { cutSlots } from './slots';
import type {
  AssignmentInput,
  SchedulingCandidate,
  SchedulingInterviewer,
  TimeWindow,
} from './scheduling.types';

/** Deterministic PRNG (mulberry32): the same seed gives the same instance on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomInstanceOptions {
  seed: number;
  candidates: number;
  interviewers: number;
  days?: number;
  specialties?: number;
  businessUnits?: number;
  timezone?: string;
  /** First day of the event, yyyy-mm-dd in `timezone`. */
  firstDay?: string;
  interviewMinutes?: number;
  bufferMinutes?: number;
  /** Interviewers' working hours each day, local time. */
  dayStartHour?: number;
  dayEndHour?: number;
  dailyCapacity?: [min: number, max: number];
  /** Share of candidates who give no availability (any time). */
  anyTimeShare?: number;
  fastTrackShare?: number;
  /** Share of interviewers holding one booking already. */
  existingShare?: number;
}

export interface RandomInstance {
  input: AssignmentInput;
  interviewMinutes: number;
  bufferMinutes: number;
}

/**
 * A synthetic event: skewed specialty demand, interviewers in one or two units with mostly full days,
 * candidates with any-time or a few partial windows. Used by the tests and the benchmark alike.
 */
export function randomInstance(options: RandomInstanceOptions): RandomInstance {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // Popular specialties first: index ~ square of a uniform number.
  const skewed = (n: number) => Math.floor(random() ** 2 * n);

  const timezone = options.timezone ?? 'Asia/Shanghai';
  const days = options.days ?? 2;
  const interviewMinutes = options.interviewMinutes ?? 25;
  const bufferMinutes = options.bufferMinutes ?? 5;
  const dayStart = options.dayStartHour ?? 9;
  const dayEnd = options.dayEndHour ?? 17;
  const [minCapacity, maxCapacity] = options.dailyCapacity ?? [5, 9];
  const specialties = Array.from({ length: options.specialties ?? 8 }, (_, i) => `specialty-${i}`);
  const units = Array.from({ length: options.businessUnits ?? 5 }, (_, i) => `unit-${i}`);
  const unitCapacity = new Map(units.map((u) => [u, between(minCapacity, maxCapacity)]));
  const first = DateTime.fromISO(options.firstDay ?? '2025-03-10', { zone: timezone });
  const at = (day: number, hour: number): Date =>
    first.plus({ days: day }).set({ hour, minute: 0 }).toJSDate();
  const window = (day: number, from: number, to: number): TimeWindow => ({
    startsAt: at(day, from),
    endsAt: at(day, to),
  });

  const interviewers: SchedulingInterviewer[] = Array.from({ length: options.interviewers }, (_, i) => {
    const ownUnits = new Set([pick(units)]);
    if (random() < 0.2) ownUnits.add(pick(units));
    const own = new Set([specialties[skewed(specialties.length)]]);
    while (random() < 0.5) own.add(pick(specialties));
    const windows: TimeWindow[] = [];
    for (let d = 0; d < days; d++) {
      const shape = random();
      const middle = Math.floor((dayStart + dayEnd) / 2);
      if (shape < 0.75) windows.push(window(d, dayStart, dayEnd));
      else if (shape < 0.85) windows.push(window(d, dayStart, middle));
      else if (shape < 0.95) windows.push(window(d, middle, dayEnd));
      else windows.push(window(d, dayStart, middle - 1), window(d, middle, dayEnd));
    }
    const slots = cutSlots(windows, interviewMinutes, bufferMinutes, timezone);
    const existing: TimeWindow[] = [];
    if (slots.length > 0 && random() < (options.existingShare ?? 0.1)) {
      const s = pick(slots);
      existing.push({ startsAt: s.startsAt, endsAt: s.endsAt });
    }
    const businessUnitIds = [...ownUnits];
    const dailyCapacity = Math.min(...businessUnitIds.map((u) => unitCapacity.get(u) ?? minCapacity));
    return { id: `interviewer-${i}`, specialties: [...own], businessUnitIds, slots, dailyCapacity, existing };
  });

  const registrationStart = Date.UTC(2025, 1, 1);
  const candidates: SchedulingCandidate[] = Array.from({ length: options.candidates }, (_, i) => {
    const own = new Set([specialties[skewed(specialties.length)]]);
    if (random() < 0.3) own.add(pick(specialties));
    let availability: TimeWindow[] | null = null;
    if (random() >= (options.anyTimeShare ?? 0.3)) {
      availability = [];
      for (let k = between(1, 3); k > 0; k--) {
        const from = between(dayStart - 1, dayEnd - 2);
        availability.push(window(between(0, days - 1), from, Math.min(dayEnd + 1, from + between(1, 4))));
      }
    }
    return {
      id: `candidate-${i}`,
      specialties: [...own],
      fastTrack: random() < (options.fastTrackShare ?? 0.2),
      registeredAt: new Date(registrationStart + Math.floor(random() * 20 * 86_400_000)),
      availability,
      businessUnitId: pick(units),
    };
  });

  return { input: { timezone, candidates, interviewers }, interviewMinutes, bufferMinutes };
}
