import { DateTime } from 'luxon';
import { hopcroftKarpMatching, hopcroftKarpMaximum } from './hopcroft-karp';
import { randomInstance } from './random-instance';
import { cutSlots } from './slots';
import type {
  AssignmentInput,
  SchedulingCandidate,
  SchedulingInterviewer,
  TimeWindow,
} from './scheduling.types';
import { checkSchedule } from './verify';

const zone = 'UTC';
const at = (time: string) => DateTime.fromISO(`2025-03-10T${time}`, { zone }).toJSDate();
const win = (from: string, to: string): TimeWindow => ({ startsAt: at(from), endsAt: at(to) });
const candidate = (id: string, availability: TimeWindow[] | null = null): SchedulingCandidate => ({
  id,
  specialties: ['backend'],
  fastTrack: false,
  registeredAt: new Date(0),
  availability,
  businessUnitId: 'unit',
});
const interviewer = (
  id: string,
  windows: TimeWindow[],
  dailyCapacity: number,
  existing: TimeWindow[] = [],
): SchedulingInterviewer => ({
  id,
  specialties: ['backend'],
  businessUnitIds: ['unit'],
  slots: cutSlots(windows, 60, 0, zone),
  dailyCapacity,
  existing,
});

describe('hopcroftKarpMaximum', () => {
  it('leaves exactly the daily capacity to candidates (blocker vertices)', () => {
    const candidates = ['a', 'b', 'c', 'd'].map((id) => candidate(id));
    const problem: AssignmentInput = {
      timezone: zone,
      candidates,
      interviewers: [interviewer('xu', [win('09:00', '13:00')], 2)],
    };
    expect(hopcroftKarpMaximum(problem)).toBe(2);
    // An existing interview that day uses up one of the two.
    const held: AssignmentInput = {
      ...problem,
      interviewers: [interviewer('xu', [win('09:00', '13:00')], 2, [win('15:00', '16:00')])],
    };
    expect(hopcroftKarpMaximum(held)).toBe(1);
    // A capacity above the slot count adds no blockers.
    expect(
      hopcroftKarpMaximum({ ...problem, interviewers: [interviewer('xu', [win('09:00', '12:00')], 9)] }),
    ).toBe(3);
  });

  it('finds long augmenting paths', () => {
    // Candidate i fits hours i and i+1, the last one only its own hour. With the slots listed latest
    // first, each candidate first grabs hour i+1, and the last one needs a path through all the others.
    const n = 20;
    const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const candidates = Array.from({ length: n }, (_, i) =>
      candidate(`c${i}`, [win(hour(i), hour(Math.min(i + 2, n)))]),
    );
    const xu = interviewer('xu', [win('00:00', hour(n))], n);
    xu.slots.reverse();
    const problem: AssignmentInput = { timezone: zone, candidates, interviewers: [xu] };
    const matching = hopcroftKarpMatching(problem);
    expect(matching).toHaveLength(n);
    expect(checkSchedule(problem, matching).problems).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('returns a schedule that keeps every rule (seed %i)', (seed) => {
    const { input } = randomInstance({
      seed,
      candidates: 200,
      interviewers: 12,
      dailyCapacity: [1, 4],
      existingShare: 0.5,
    });
    const matching = hopcroftKarpMatching(input);
    expect(checkSchedule(input, matching).problems).toEqual([]);
    expect(new Set(matching.map((a) => a.candidateId)).size).toBe(matching.length);
  });
});
