import { DateTime } from 'luxon';
import {
  assignInterviews,
  greedyBaseline,
  objectiveFor,
  pickBestSlot,
  scheduleObjective,
} from './assignment';
import { allFeasibleSchedules } from './brute-force';
import { hopcroftKarpMaximum } from './hopcroft-karp';
import { randomInstance, seededRandom, type RandomInstanceOptions } from './random-instance';
import { cutSlots, intersectsAvailability, overlaps } from './slots';
import type {
  AssignmentInput,
  AssignmentResult,
  SchedulingCandidate,
  SchedulingInterviewer,
  TimeWindow,
} from './scheduling.types';
import { checkSchedule } from './verify';

const zone = 'Asia/Shanghai';
/** Local time on the event's first day (or a later one), e.g. at('09:30') or at('14:00', 1). */
const at = (time: string, day = 0) =>
  DateTime.fromISO(`2025-03-10T${time}`, { zone }).plus({ days: day }).toJSDate();
const win = (from: string, to: string, day = 0): TimeWindow => ({
  startsAt: at(from, day),
  endsAt: at(to, day),
});

let sequence = 0;
function candidate(overrides: Partial<SchedulingCandidate> & { id: string }): SchedulingCandidate {
  return {
    specialties: ['backend'],
    fastTrack: false,
    registeredAt: new Date(Date.UTC(2025, 1, 1) + sequence++ * 60_000),
    availability: null,
    businessUnitId: 'unit-a',
    ...overrides,
  };
}
function interviewer(
  overrides: Partial<SchedulingInterviewer> & { id: string; windows?: TimeWindow[]; minutes?: number },
): SchedulingInterviewer {
  const { windows = [win('09:00', '12:00')], minutes = 60, ...rest } = overrides;
  return {
    specialties: ['backend'],
    businessUnitIds: ['unit-a'],
    slots: cutSlots(windows, minutes, 0, zone),
    dailyCapacity: 8,
    existing: [],
    ...rest,
  };
}
const input = (
  candidates: SchedulingCandidate[],
  interviewers: SchedulingInterviewer[],
): AssignmentInput => ({
  timezone: zone,
  candidates,
  interviewers,
});
const bookingOf = (result: AssignmentResult, id: string) =>
  result.assignments.find((a) => a.candidateId === id);
const startOf = (result: AssignmentResult, id: string) => bookingOf(result, id)?.slot.startsAt.toISOString();
const reasonOf = (result: AssignmentResult, id: string) =>
  result.unscheduled.find((u) => u.candidateId === id)?.reason;

function expectSound(problem: AssignmentInput, result: AssignmentResult): void {
  expect(checkSchedule(problem, result.assignments).problems).toEqual([]);
  const ids = [
    ...result.assignments.map((a) => a.candidateId),
    ...result.unscheduled.map((u) => u.candidateId),
  ];
  expect(ids.sort()).toEqual(problem.candidates.map((c) => c.id).sort());
}

describe('assignInterviews', () => {
  it('books the maximum where first-come greedy does not (availability and specialties)', () => {
    // Ana registered first and can come any time; greedy gives her 09:00, the only hour Ben can come.
    // Chen (first, backend + ml) takes the ml interviewer at 09:00, leaving Dana (ml only) nobody.
    const problem = input(
      [
        candidate({ id: 'ana' }),
        candidate({ id: 'ben', availability: [win('09:00', '10:00')] }),
        candidate({ id: 'chen', specialties: ['backend', 'ml'], businessUnitId: 'unit-b' }),
        candidate({ id: 'dana', specialties: ['ml'], businessUnitId: 'unit-b' }),
      ],
      [
        interviewer({ id: 'xu', windows: [win('09:00', '11:00')] }),
        interviewer({
          id: 'yang',
          specialties: ['ml', 'backend'],
          businessUnitIds: ['unit-b'],
          windows: [win('09:00', '10:00')],
        }),
        interviewer({ id: 'zhou', businessUnitIds: ['unit-b'], windows: [win('09:00', '10:00')] }),
      ],
    );

    const greedy = greedyBaseline(problem);
    expect(greedy.assignments.map((a) => a.candidateId).sort()).toEqual(['ana', 'chen']);
    expect(reasonOf(greedy, 'ben')).toBe('slots_taken');
    expect(reasonOf(greedy, 'dana')).toBe('slots_taken');

    const optimal = assignInterviews(problem);
    expect(optimal.assignments).toHaveLength(4);
    expect(hopcroftKarpMaximum(problem)).toBe(4);
    expect(startOf(optimal, 'ben')).toBe(at('09:00').toISOString());
    expect(startOf(optimal, 'ana')).toBe(at('10:00').toISOString());
    expect(bookingOf(optimal, 'dana')?.interviewerId).toBe('yang');
    expect(bookingOf(optimal, 'chen')?.interviewerId).toBe('zhou');
    expectSound(problem, optimal);
  });

  it('gives each unscheduled candidate the honest reason', () => {
    const problem = input(
      [
        candidate({ id: 'no-specialty', specialties: ['embedded'] }),
        candidate({ id: 'other-unit', businessUnitId: 'unit-z' }),
        candidate({ id: 'never-free', availability: [win('13:00', '18:00')] }),
        candidate({ id: 'half-hour-short', availability: [win('09:30', '10:29')] }),
        candidate({ id: 'first', availability: [win('09:00', '10:00')] }),
        candidate({ id: 'second', availability: [win('09:00', '10:00')] }),
        candidate({ id: 'blocked', availability: [win('11:00', '12:00')] }),
      ],
      [interviewer({ id: 'xu', existing: [win('11:30', '12:30')] })],
    );
    const result = assignInterviews(problem);
    expect(result.assignments.map((a) => a.candidateId)).toEqual(['first']);
    expect(Object.fromEntries(result.unscheduled.map((u) => [u.candidateId, u.reason]))).toEqual({
      'no-specialty': 'no_shared_specialty',
      'other-unit': 'no_shared_specialty',
      'never-free': 'no_overlapping_availability',
      'half-hour-short': 'no_overlapping_availability',
      second: 'slots_taken',
      // Their one slot (11:00) is taken by an existing booking: slots lost to others, not to availability.
      blocked: 'slots_taken',
    });
    expectSound(problem, result);
  });

  it('holds daily limits per interviewer and day in the event timezone, existing bookings included', () => {
    const twoDays = [win('09:00', '17:00'), win('09:00', '17:00', 1)];
    const problem = input(
      Array.from({ length: 10 }, (_, i) => candidate({ id: `c${i}` })),
      [interviewer({ id: 'xu', windows: twoDays, dailyCapacity: 3, existing: [win('08:00', '08:30')] })],
    );
    const result = assignInterviews(problem);
    const perDay = new Map<string, number>();
    for (const a of result.assignments) perDay.set(a.slot.day, (perDay.get(a.slot.day) ?? 0) + 1);
    expect(Object.fromEntries(perDay)).toEqual({ '2025-03-10': 2, '2025-03-11': 3 });
    expect(result.unscheduled.every((u) => u.reason === 'daily_limit_reached')).toBe(true);
    expectSound(problem, result);
  });

  it('never books over an existing interview of the interviewer or of the candidate', () => {
    const problem = input(
      [
        candidate({ id: 'ana', existing: [win('10:00', '10:30')] }),
        candidate({ id: 'ben' }),
        candidate({ id: 'chen' }),
      ],
      // 09:00 and 09:30 are blocked by the existing interview; Ana cannot take 10:00.
      [
        interviewer({
          id: 'xu',
          minutes: 30,
          windows: [win('09:00', '11:30')],
          existing: [win('09:15', '09:45')],
        }),
      ],
    );
    const result = assignInterviews(problem);
    expect(result.assignments).toHaveLength(3);
    for (const a of result.assignments) expect(overlaps(a.slot, win('09:15', '09:45'))).toBe(false);
    expect(overlaps(bookingOf(result, 'ana')!.slot, win('10:00', '10:30'))).toBe(false);
    expectSound(problem, result);
  });

  it('prefers booking fast-track candidates when not everyone fits', () => {
    const problem = input(
      [candidate({ id: 'early-standard' }), candidate({ id: 'late-fast', fastTrack: true })],
      [interviewer({ id: 'xu', windows: [win('09:00', '10:00')] })],
    );
    const result = assignInterviews(problem);
    expect(result.assignments.map((a) => a.candidateId)).toEqual(['late-fast']);
    expect(reasonOf(result, 'early-standard')).toBe('slots_taken');
  });

  it('books fast-track candidates on the earliest slots, without booking fewer', () => {
    const plain = input(
      [candidate({ id: 's1' }), candidate({ id: 's2' }), candidate({ id: 'fast', fastTrack: true })],
      [interviewer({ id: 'xu' })],
    );
    expect(startOf(assignInterviews(plain), 'fast')).toBe(at('09:00').toISOString());

    // Sam can only come at 09:00: the fast-track candidate moves to 10:00 rather than leave Sam out.
    const constrained = input(
      [
        candidate({ id: 'sam', availability: [win('09:00', '10:00')] }),
        candidate({ id: 'fast', fastTrack: true }),
      ],
      [interviewer({ id: 'xu', windows: [win('09:00', '11:00')] })],
    );
    const result = assignInterviews(constrained);
    expect(result.assignments).toHaveLength(2);
    expect(startOf(result, 'sam')).toBe(at('09:00').toISOString());
    expect(startOf(result, 'fast')).toBe(at('10:00').toISOString());
  });

  it('keeps room for anticipated candidates, without booking them or anyone fewer', () => {
    // A fast-track candidate would take 09:00, the earliest; Ana (anticipated) can only come then.
    const ana = candidate({ id: 'ana', availability: [win('09:00', '10:00')], anticipated: true });
    const result = assignInterviews(
      input([candidate({ id: 'fast', fastTrack: true }), ana], [interviewer({ id: 'xu' })]),
    );
    expect(result.assignments.map((a) => a.candidateId)).toEqual(['fast']);
    expect(startOf(result, 'fast')).toBe(at('10:00').toISOString());
    expect(result.unscheduled).toEqual([]);

    // One slot: the real candidate gets it, fast track or not, and Ana is listed nowhere.
    const one = assignInterviews(
      input(
        [candidate({ id: 'std' }), { ...ana, fastTrack: true }],
        [interviewer({ id: 'xu', windows: [win('09:00', '10:00')] })],
      ),
    );
    expect(one.assignments.map((a) => a.candidateId)).toEqual(['std']);
    expect(one.unscheduled).toEqual([]);
  });

  it('gives earlier fast-track registrations the earlier slots among interchangeable candidates', () => {
    const problem = input(
      ['f1', 'f2', 'f3'].map((id) => candidate({ id, fastTrack: true })),
      [interviewer({ id: 'xu', windows: [win('09:00', '17:00')] })],
    );
    const result = assignInterviews(problem);
    expect(['f1', 'f2', 'f3'].map((id) => startOf(result, id))).toEqual(
      ['09:00', '10:00', '11:00'].map((t) => at(t).toISOString()),
    );
  });

  it('spreads load evenly across interviewers, counting what they already hold', () => {
    const full = [win('09:00', '17:00')];
    const even = input(
      Array.from({ length: 8 }, (_, i) => candidate({ id: `c${i}` })),
      [interviewer({ id: 'xu', windows: full }), interviewer({ id: 'yang', windows: full })],
    );
    const count = (result: AssignmentResult, id: string) =>
      result.assignments.filter((a) => a.interviewerId === id).length;
    const balanced = assignInterviews(even);
    expect([count(balanced, 'xu'), count(balanced, 'yang')]).toEqual([4, 4]);

    // Time order alone would give xu all four: yang only starts at 13:00.
    const lopsided = input(even.candidates.slice(0, 4), [
      interviewer({ id: 'xu', windows: full }),
      interviewer({ id: 'yang', windows: [win('13:00', '17:00')] }),
    ]);
    const spread = assignInterviews(lopsided);
    expect([count(spread, 'xu'), count(spread, 'yang')]).toEqual([2, 2]);

    const loaded = input(even.candidates, [
      interviewer({ id: 'xu', windows: [win('08:00', '17:00')], existing: [win('08:00', '09:00')] }),
      interviewer({ id: 'yang', windows: full }),
      interviewer({ id: 'zhou', windows: full, existing: [win('09:00', '10:00'), win('12:00', '13:00')] }),
    ]);
    const result = assignInterviews(loaded);
    // 3 held + 8 new = 11 interviews over three people: totals 4, 4 and 3 in some order.
    const totals = [count(result, 'xu') + 1, count(result, 'yang'), count(result, 'zhou') + 2];
    expect(totals.sort()).toEqual([3, 4, 4]);
    expectSound(loaded, result);
  });

  it('rejects input it cannot honour', () => {
    const slots = cutSlots([win('09:00', '11:00')], 60, 0, zone);
    const overlapping = {
      ...interviewer({ id: 'xu' }),
      slots: [...slots, cutSlots([win('09:30', '10:30')], 60, 0, zone)[0]],
    };
    expect(() => assignInterviews(input([candidate({ id: 'a' })], [overlapping]))).toThrow(/overlap/);
    expect(() =>
      assignInterviews(input([candidate({ id: 'a' }), candidate({ id: 'a' })], [interviewer({ id: 'xu' })])),
    ).toThrow(/Duplicate candidate/);
    const wrongDay = { ...interviewer({ id: 'xu' }), slots: slots.map((s) => ({ ...s, day: '2025-03-09' })) };
    expect(() => assignInterviews(input([], [wrongDay]))).toThrow(/not on day/);
    expect(() => assignInterviews({ ...input([], []), timezone: 'Nowhere/Else' })).toThrow(RangeError);
    expect(() => assignInterviews(input([], [interviewer({ id: 'xu', dailyCapacity: -1 })]))).toThrow(
      /dailyCapacity/,
    );
  });

  it('handles empty inputs', () => {
    expect(assignInterviews(input([], []))).toEqual({ assignments: [], unscheduled: [] });
    expect(assignInterviews(input([candidate({ id: 'a' })], []))).toEqual({
      assignments: [],
      unscheduled: [{ candidateId: 'a', reason: 'no_shared_specialty' }],
    });
  });
});

describe('assignInterviews on random instances', () => {
  const shapes: (Omit<RandomInstanceOptions, 'seed'> & { label: string })[] = [
    {
      label: 'small, scarce',
      candidates: 40,
      interviewers: 4,
      dailyCapacity: [1, 3],
      specialties: 3,
      businessUnits: 2,
    },
    { label: 'medium', candidates: 150, interviewers: 15, dailyCapacity: [2, 5], existingShare: 0.4 },
    {
      label: 'dense any-time',
      candidates: 120,
      interviewers: 8,
      specialties: 2,
      businessUnits: 1,
      anyTimeShare: 0.8,
    },
    {
      label: 'three days',
      candidates: 100,
      interviewers: 6,
      days: 3,
      dailyCapacity: [1, 4],
      fastTrackShare: 0.5,
    },
    {
      label: 'Europe/Berlin across DST',
      candidates: 80,
      interviewers: 6,
      days: 3,
      timezone: 'Europe/Berlin',
      firstDay: '2025-03-29',
      dayStartHour: 0,
      dayEndHour: 6,
      dailyCapacity: [2, 6],
    },
  ];
  const cases = [
    ...shapes.flatMap((shape) => [1, 2, 3, 4, 5, 6].map((seed) => ({ ...shape, seed }))),
    { label: 'large', candidates: 800, interviewers: 60, seed: 1 },
  ];

  it.each(cases)('$label (seed $seed): books the Hopcroft–Karp maximum and breaks no rule', (options) => {
    const { input: problem } = randomInstance(options);
    const result = assignInterviews(problem);
    expect(result.assignments.length).toBe(hopcroftKarpMaximum(problem));
    expect(greedyBaseline(problem).assignments.length).toBeLessThanOrEqual(result.assignments.length);
    expectSound(problem, result);

    for (const { candidateId, reason } of result.unscheduled) {
      const c = problem.candidates.find((x) => x.id === candidateId)!;
      const suitable = problem.interviewers.filter(
        (i) =>
          i.businessUnitIds.includes(c.businessUnitId) &&
          i.specialties.some((s) => c.specialties.includes(s)),
      );
      const reachable = suitable.some((i) =>
        i.slots.some((slot) => intersectsAvailability(slot, c.availability)),
      );
      const expected =
        suitable.length === 0
          ? 'no_shared_specialty'
          : reachable
            ? expect.stringMatching(/^(slots_taken|daily_limit_reached)$/)
            : 'no_overlapping_availability';
      expect({ candidateId, reason }).toEqual({ candidateId, reason: expected });
    }
  });

  it('the greedy baseline books fewer than the maximum on a realistic instance', () => {
    const { input: problem } = randomInstance({ seed: 11, candidates: 300, interviewers: 25 });
    expect(greedyBaseline(problem).assignments.length).toBeLessThan(
      assignInterviews(problem).assignments.length,
    );
  });
});

describe('assignInterviews against exhaustive search', () => {
  const tiny = (seed: number): AssignmentInput => {
    const { input: problem } = randomInstance({
      seed,
      candidates: 5,
      interviewers: 2 + (seed % 2),
      days: 1 + (seed % 3 === 0 ? 1 : 0),
      dayStartHour: 9,
      dayEndHour: 11,
      specialties: 2,
      businessUnits: 1,
      dailyCapacity: [1, 3],
      anyTimeShare: 0.4,
      fastTrackShare: 0.4,
      existingShare: 0.3,
    });
    // Thin the slots at random so interviewers differ in when they are free.
    const random = seededRandom(seed);
    for (const i of problem.interviewers) i.slots = i.slots.filter(() => random() < 0.7);
    return problem;
  };

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'seed %i: count, fast-track count and cost are the best of all feasible schedules',
    (seed) => {
      const problem = tiny(seed);
      const objective = objectiveFor(problem);
      let best: [number, number, number] = [-1, -1, Infinity];
      allFeasibleSchedules(problem, (assignments) => {
        const booked = assignments.length;
        const fast = assignments.filter(
          (a) => problem.candidates.find((c) => c.id === a.candidateId)!.fastTrack,
        ).length;
        if (booked < best[0] || (booked === best[0] && fast < best[1])) return;
        const { cost } = objective(assignments);
        if (booked > best[0] || fast > best[1] || cost < best[2]) best = [booked, fast, cost];
      });
      const result = assignInterviews(problem);
      const got = scheduleObjective(problem, result.assignments);
      expect([got.booked, got.fastTrackBooked, got.cost]).toEqual(best);
      expect(hopcroftKarpMaximum(problem)).toBe(best[0]);
      expectSound(problem, result);
    },
  );
});

describe('pickBestSlot', () => {
  const full = [win('09:00', '12:00'), win('09:00', '12:00', 1)];

  it('takes the earliest usable slot, the less loaded interviewer on a tie', () => {
    const pick = pickBestSlot(
      candidate({ id: 'ana', availability: [win('10:00', '12:00')] }),
      [
        interviewer({ id: 'xu', windows: full, existing: [win('11:00', '12:00', 1)] }),
        interviewer({ id: 'yang', windows: full }),
      ],
      { timezone: zone },
    );
    expect(pick).toEqual({
      ok: true,
      assignment: {
        candidateId: 'ana',
        interviewerId: 'yang',
        slot: expect.objectContaining({ startsAt: at('10:00') }),
      },
    });
  });

  it('keeps the preferred interviewer on a reschedule when they have a free slot, never overlapping the held one', () => {
    const held = win('09:00', '10:00');
    const interviewers = [
      interviewer({ id: 'xu', windows: full }),
      interviewer({ id: 'yang', windows: full, existing: [held, win('10:00', '11:00')] }),
    ];
    const ana = candidate({ id: 'ana', existing: [held] });
    const pick = pickBestSlot(ana, interviewers, { timezone: zone, preferInterviewerId: 'yang' });
    expect(pick.ok && pick.assignment.interviewerId).toBe('yang');
    expect(pick.ok && pick.assignment.slot.startsAt).toEqual(at('11:00'));

    // Once yang is full, the earliest slot of anyone else that does not overlap the held interview.
    const busy = [
      interviewers[0],
      {
        ...interviewers[1],
        dailyCapacity: 2,
        existing: [held, win('10:00', '11:00'), win('09:00', '10:00', 1), win('10:00', '11:00', 1)],
      },
    ];
    const fallback = pickBestSlot(ana, busy, { timezone: zone, preferInterviewerId: 'yang' });
    expect(fallback.ok && [fallback.assignment.interviewerId, fallback.assignment.slot.startsAt]).toEqual([
      'xu',
      at('10:00'),
    ]);
  });

  it('skips slots in the past and slots a concurrent booking just won', () => {
    const interviewers = [interviewer({ id: 'xu', windows: full })];
    const ana = candidate({ id: 'ana' });
    const later = pickBestSlot(ana, interviewers, { timezone: zone, notBefore: at('09:30') });
    expect(later.ok && later.assignment.slot.startsAt).toEqual(at('10:00'));
    const retried = pickBestSlot(ana, interviewers, {
      timezone: zone,
      notBefore: at('09:30'),
      excluded: [{ interviewerId: 'xu', startsAt: at('10:00') }],
    });
    expect(retried.ok && retried.assignment.slot.startsAt).toEqual(at('11:00'));
  });

  it('says why when there is nothing to book', () => {
    const interviewers = [interviewer({ id: 'xu', dailyCapacity: 1, existing: [win('08:00', '08:30')] })];
    expect(
      pickBestSlot(candidate({ id: 'a', specialties: ['ml'] }), interviewers, { timezone: zone }),
    ).toEqual({
      ok: false,
      reason: 'no_shared_specialty',
    });
    expect(
      pickBestSlot(candidate({ id: 'b', availability: [win('14:00', '16:00')] }), interviewers, {
        timezone: zone,
      }),
    ).toEqual({
      ok: false,
      reason: 'no_overlapping_availability',
    });
    expect(pickBestSlot(candidate({ id: 'c' }), interviewers, { timezone: zone })).toEqual({
      ok: false,
      reason: 'daily_limit_reached',
    });
    // Slots exist only in the past: as if the interviewer never offered them.
    expect(
      pickBestSlot(candidate({ id: 'd' }), [interviewer({ id: 'yang' })], {
        timezone: zone,
        notBefore: at('13:00'),
      }),
    ).toEqual({ ok: false, reason: 'no_overlapping_availability' });
  });
});
