import { DateTime, IANAZone } from 'luxon';
import type { Slot, TimeWindow } from './scheduling.types';

const MINUTE_MS = 60_000;

/** Sorted union of the windows: overlapping or touching windows become one; empty or inverted ones are dropped. */
export function mergeWindows(windows: readonly TimeWindow[]): TimeWindow[] {
  const sorted = windows
    .map((w) => ({ start: w.startsAt.getTime(), end: w.endsAt.getTime() }))
    .filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end) && w.end > w.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged.map((w) => ({ startsAt: new Date(w.start), endsAt: new Date(w.end) }));
}

export function assertTimezone(timezone: string): void {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown IANA timezone: ${timezone}`);
}

/** The ISO date (yyyy-mm-dd) of an instant in the given IANA timezone. */
export function dayInZone(at: Date, timezone: string): string {
  const day = DateTime.fromJSDate(at, { zone: timezone }).toISODate();
  if (day === null) throw new RangeError(`Cannot place ${at.toISOString()} in timezone ${timezone}`);
  return day;
}

/**
 * Cuts an interviewer's availability into back-to-back slots of `interviewMinutes`, each followed by
 * `bufferMinutes`, aligned to the start of each (merged) window. Durations are absolute time, so a slot
 * across a DST change still lasts `interviewMinutes`; a slot belongs to the day (in `timezone`) it starts on.
 */
export function cutSlots(
  windows: readonly TimeWindow[],
  interviewMinutes: number,
  bufferMinutes: number,
  timezone: string,
): Slot[] {
  if (!Number.isInteger(interviewMinutes) || interviewMinutes <= 0)
    throw new RangeError('interviewMinutes must be a positive integer');
  if (!Number.isInteger(bufferMinutes) || bufferMinutes < 0)
    throw new RangeError('bufferMinutes must be a non-negative integer');
  assertTimezone(timezone);
  const length = interviewMinutes * MINUTE_MS;
  const step = (interviewMinutes + bufferMinutes) * MINUTE_MS;
  const slots: Slot[] = [];
  for (const window of mergeWindows(windows)) {
    const end = window.endsAt.getTime();
    for (let start = window.startsAt.getTime(); start + length <= end; start += step) {
      const startsAt = new Date(start);
      slots.push({ startsAt, endsAt: new Date(start + length), day: dayInZone(startsAt, timezone) });
    }
  }
  return slots;
}

/** Half-open intervals: one ending exactly when the other starts does not overlap it. */
export function overlaps(a: TimeWindow, b: TimeWindow): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/**
 * Whether a candidate can take the slot: it must lie wholly inside their availability (touching windows
 * count as one). `null` or no windows at all means the candidate gave none, i.e. any time.
 */
export function intersectsAvailability(
  slot: TimeWindow,
  candidateWindows: readonly TimeWindow[] | null,
): boolean {
  if (candidateWindows === null || candidateWindows.length === 0) return true;
  const start = slot.startsAt.getTime();
  const end = slot.endsAt.getTime();
  return mergeWindows(candidateWindows).some(
    (w) => w.startsAt.getTime() <= start && end <= w.endsAt.getTime(),
  );
}
