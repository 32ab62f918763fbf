import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  setPipeline,
  waitFor,
} from '@hirefair/testing';

const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const EVERYONE_FAST = {
  rules: [{ name: 'everyone', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }],
};

type Interview = {
  id: string;
  registrationId: string;
  interviewerId: string;
  startsAt: string;
  endsAt: string;
  status: string;
  version: number;
  sequence: number;
  conflict: boolean;
};

describe('the booking pass (candidates advanced one by one)', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let recruiter: string;
  let unit: { id: string };
  let reviewer: { token: string };
  /** 09:00 in Shanghai three days from now: every booking here may move (> 24 h away). */
  const day = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 3 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = (hours: number, minutes = 0) => day.plus({ hours, minutes }).toJSDate();
  const window = (from: Date, minutes: number) => ({
    startsAt: from.toISOString(),
    endsAt: new Date(from.getTime() + minutes * MINUTE).toISOString(),
  });

  beforeAll(async () => {
    t = await createTestApp({
      PUBLIC_RATE_LIMIT: '100000',
      BOOKING_SETTLE_MS: '100',
      BOOKING_MAX_WAIT_MS: '1000',
    });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    unit = await org.unit({ specialties: ['nlp', 'computer_vision'], dailyInterviewCapacity: 10 });
    reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
  });
  afterAll(() => t.close());

  const newEvent = async (overrides: Record<string, unknown> = {}) => {
    const event = await createEvent(t.http, org, {
      businessUnitIds: [unit.id],
      interviewMinutes: 45,
      bufferMinutes: 15,
      timezone: ZONE,
      ...overrides,
    });
    await setPipeline(t.http, recruiter, event.id, EVERYONE_FAST, {
      strategy: 'least_loaded',
      rules: [
        { specialty: 'nlp', businessUnitId: unit.id, weight: 1 },
        { specialty: 'computer_vision', businessUnitId: unit.id, weight: 1 },
      ],
    });
    return event;
  };
  const interviewer = (specialties: string[]) =>
    org.user(['interviewer'], { businessUnitIds: [unit.id], specialties });
  const setAvailability = (eventId: string, token: string, slots: { startsAt: string; endsAt: string }[]) =>
    t.http.put(`/api/v1/events/${eventId}/availability`).set(bearer(token)).send({ slots }).expect(200);
  const stageOf = async (id: string): Promise<string> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body.stage;
  /** Waits until the passes the event is owed have run (the request row goes when a pass served it). */
  const settled = (eventId: string) =>
    waitFor(
      async () =>
        ((await db.query(`SELECT 1 FROM booking_pass_requests WHERE event_id = $1`, [eventId])) as unknown[])
          .length === 0,
      { what: 'the booking pass' },
    );
  const advance = async (
    event: { id: string; slug: string },
    overrides: Record<string, unknown> = {},
    availability?: { startsAt: string; endsAt: string }[],
  ) => {
    const res = await t.http
      .post(registrationsPath(event.slug))
      .send(registrationBody(overrides))
      .expect(201);
    const id: string = res.body.registrationId;
    if (availability)
      await t.http
        .put('/api/v1/candidate/availability')
        .set(bearer(res.body.candidateToken))
        .send({ slots: availability })
        .expect(200);
    await waitFor(async () => (await stageOf(id)) === 'routed', { what: `${id} routed` });
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(reviewer.token))
      .send({ decision: 'advance' })
      .expect(200);
    await settled(event.id);
    return { id, token: res.body.candidateToken as string };
  };
  const interviewsOf = async (eventId: string): Promise<Interview[]> =>
    (await t.http.get(`/api/v1/events/${eventId}/interviews`).set(bearer(recruiter)).expect(200)).body.items;
  const activeOf = async (eventId: string, registrationId: string) =>
    (await interviewsOf(eventId)).find(
      (i) => i.registrationId === registrationId && ['scheduled', 'confirmed'].includes(i.status),
    );
  const timelineOf = async (id: string) =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body.timeline as {
      field: string;
      reason: string;
    }[];
  const updatedMails = (registrationId: string) =>
    db.query(
      `SELECT attachments FROM mail_messages WHERE subject_id = $1 AND template = 'interview.updated'`,
      [registrationId],
    ) as Promise<{ attachments: { content: string }[] }[]>;

  it('books all three where only a maximum matching can, moving one booking once, with a timeline row and an updated .ics', async () => {
    const event = await newEvent();
    // X (nlp + computer vision) and Y (nlp) offer 09:00; Z (nlp) 11:00. Two nlp candidates, then one
    // computer-vision candidate, who only X can interview.
    const x = await interviewer(['nlp', 'computer_vision']);
    const y = await interviewer(['nlp']);
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, x.token, [window(at(0), 45)]);
    await setAvailability(event.id, y.token, [window(at(0), 45)]);
    await setAvailability(event.id, z.token, [window(at(2), 45)]);
    await settled(event.id);

    const a1 = await advance(event, { specialties: ['nlp'] });
    const a2 = await advance(event, { specialties: ['nlp'] });
    // The earliest slots went first (fast track): X's 09:00 is held by an nlp candidate.
    const onX = (await interviewsOf(event.id)).find((i) => i.interviewerId === x.id) as Interview;
    expect(onX).toBeDefined();
    expect([a1.id, a2.id]).toContain(onX.registrationId);

    const b = await advance(event, { specialties: ['computer_vision'] });
    const interviews = (await interviewsOf(event.id)).filter((i) => i.status === 'scheduled');
    expect(interviews).toHaveLength(3);
    expect(await activeOf(event.id, b.id)).toMatchObject({
      interviewerId: x.id,
      startsAt: at(0).toISOString(),
    });
    const moved = (await activeOf(event.id, onX.registrationId)) as Interview;
    expect(moved).toMatchObject({
      id: onX.id,
      interviewerId: z.id,
      startsAt: at(2).toISOString(),
      sequence: 1,
    });
    for (const id of [a1.id, a2.id, b.id]) expect(await stageOf(id)).toBe('interview_scheduled');

    const moves = (await timelineOf(onX.registrationId)).filter((e) => e.field === 'interview');
    expect(moves).toEqual([expect.objectContaining({ reason: expect.stringMatching(/more candidates/) })]);
    const mails = await waitFor(async () => {
      const m = await updatedMails(onX.registrationId);
      return m.length > 0 ? m : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0].attachments[0].content).toContain(`UID:${onX.id}@hirefair`);
    expect(mails[0].attachments[0].content).toContain('SEQUENCE:1');
    // The other nlp candidate did not move.
    const other = [a1.id, a2.id].find((id) => id !== onX.registrationId) as string;
    expect((await timelineOf(other)).filter((e) => e.field === 'interview')).toEqual([]);

    // Nothing moves twice: Y opens 13:00, and a newcomer can come only at Z's 11:00. Moving the
    // booking there again would book one more, but it has moved once: it stays, the newcomer waits.
    await setAvailability(event.id, y.token, [window(at(0), 45), window(at(4), 45)]);
    await settled(event.id);
    const d = await advance(event, { specialties: ['nlp'] }, [window(at(2), 45)]);
    expect(await activeOf(event.id, d.id)).toBeUndefined();
    expect(await activeOf(event.id, onX.registrationId)).toMatchObject({
      id: onX.id,
      interviewerId: z.id,
      sequence: 1,
    });
    expect((await timelineOf(onX.registrationId)).filter((e) => e.field === 'interview')).toHaveLength(1);
  });

  it('a candidate who narrows their availability after being booked ends inside it; a confirmed booking is flagged, never moved', async () => {
    const event = await newEvent();
    const x = await interviewer(['nlp']);
    await setAvailability(event.id, x.token, [window(at(0), 240)]);
    // The windows read back: the interviewer their own, a recruiter anyone's.
    const own = await t.http.get(`/api/v1/events/${event.id}/availability`).set(bearer(x.token)).expect(200);
    expect(own.body).toEqual({ interviewerId: x.id, slots: [window(at(0), 240)] });
    const read = await t.http
      .get(`/api/v1/events/${event.id}/availability?interviewerId=${x.id}`)
      .set(bearer(recruiter))
      .expect(200);
    expect(read.body).toEqual(own.body);
    const a = await advance(event, { specialties: ['nlp'] });
    const first = (await activeOf(event.id, a.id)) as Interview;
    expect(first.startsAt).toBe(at(0).toISOString());

    await t.http
      .put('/api/v1/candidate/availability')
      .set(bearer(a.token))
      .send({ slots: [window(at(2), 60)] })
      .expect(200);
    await settled(event.id);
    const after = (await activeOf(event.id, a.id)) as Interview;
    expect(after).toMatchObject({
      id: first.id,
      startsAt: at(2).toISOString(),
      sequence: 1,
      conflict: false,
    });
    const [move] = (await timelineOf(a.id)).filter((e) => e.field === 'interview');
    expect(move.reason).toMatch(/no longer fits/);

    const b = await advance(event, { specialties: ['nlp'] });
    const booked = (await activeOf(event.id, b.id)) as Interview;
    await t.http.post('/api/v1/candidate/interview/confirm').set(bearer(b.token)).expect(200);
    const outside = new Date(booked.startsAt).getTime() === at(0).getTime() ? at(1) : at(0);
    await t.http
      .put('/api/v1/candidate/availability')
      .set(bearer(b.token))
      .send({ slots: [window(outside, 60)] })
      .expect(200);
    await settled(event.id);
    expect(await activeOf(event.id, b.id)).toMatchObject({
      id: booked.id,
      startsAt: booked.startsAt,
      status: 'confirmed',
      sequence: 0,
      conflict: true,
    });
    const report = await t.http.get(`/api/v1/events/${event.id}/report`).set(bearer(recruiter)).expect(200);
    expect(report.body.bookingPool).toMatchObject({ waiting: 0, flaggedInterviews: 1 });
  });

  it('never moves an interview starting within 24 hours; the newcomer stays pooled with the reason', async () => {
    const soon = DateTime.now().setZone(ZONE).plus({ hours: 3 }).startOf('hour').toJSDate();
    const event = await newEvent();
    const x = await interviewer(['nlp', 'computer_vision']);
    const y = await interviewer(['nlp']);
    await setAvailability(event.id, x.token, [window(soon, 45)]);
    const a = await advance(event, { specialties: ['nlp'] });
    expect(await activeOf(event.id, a.id)).toMatchObject({ interviewerId: x.id });
    await setAvailability(event.id, y.token, [window(at(0), 45)]);
    await settled(event.id);
    const b = await advance(event, { specialties: ['computer_vision'] });
    expect(await activeOf(event.id, a.id)).toMatchObject({ interviewerId: x.id, sequence: 0 });
    expect(await activeOf(event.id, b.id)).toBeUndefined();
    const [pooled] = await db.query(`SELECT reason FROM interview_booking_pool WHERE registration_id = $1`, [
      b.id,
    ]);
    expect(pooled).toEqual({ reason: 'slots_taken' });
    // Staff see who waits, since when and why: the listing, the registration and the report.
    const listed = await t.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(bearer(recruiter))
      .expect(200);
    const row = (listed.body.items as { id: string; bookingWait: unknown }[]).find((r) => r.id === b.id);
    expect(row?.bookingWait).toEqual({ waitingSince: expect.any(String), reason: 'slots_taken' });
    const single = await t.http.get(`/api/v1/registrations/${a.id}`).set(bearer(recruiter)).expect(200);
    expect(single.body.bookingWait).toBeNull();
    const report = await t.http.get(`/api/v1/events/${event.id}/report`).set(bearer(recruiter)).expect(200);
    expect(report.body.bookingPool).toEqual({
      waiting: 1,
      oldestWaitingSince: expect.any(String),
      flaggedInterviews: 0,
    });
  });

  it('with autoSchedule off, advancing books nothing: only a run does', async () => {
    const event = await newEvent({ autoSchedule: false });
    const x = await interviewer(['nlp']);
    await setAvailability(event.id, x.token, [window(at(0), 45)]);
    const a = await advance(event, { specialties: ['nlp'] });
    expect(await stageOf(a.id)).toBe('advanced');
    const run = await t.http
      .post(`/api/v1/events/${event.id}/scheduling-runs`)
      .set(bearer(recruiter))
      .expect(202);
    const done = await waitFor(async () => {
      const r = await t.http.get(`/api/v1/scheduling-runs/${run.body.id}`).set(bearer(recruiter)).expect(200);
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(done).toMatchObject({ scheduled: 1, progress: { considered: 1, booked: 1 } });
    expect(await stageOf(a.id)).toBe('interview_scheduled');
  });

  describe('candidates choosing their new time', () => {
    const options = async (token: string) =>
      (await t.http.get('/api/v1/candidate/interview/options').set(bearer(token)).expect(200)).body.items as {
        startsAt: string;
        endsAt: string;
        interviewerId: string;
        sameInterviewer: boolean;
      }[];
    const pick = (token: string, startsAt: string) =>
      t.http.post('/api/v1/candidate/interview/reschedule').set(bearer(token)).send({ startsAt });

    it('lists free slots that fit, the same interviewer first, and takes one: the old slot freed after the new one is held', async () => {
      const event = await newEvent();
      const x = await interviewer(['nlp']);
      const y = await interviewer(['nlp']);
      await setAvailability(event.id, x.token, [window(at(0), 180)]);
      await setAvailability(event.id, y.token, [window(at(0), 60)]);
      const a = await advance(event, { specialties: ['nlp'] });
      const first = (await activeOf(event.id, a.id)) as Interview;
      const items = await options(a.token);
      const mine = first.interviewerId === x.id ? x.id : y.id;
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThanOrEqual(20);
      const firstOther = items.findIndex((o) => !o.sameInterviewer);
      expect(
        items.slice(0, firstOther < 0 ? items.length : firstOther).every((o) => o.interviewerId === mine),
      ).toBe(true);
      expect(
        items.some((o) => o.startsAt === first.startsAt && o.interviewerId === first.interviewerId),
      ).toBe(false);

      const choice = items[0];
      const taken = await pick(a.token, choice.startsAt).expect(200);
      expect(taken.body).toMatchObject({ startsAt: choice.startsAt, status: 'scheduled', sequence: 1 });
      const [old] = await db.query(`SELECT status, replaced_by_id FROM interviews WHERE id = $1`, [first.id]);
      expect(old).toEqual({ status: 'cancelled', replaced_by_id: taken.body.id });
      expect(await activeOf(event.id, a.id)).toMatchObject({ id: taken.body.id, startsAt: choice.startsAt });
    });

    it('two candidates racing for one slot: one gets it, the other 409 SLOT_TAKEN; a time outside the windows is refused with 400', async () => {
      const event = await newEvent();
      const x = await interviewer(['nlp']);
      // Four slots (09:00 to 12:00); three candidates take the first three, 12:00 stays free.
      await setAvailability(event.id, x.token, [window(at(0), 240)]);
      const a = await advance(event, { specialties: ['nlp'] }, [window(at(0), 120)]);
      const b = await advance(event, { specialties: ['nlp'] }, [window(at(0), 240)]);
      const c = await advance(event, { specialties: ['nlp'] }, [window(at(0), 240)]);
      const free = at(3).toISOString();
      expect((await options(b.token)).map((o) => o.startsAt)).toContain(free);
      expect((await options(c.token)).map((o) => o.startsAt)).toContain(free);
      // a's windows end at 11:00: 12:00 is not theirs to take.
      const outside = await pick(a.token, free).expect(400);
      expect(outside.body.code).toBe('VALIDATION_FAILED');

      const [fromB, fromC] = await Promise.all([pick(b.token, free), pick(c.token, free)]);
      expect([fromB.status, fromC.status].sort()).toEqual([200, 409]);
      const loser = fromB.status === 409 ? fromB : fromC;
      expect(loser.body.code).toBe('SLOT_TAKEN');
      const holders = (await interviewsOf(event.id)).filter(
        (i) => i.startsAt === free && ['scheduled', 'confirmed'].includes(i.status),
      );
      expect(holders).toHaveLength(1);
    });
  });
});
