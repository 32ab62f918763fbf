import { cutSlots } from './slots';
import type { AssignmentInput, TimeWindow } from './scheduling.types';
import { checkSchedule } from './verify';

const win = (from: string, to: string): TimeWindow => ({
  startsAt: new Date(`2025-03-10T${from}:00Z`),
  endsAt: new Date(`2025-03-10T${to}:00Z`),
});

describe('checkSchedule', () => {
  const slots = cutSlots([win('09:00', '12:00')], 60, 0, 'UTC');
  const problem: AssignmentInput = {
    timezone: 'UTC',
    candidates: ['a', 'b', 'c'].map((id) => ({
      id,
      specialties: ['backend'],
      fastTrack: false,
      registeredAt: new Date(0),
      availability: id === 'c' ? [win('11:00', '12:00')] : null,
      businessUnitId: 'unit',
    })),
    interviewers: [
      {
        id: 'xu',
        specialties: ['backend'],
        businessUnitIds: ['unit'],
        slots,
        dailyCapacity: 3,
        existing: [win('11:30', '12:30')],
      },
      { id: 'yang', specialties: ['ml'], businessUnitIds: ['unit'], slots, dailyCapacity: 5, existing: [] },
    ],
  };
  const book = (candidateId: string, interviewerId: string, k: number) => ({
    candidateId,
    interviewerId,
    slot: slots[k],
  });

  it('accepts a valid schedule', () => {
    const check = checkSchedule(problem, [book('a', 'xu', 0), book('b', 'xu', 1)]);
    expect(check.problems).toEqual([]);
  });

  it('reports every broken rule', () => {
    const check = checkSchedule(problem, [
      book('a', 'xu', 0),
      book('b', 'xu', 0),
      book('c', 'xu', 2),
      book('a', 'yang', 1),
    ]);
    expect(check).toEqual(
      expect.objectContaining({
        overlaps: 2, // xu at 09:00 twice, xu at 11:00 over the existing 11:30
        duplicates: 2, // the slot xu 09:00, candidate a
        overDailyLimit: 1,
        incompatible: 1, // yang does not share a specialty
        outsideAvailability: 0,
      }),
    );
    expect(checkSchedule(problem, [book('c', 'yang', 0)])).toEqual(
      expect.objectContaining({ outsideAvailability: 1, incompatible: 1 }),
    );
  });
});
