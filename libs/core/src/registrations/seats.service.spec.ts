import { ServiceModule, serviceSpec, serviceEvent, serviceRegistration } from '@hirefair/testing';
import { StaffActor } from '../common/actor';
import { SeatsService } from './seats.service';

/** The seat counter on the real database, without HTTP: seats go to the waitlist strictly by arrival. */
describe('SeatsService', () => {
  let s: ServiceModule;
  let seats: SeatsService;
  let admin: StaffActor;

  const spec = serviceSpec();
  beforeAll(async () => {
    ({ s, admin } = spec);
    seats = s.get(SeatsService);
  });

  const statuses = async (ids: string[]): Promise<string[]> => {
    const rows: { id: string; status: string }[] = await s.db.query(
      `SELECT id, status FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return ids.map((id) => rows.find((r) => r.id === id)?.status as string);
  };
  const counter = async (eventId: string) =>
    (await s.db.query(`SELECT capacity, registered FROM event_seats WHERE event_id = $1`, [eventId]))[0];

  /** An event of `capacity` seats with `count` registrations, in arrival order. */
  const fair = async (capacity: number, count: number) => {
    const event = await serviceEvent(s, admin, { capacity });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await serviceRegistration(s, event.slug)).registrationId);
    return { eventId: event.id, ids };
  };

  it('hands a released seat to the first waitlisted, else frees it', async () => {
    const { eventId, ids } = await fair(1, 3);
    expect(await statuses(ids)).toEqual(['registered', 'waitlisted', 'waitlisted']);
    // The seat holder leaves (the caller marks them withdrawn in the same transaction).
    const promoted = await s.db.transaction(async (m) => {
      await m.query(`UPDATE registrations SET status = 'withdrawn' WHERE id = $1`, [ids[0]]);
      return seats.release(m, eventId);
    });
    expect(promoted).toBe(ids[1]);
    expect(await statuses(ids)).toEqual(['withdrawn', 'registered', 'waitlisted']);
    expect(await counter(eventId)).toEqual({ capacity: 1, registered: 1 });

    const {
      eventId: roomy,
      ids: [only],
    } = await fair(2, 1);
    const none = await s.db.transaction(async (m) => {
      await m.query(`UPDATE registrations SET status = 'withdrawn' WHERE id = $1`, [only]);
      return seats.release(m, roomy);
    });
    expect(none).toBeNull();
    expect(await counter(roomy)).toEqual({ capacity: 2, registered: 0 });
  });

  it('promotes by arrival when the capacity grows, and never goes below the seats taken', async () => {
    const { eventId, ids } = await fair(2, 5);
    expect(await statuses(ids)).toEqual([
      'registered',
      'registered',
      'waitlisted',
      'waitlisted',
      'waitlisted',
    ]);

    await expect(s.db.transaction((m) => seats.resize(m, eventId, 1))).rejects.toMatchObject({
      code: 'CAPACITY_BELOW_REGISTERED',
    });
    expect(await counter(eventId)).toEqual({ capacity: 2, registered: 2 });

    const promoted = await s.db.transaction((m) => seats.resize(m, eventId, 4));
    expect(promoted.sort()).toEqual([ids[2], ids[3]].sort());
    expect(await statuses(ids)).toEqual([
      'registered',
      'registered',
      'registered',
      'registered',
      'waitlisted',
    ]);
    expect(await counter(eventId)).toEqual({ capacity: 4, registered: 4 });

    // More seats than people waiting: everyone is seated, the rest stay free.
    const rest = await s.db.transaction((m) => seats.resize(m, eventId, 10));
    expect(rest).toEqual([ids[4]]);
    expect(await counter(eventId)).toEqual({ capacity: 10, registered: 5 });
    // Shrinking to the seats taken is allowed and promotes nobody.
    expect(await s.db.transaction((m) => seats.resize(m, eventId, 5))).toEqual([]);
    expect(await counter(eventId)).toEqual({ capacity: 5, registered: 5 });
  });
});
