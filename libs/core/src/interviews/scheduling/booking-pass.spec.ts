import { DateTime } from 'luxon';
import { assignInterviews } from './assignment';
import { planBookingPass, type PassPlan } from './booking-pass';
import { allFeasibleSchedules } from './brute-force';
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
 * (movable unless moved before), as the booking service does; with `ahead`, those yet to arrive are
 * passed as anticipated (as the service passes the registrations under review).
 */
function online(problem: AssignmentInput, order: SchedulingCandidate[], ahead = false) {
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
    const plan = planBookingPass(
      { timezone: problem.timezone, candidates, interviewers },
      ahead ? order.slice(arrived.length) : [],
    );
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
      // Keeping room for those still to come books as many, with no more moves (seed 2: 4 without, none with).
      const ahead = online(problem, order, true);
      expect(checkSchedule(problem, ahead.booked).problems).toEqual([]);
      expect(ahead.booked.length).toBe(booked.length);
      expect(ahead.moves).toBeLessThanOrEqual(moves);
      if (seed === 2) expect([moves, ahead.moves]).toEqual([4, 0]);
    },
  );
});

describe('planBookingPass: what moves cost', () => {
  /** A tiny event (a handful of candidates and slots): small enough to try every schedule. */
  const tiny = (seed: number): AssignmentInput => {
    const { input: problem } = randomInstance({
      seed,
      candidates: 6,
      interviewers: 2 + (seed % 2),
      days: 1,
      dayStartHour: 9,
      dayEndHour: 11,
      specialties: 2,
      businessUnits: 1,
      dailyCapacity: [1, 3],
      anyTimeShare: 0.4,
      fastTrackShare: 0.4,
      existingShare: 0.2,
    });
    const random = seededRandom(seed);
    for (const i of problem.interviewers) i.slots = i.slots.filter(() => random() < 0.8);
    return problem;
  };
  /**
   * Books some of the candidates (a schedule of their own, as earlier passes left it) and marks those
   * bookings movable; with `narrow`, one booked candidate then gives windows that may leave it out.
   */
  const withBookings = (problem: AssignmentInput, seed: number, narrow: boolean): AssignmentInput => {
    const random = seededRandom(seed * 31 + 7);
    const earlier = problem.candidates.filter(() => random() < 0.5);
    const booked = assignInterviews({ ...problem, candidates: earlier }).assignments;
    const current = new Map(booked.map((a) => [a.candidateId, a]));
    const candidates = problem.candidates.map((c) => {
      const a = current.get(c.id);
      return a ? { ...c, current: { interviewerId: a.interviewerId, startsAt: a.slot.startsAt } } : c;
    });
    const first = candidates.find((c) => c.current);
    if (narrow && first) {
      const from = 9 + Math.floor(random() * 2);
      first.availability = [
        { startsAt: at(`${String(from).padStart(2, '0')}:00`), endsAt: at(`${from + 1}:00`) },
      ];
    }
    return { ...problem, candidates };
  };
  /** (booked, bookings kept, −moves, −moves to another interviewer): the pass maximises it in this order. */
  type Score = [number, number, number, number];
  const better = (a: Score, b: Score) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] > b[k];
    return false;
  };
  const scoreOf = (problem: AssignmentInput, assignments: readonly Assignment[]): Score => {
    const current = new Map(problem.candidates.filter((c) => c.current).map((c) => [c.id, c.current!]));
    let kept = 0;
    let moves = 0;
    let others = 0;
    for (const a of assignments) {
      const at = current.get(a.candidateId);
      if (!at) continue;
      kept++;
      if (at.interviewerId === a.interviewerId && at.startsAt.getTime() === a.slot.startsAt.getTime())
        continue;
      moves++;
      if (at.interviewerId !== a.interviewerId) others++;
    }
    return [assignments.length, kept, -moves, -others];
  };
  const scheduleOf = (plan: PassPlan, problem: AssignmentInput): Assignment[] => {
    const changed = new Set([
      ...plan.move.map((m) => m.candidateId),
      ...plan.release.map((r) => r.candidateId),
    ]);
    const stays = problem.candidates
      .filter((c) => c.current && !changed.has(c.id))
      .map((c) => {
        const interviewer = problem.interviewers.find((i) => i.id === c.current!.interviewerId)!;
        const slot = interviewer.slots.find((s) => s.startsAt.getTime() === c.current!.startsAt.getTime())!;
        return { candidateId: c.id, interviewerId: interviewer.id, slot };
      });
    return [...stays, ...plan.book, ...plan.move.map((m) => m.to)];
  };

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))(
    'seed %i: the most bookings, then every booking kept, then the fewest moves, of all feasible schedules',
    (seed) => {
      const problem = withBookings(tiny(seed), seed, seed % 3 === 0);
      let best: Score = [-1, -1, -Infinity, -Infinity];
      // Per (booked, kept): whether some schedule gets there without a move.
      const withoutMoves = new Set<string>();
      allFeasibleSchedules(problem, (assignments) => {
        const score = scoreOf(problem, assignments);
        if (better(score, best)) best = score;
        if (score[2] === 0) withoutMoves.add(`${score[0]}/${score[1]}`);
      });
      const plan = planBookingPass(problem);
      const schedule = scheduleOf(plan, problem);
      expect(checkSchedule(problem, schedule).problems).toEqual([]);
      expect(scoreOf(problem, schedule)).toEqual(best);
      // A move only when it books more (or keeps a booking its candidate's new windows left out):
      // whenever a schedule as large, keeping as many, needs no move, the plan moves nothing.
      if (withoutMoves.has(`${best[0]}/${best[1]}`)) expect(plan.move).toEqual([]);
      else expect(plan.move.length).toBeGreaterThan(0);
      // Anticipated candidates change nothing of this.
      const ahead = planBookingPass(problem, [
        candidate({ id: 'later-1' }),
        candidate({ id: 'later-2', availability: [win('09:00', '10:00')] }),
      ]);
      expect(scoreOf(problem, scheduleOf(ahead, problem))).toEqual(best);
    },
  );

  it('never moves a booking for the room of an anticipated candidate, and books newcomers where they leave it', () => {
    // X offers 09:00 and 10:00. A holds 09:00; N (any time) arrives; L (only 09:00-10:00) is still
    // under review. Moving A to 10:00 would leave L 09:00, but only a newcomer's place is free to choose.
    const x = interviewer({ id: 'x', windows: [win('09:00', '12:00')] });
    const held = {
      ...candidate({ id: 'a' }),
      current: { interviewerId: 'x', startsAt: at('09:00') },
    };
    const later = candidate({ id: 'l', availability: [win('10:00', '11:00')] });
    const plan = planBookingPass(
      { timezone: zone, candidates: [held, candidate({ id: 'n' })], interviewers: [x] },
      [later],
    );
    expect(plan.move).toEqual([]);
    // N takes 11:00, not the earlier 10:00 that L alone can use.
    expect(plan.book).toEqual([
      expect.objectContaining({ candidateId: 'n', slot: expect.objectContaining({ startsAt: at('11:00') }) }),
    ]);
    expect(plan.unscheduled).toEqual([]);

    // With no room for both, the newcomer still gets the slot: anticipated candidates book no one out.
    const full = planBookingPass(
      {
        timezone: zone,
        candidates: [candidate({ id: 'n2' })],
        interviewers: [interviewer({ id: 'y', windows: [win('10:00', '11:00')] })],
      },
      [later],
    );
    expect(full.book).toEqual([expect.objectContaining({ candidateId: 'n2' })]);
  });
});
