import { DateTime } from 'luxon';
import { planBookingPass } from './booking-pass';
import { hopcroftKarpMaximum } from './hopcroft-karp';
import { randomInstance, seededRandom } from './random-instance';
import { cutSlots } from './slots';
import type {
  Assignment,
  AssignmentInput,
  SchedulingCandidate,
  SchedulingInterviewer,
  TimeWindow,
} from './scheduling.types';
import { checkSchedule } from './verify';

const zone = 'Asia/Shanghai';
const at = (time: string, day = 0) =>
  DateTime.fromISO(`2025-03-10T${time}`, { zone }).plus({ days: day }).toJSDate();
const win = (from: string, to: string, day = 0): TimeWindow => ({
  startsAt: at(from, day),
  endsAt: at(to, day),
});

let sequence = 0;
const candidate = (o: Partial<SchedulingCandidate> & { id: string }): SchedulingCandidate => ({
  specialties: ['backend'],
  fastTrack: false,
  registeredAt: new Date(Date.UTC(2025, 1, 1) + sequence++ * 60_000),
  availability: null,
  businessUnitId: 'unit-a',
  ...o,
});
const interviewer = (
  o: Partial<SchedulingInterviewer> & { id: string; windows?: TimeWindow[] },
): SchedulingInterviewer => {
  const { windows = [win('09:00', '12:00')], ...rest } = o;
  return {
    specialties: ['backend'],
    businessUnitIds: ['unit-a'],
    slots: cutSlots(windows, 60, 0, zone),
    dailyCapacity: 8,
    existing: [],
    ...rest,
  };
};

/**
 * Candidates arrive one at a time; after each arrival a pass runs over the pool and the bookings
 * (movable unless moved before), as the booking service does.
 */
function online(problem: AssignmentInput, order: SchedulingCandidate[]) {
  const booked = new Map<string, Assignment>();
  const moved = new Set<string>();
  let moves = 0;
  const arrived: SchedulingCandidate[] = [];
  for (const next of order) {
    arrived.push(next);
    const fixed = new Set([...booked.keys()].filter((id) => moved.has(id)));
    const interviewers = problem.interviewers.map((i) => ({
      ...i,
      existing: [...booked.values()]
        .filter((a) => fixed.has(a.candidateId) && a.interviewerId === i.id)
        .map((a) => a.slot),
    }));
    const candidates = arrived
      .filter((c) => !fixed.has(c.id))
      .map((c) => {
        const a = booked.get(c.id);
        return a ? { ...c, current: { interviewerId: a.interviewerId, startsAt: a.slot.startsAt } } : c;
      });
    const before = booked.size;
    const plan = planBookingPass({ timezone: problem.timezone, candidates, interviewers });
    expect(plan.release).toEqual([]);
    for (const a of plan.book) booked.set(a.candidateId, a);
    for (const m of plan.move) {
      booked.set(m.candidateId, m.to);
      moved.add(m.candidateId);
    }
    moves += plan.move.length;
    // A move only ever comes with a rise in the number booked.
    if (plan.move.length > 0) expect(booked.size).toBeGreaterThan(before);
  }
  return { booked: [...booked.values()], moves };
}

describe('planBookingPass', () => {
  it('moves a booking only to book one more candidate, and keeps its interviewer where it can', () => {
    // X serves units A and B with one slot at 09:00 and one at 10:00; Y serves only A at 09:00.
    const x = interviewer({
      id: 'x',
      businessUnitIds: ['unit-a', 'unit-b'],
      windows: [win('09:00', '11:00')],
    });
    const y = interviewer({ id: 'y', windows: [win('09:00', '10:00')] });
    const a1 = candidate({ id: 'a1', availability: [win('09:00', '10:00')] });
    const b1 = candidate({ id: 'b1', businessUnitId: 'unit-b', availability: [win('09:00', '10:00')] });
    const current = { interviewerId: 'x', startsAt: at('09:00') };
    const plan = planBookingPass({
      timezone: zone,
      candidates: [{ ...a1, current }, b1],
      interviewers: [x, y],
    });
    expect(plan.book).toEqual([expect.objectContaining({ candidateId: 'b1', interviewerId: 'x' })]);
    expect(plan.move).toEqual([
      expect.objectContaining({ candidateId: 'a1', to: expect.objectContaining({ interviewerId: 'y' }) }),
    ]);

    // Nothing to gain: the booking stays, even where another slot would suit the newcomer as well.
    const stay = planBookingPass({
      timezone: zone,
      candidates: [{ ...a1, current }, candidate({ id: 'a2' })],
      interviewers: [x, y],
    });
    expect(stay.move).toEqual([]);
    expect(stay.book).toHaveLength(1);

    // The same interviewer at another time beats another interviewer when the candidate must move.
    const narrowed = planBookingPass({
      timezone: zone,
      candidates: [{ ...candidate({ id: 'a3', availability: [win('10:00', '11:00')] }), current }],
      interviewers: [x, interviewer({ id: 'z', windows: [win('10:00', '11:00')] })],
    });
    expect(narrowed.move).toEqual([
      expect.objectContaining({ to: expect.objectContaining({ interviewerId: 'x' }) }),
    ]);
  });

  it('never gives up a booking for a pooled candidate, fast-track or not', () => {
    const x = interviewer({ id: 'x', windows: [win('09:00', '10:00')] });
    const plan = planBookingPass({
      timezone: zone,
      candidates: [
        { ...candidate({ id: 'held' }), current: { interviewerId: 'x', startsAt: at('09:00') } },
        candidate({ id: 'vip', fastTrack: true }),
      ],
      interviewers: [x],
    });
    expect(plan.move).toEqual([]);
    expect(plan.book).toEqual([]);
    expect(plan.unscheduled).toEqual([{ candidateId: 'vip', reason: 'slots_taken' }]);
  });

  it('releases a booking that fits nowhere any more', () => {
    const plan = planBookingPass({
      timezone: zone,
      candidates: [
        {
          ...candidate({ id: 'late', availability: [win('15:00', '16:00')] }),
          current: { interviewerId: 'x', startsAt: at('09:00') },
        },
      ],
      interviewers: [interviewer({ id: 'x' })],
    });
    expect(plan.release).toEqual([{ candidateId: 'late', reason: 'no_overlapping_availability' }]);
  });

  it.each([1, 2, 3])(
    'online arrival in random order ends at the offline maximum, moving each booking at most once (seed %i)',
    (seed) => {
      const { input: problem } = randomInstance({ seed, candidates: 120, interviewers: 12 });
      const random = seededRandom(seed * 7919);
      const order = [...problem.candidates].sort(() => random() - 0.5);
      const { booked, moves } = online(problem, order);
      expect(checkSchedule(problem, booked).problems).toEqual([]);
      expect(booked.length).toBe(hopcroftKarpMaximum(problem));
      expect(moves).toBeLessThanOrEqual(booked.length);
    },
  );
});
