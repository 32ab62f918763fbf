import { dayInZone, intersectsAvailability, overlaps } from './slots';
import type { Assignment, AssignmentInput } from './scheduling.types';

/**
 * Test oracle: every feasible schedule of a tiny input (exponential: a handful of candidates and
 * slots only), found by exhaustive search with the rules restated from scratch.
 */
export function allFeasibleSchedules(
  input: AssignmentInput,
  visit: (assignments: Assignment[]) => void,
): void {
  const options = input.candidates.map((candidate) =>
    input.interviewers.flatMap((interviewer, i) =>
      interviewer.slots
        .filter(
          (slot) =>
            interviewer.businessUnitIds.includes(candidate.businessUnitId) &&
            interviewer.specialties.some((s) => candidate.specialties.includes(s)) &&
            intersectsAvailability(slot, candidate.availability) &&
            !interviewer.existing.some((b) => overlaps(b, slot)) &&
            !(candidate.existing ?? []).some((b) => overlaps(b, slot)),
        )
        .map((slot) => ({ i, slot })),
    ),
  );
  const used = new Map<string, number>();
  for (const [i, interviewer] of input.interviewers.entries())
    for (const b of interviewer.existing) {
      const key = `${i}/${dayInZone(b.startsAt, input.timezone)}`;
      used.set(key, (used.get(key) ?? 0) + 1);
    }
  const taken = new Set<string>();
  const chosen: Assignment[] = [];
  const search = (c: number): void => {
    if (c === input.candidates.length) {
      visit([...chosen]);
      return;
    }
    search(c + 1);
    for (const { i, slot } of options[c]) {
      const interviewer = input.interviewers[i];
      const slotKey = `${i}@${slot.startsAt.getTime()}`;
      const dayKey = `${i}/${slot.day}`;
      if (taken.has(slotKey) || (used.get(dayKey) ?? 0) >= interviewer.dailyCapacity) continue;
      taken.add(slotKey);
      used.set(dayKey, (used.get(dayKey) ?? 0) + 1);
      chosen.push({ candidateId: input.candidates[c].id, interviewerId: interviewer.id, slot });
      search(c + 1);
      chosen.pop();
      used.set(dayKey, (used.get(dayKey) ?? 0) - 1);
      taken.delete(slotKey);
    }
  };
  search(0);
}
