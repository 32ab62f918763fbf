import { registrationEvents } from './webhook-events';

describe('registration webhook events, derived from timeline changes', () => {
  const reg = {
    id: 'r1',
    organizationId: 'o1',
    eventId: 'e1',
    status: 'registered' as never,
    businessUnitId: null,
  };
  const types = (changes: { field: string; from: string | null; to: string | null }[]) =>
    registrationEvents(reg, changes).map((e) => e.type);

  it('the first lane is the creation (and the fast track when waived)', () => {
    expect(types([{ field: 'lane', from: null, to: 'standard' }])).toEqual(['registration.created']);
    expect(types([{ field: 'lane', from: null, to: 'fast_track' }])).toEqual([
      'registration.created',
      'registration.fast_tracked',
    ]);
    expect(types([{ field: 'lane', from: 'standard', to: 'fast_track' }])).toEqual([
      'registration.fast_tracked',
    ]);
    expect(types([{ field: 'lane', from: 'fast_track', to: 'standard' }])).toEqual([]);
  });

  it('routing carries the unit of the same write; decisions exclude a cancelled interview', () => {
    const [routed] = registrationEvents(reg, [
      { field: 'stage', from: 'intake', to: 'routed' },
      { field: 'business_unit', from: null, to: 'u1' },
    ]);
    expect(routed).toEqual({
      type: 'registration.routed',
      data: { registrationId: 'r1', eventId: 'e1', from: 'intake', to: 'routed', businessUnitId: 'u1' },
    });
    expect(types([{ field: 'stage', from: 'routed', to: 'advanced' }])).toEqual(['registration.decided']);
    expect(types([{ field: 'stage', from: 'routed', to: 'on_hold' }])).toEqual(['registration.decided']);
    expect(types([{ field: 'stage', from: 'interviewed', to: 'rejected' }])).toEqual([
      'registration.decided',
    ]);
    expect(types([{ field: 'stage', from: 'interview_scheduled', to: 'advanced' }])).toEqual([]);
    expect(types([{ field: 'status', from: 'waitlisted', to: 'registered' }])).toEqual([]);
    expect(types([{ field: 'stage', from: 'intake', to: 'test_required' }])).toEqual([]);
  });
});
