import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import {
  InterviewBookingService,
  InterviewCancellationService,
  InterviewMailService,
  Registration,
  RegistrationsService,
  SYSTEM_ACTOR,
  SchedulingCandidate,
  SchedulingInterviewer,
  assignInterviews,
  cutSlots,
  greedyBaseline,
} from '@hirefair/core';
import { QueueName, reminderJobId, rescheduleJobId } from '@hirefair/queue';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  setPipeline,
  registrationBody,
  registrationsPath,
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
  replacesId: string | null;
  replacedById: string | null;
  createdAt: string;
};

describe('interview scheduling', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: Queue;
  let org: TestOrganization;
  let recruiter: string;
  let unit: { id: string };
  let reviewer: { token: string };
  /** 09:00 in Shanghai, three days from now: every slot of these tests lies in the future. */
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
    queue = t.app.get(getQueueToken(QueueName.InterviewScheduling));
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    unit = await org.unit({
      specialties: ['nlp', 'computer_vision'],
      dailyInterviewCapacity: 4,
      scorecard: [{ criterion: 'research', description: 'Research depth' }],
    });
    reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
  });
  afterAll(() => t.close());

  const newEvent = async (overrides: Record<string, unknown> = {}) => {
    const event = await createEvent(t.http, org, {
      ...overrides,
      businessUnitIds: [unit.id],
      interviewMinutes: 45,
      bufferMinutes: 15,
      timezone: ZONE,
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
  /** Registers, waits for routing, advances; with `settle`, waits until the owed booking job ran. */
  const advance = async (
    slug: string,
    overrides: Record<string, unknown> = {},
    {
      settle = true,
      availability,
    }: { settle?: boolean; availability?: { startsAt: string; endsAt: string }[] } = {},
  ) => {
    const res = await t.http.post(registrationsPath(slug)).send(registrationBody(overrides)).expect(201);
    const id: string = res.body.registrationId;
    const token: string = res.body.candidateToken;
    if (availability)
      await t.http
        .put('/api/v1/candidate/availability')
        .set(bearer(token))
        .send({ slots: availability })
        .expect(200);
    await waitFor(async () => (await stageOf(id)) === 'routed', { what: `${id} routed` });
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(reviewer.token))
      .send({ decision: 'advance' })
      .expect(200);
    if (settle)
      await waitFor(
        async () =>
          (
            (await db.query(
              `SELECT 1 FROM booking_pass_requests q JOIN registrations r ON r.event_id = q.event_id WHERE r.id = $1`,
              [id],
            )) as unknown[]
          ).length === 0,
        { what: `the booking pass owed by ${id}` },
      );
    return { id, token };
  };
  const candidateView = async (token: string) =>
    (await t.http.get('/api/v1/candidate/registration').set(bearer(token)).expect(200)).body;
  const runToCompletion = async (eventId: string) => {
    const started = await t.http
      .post(`/api/v1/events/${eventId}/scheduling-runs`)
      .set(bearer(recruiter))
      .expect(202);
    expect(started.body).toMatchObject({ id: expect.any(String), status: 'queued' });
    return waitFor(
      async () => {
        const run = await t.http
          .get(`/api/v1/scheduling-runs/${started.body.id}`)
          .set(bearer(recruiter))
          .expect(200);
        return run.body.status === 'completed' ? run.body : undefined;
      },
      { what: 'the scheduling run' },
    );
  };
  const mailsOf = (subjectId: string, template: string) =>
    db.query(
      `SELECT to_address, attachments FROM mail_messages WHERE subject_id = $1 AND template = $2 ORDER BY created_at`,
      [subjectId, template],
    ) as Promise<{ to_address: string; attachments: { content: string; contentType: string }[] }[]>;

  it('a run books the maximum where first-come greedy would not, and says why the rest stay unscheduled', async () => {
    // Only runs book on this event (the booking pass would have booked as the windows came).
    const event = await newEvent({ autoSchedule: false });
    // A (nlp) registers first; B (computer vision) only fits X. Greedy gives A the earliest slot (X's).
    const a = await advance(event.slug, { specialties: ['nlp'] });
    const b = await advance(event.slug, { specialties: ['computer_vision'] });
    const c = await advance(event.slug, { specialties: ['nlp'] }, { availability: [window(at(30), 60)] });
    expect(await stageOf(a.id)).toBe('advanced');
    // The candidate's own view shows the windows they gave (the status page fills its form from it).
    expect((await candidateView(c.token)).availability).toEqual([
      { startsAt: window(at(30), 60).startsAt, endsAt: window(at(30), 60).endsAt },
    ]);
    const x = await interviewer(['nlp', 'computer_vision']);
    const y = await interviewer(['nlp']);
    await setAvailability(event.id, x.token, [window(at(0), 45)]);
    await setAvailability(event.id, y.token, [window(at(2), 45)]);

    const pure = (id: string, specialties: string[], registeredAt: number): SchedulingCandidate => ({
      id,
      specialties,
      fastTrack: true,
      registeredAt: new Date(registeredAt),
      availability: null,
      businessUnitId: unit.id,
    });
    const offer = (id: string, specialties: string[], from: Date): SchedulingInterviewer => ({
      id,
      specialties,
      businessUnitIds: [unit.id],
      slots: cutSlots([{ startsAt: from, endsAt: new Date(from.getTime() + 45 * MINUTE) }], 45, 15, ZONE),
      dailyCapacity: 4,
      existing: [],
    });
    const instance = {
      timezone: ZONE,
      candidates: [pure(a.id, ['nlp'], 1), pure(b.id, ['computer_vision'], 2)],
      interviewers: [offer(x.id, ['nlp', 'computer_vision'], at(0)), offer(y.id, ['nlp'], at(2))],
    };
    expect(greedyBaseline(instance).assignments).toHaveLength(1);
    expect(assignInterviews(instance).assignments).toHaveLength(2);

    const run = await runToCompletion(event.id);
    expect(run.scheduled).toBe(2);
    expect(run.unscheduled).toEqual([{ registrationId: c.id, reason: 'no_overlapping_availability' }]);
    const list = await t.http.get(`/api/v1/events/${event.id}/interviews`).set(bearer(recruiter)).expect(200);
    const byRegistration = new Map((list.body.items as Interview[]).map((i) => [i.registrationId, i]));
    expect(byRegistration.get(a.id)).toMatchObject({ interviewerId: y.id, startsAt: at(2).toISOString() });
    expect(byRegistration.get(b.id)).toMatchObject({ interviewerId: x.id, startsAt: at(0).toISOString() });
    expect(await stageOf(a.id)).toBe('interview_scheduled');
    // Y sees their own interview only; X's is not found for Y.
    const mine = await t.http.get(`/api/v1/events/${event.id}/interviews`).set(bearer(y.token)).expect(200);
    expect((mine.body.items as Interview[]).map((i) => i.registrationId)).toEqual([a.id]);
    const theirs = await t.http
      .get(`/api/v1/interviews/${byRegistration.get(b.id)?.id}`)
      .set(bearer(y.token));
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('INTERVIEW_NOT_FOUND');
    // Another organization learns nothing either.
    const other = await createOrganization(t.http);
    await t.http
      .get(`/api/v1/interviews/${byRegistration.get(b.id)?.id}`)
      .set(bearer(other.adminToken))
      .expect(404);
    await t.http.get(`/api/v1/scheduling-runs/${run.id}`).set(bearer(other.adminToken)).expect(404);
  });

  it('advancing books the interview, invites with an .ics, reminds; confirm, reschedule, feedback, offer', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    const w = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 120)]);
    const c = await advance(
      event.slug,
      { specialties: ['nlp'], email: `zh-${Date.now()}@example.com` },
      { settle: false },
    );
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const first: Interview = (await candidateView(c.token)).interview;
    expect(first).toMatchObject({
      interviewerId: z.id,
      status: 'scheduled',
      version: 0,
      startsAt: at(0).toISOString(),
    });
    expect((await candidateView(c.token)).nextStep).toMatch(/confirm/);

    const invitations = await waitFor(async () => {
      const m = await mailsOf(c.id, 'interview.invitation');
      return m.length > 0 ? m : undefined;
    });
    const ics = invitations[0].attachments[0].content;
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${first.id}@hirefair`);
    expect(ics).toContain('SEQUENCE:0');
    expect(await mailsOf(c.id, 'interview.invitation.interviewer')).toHaveLength(1);
    const oldReminders = [24, 1].map((h) => reminderJobId(first.id, 0, h));
    await waitFor(
      async () => (await Promise.all(oldReminders.map((id) => queue.getJob(id)))).every(Boolean),
      {
        what: 'the reminders',
      },
    );

    const confirmed = await t.http
      .post('/api/v1/candidate/interview/confirm')
      .set(bearer(c.token))
      .expect(200);
    expect(confirmed.body).toMatchObject({ id: first.id, status: 'confirmed' });

    await t.http
      .post('/api/v1/candidate/interview/reschedule')
      .set(bearer(c.token))
      .send({ reason: 'a conflicting exam' })
      .expect(200);
    const second: Interview = await waitFor(async () => {
      const i = (await candidateView(c.token)).interview as Interview;
      return i.id !== first.id ? i : undefined;
    });
    // Same interviewer, next free slot, the calendar entry updated in place.
    expect(second).toMatchObject({
      interviewerId: z.id,
      status: 'scheduled',
      version: 1,
      replacesId: first.id,
    });
    expect(second.startsAt).toBe(at(1).toISOString());
    const [old] = await db.query(`SELECT status, replaced_by_id, ended_at FROM interviews WHERE id = $1`, [
      first.id,
    ]);
    expect(old).toMatchObject({ status: 'cancelled', replaced_by_id: second.id });
    expect(new Date(second.createdAt).getTime()).toBeLessThanOrEqual(new Date(old.ended_at).getTime());
    expect(await stageOf(c.id)).toBe('interview_scheduled');
    const updated = await waitFor(async () => {
      const m = await mailsOf(c.id, 'interview.updated');
      return m.length > 0 ? m : undefined;
    });
    expect(updated[0].attachments[0].content).toContain(`UID:${first.id}@hirefair`);
    expect(updated[0].attachments[0].content).toContain('SEQUENCE:1');
    await waitFor(
      async () => (await Promise.all(oldReminders.map((id) => queue.getJob(id)))).every((j) => !j),
      {
        what: 'the old reminders to go',
      },
    );
    expect(await queue.getJob(reminderJobId(second.id, 1, 24))).toBeDefined();
    // Any old reminder still around would find its version gone.
    const mail = t.app.get(InterviewMailService);
    expect(await mail.remind({ interviewId: first.id, version: 0, hoursBefore: 24 })).toBe('stale');
    expect(await mail.remind({ interviewId: second.id, version: 1, hoursBefore: 1 })).toBe('sent');

    // Only the interviewer records feedback; another interviewer does not even see the interview.
    await t.http.get(`/api/v1/interviews/${second.id}`).set(bearer(w.token)).expect(404);
    await t.http
      .post(`/api/v1/interviews/${second.id}/feedback`)
      .set(bearer(w.token))
      .send({ recommendation: 'yes' })
      .expect(404);
    const bad = await t.http
      .post(`/api/v1/interviews/${second.id}/feedback`)
      .set(bearer(z.token))
      .send({ recommendation: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http
      .post(`/api/v1/registrations/${c.id}/outcome`)
      .set(bearer(recruiter))
      .send({ outcome: 'offer' })
      .expect(409);
    const feedback = await t.http
      .post(`/api/v1/interviews/${second.id}/feedback`)
      .set(bearer(z.token))
      .send({ recommendation: 'strong_yes', scores: { research: 4 }, notes: 'Excellent' })
      .expect(201);
    expect(feedback.body).toMatchObject({
      interviewId: second.id,
      recommendation: 'strong_yes',
      scores: { research: 4 },
    });
    expect(await stageOf(c.id)).toBe('interviewed');
    const seen = await t.http.get(`/api/v1/interviews/${second.id}`).set(bearer(recruiter)).expect(200);
    expect(seen.body).toMatchObject({ status: 'completed', feedback: { recommendation: 'strong_yes' } });
    const outcome = await t.http
      .post(`/api/v1/registrations/${c.id}/outcome`)
      .set(bearer(recruiter))
      .send({ outcome: 'offer', notes: 'Great fit' })
      .expect(200);
    expect(outcome.body.stage).toBe('offer');
    const staff = await t.http.get(`/api/v1/registrations/${c.id}`).set(bearer(recruiter)).expect(200);
    expect(
      (staff.body.timeline as { field: string; to: string }[])
        .filter((e) => e.field === 'stage')
        .map((e) => e.to),
    ).toEqual(['routed', 'advanced', 'interview_scheduled', 'interviewed', 'offer']);
    expect(staff.body.interview).toMatchObject({ id: second.id, status: 'completed' });
  });

  it('declining frees the slot with a cancellation and puts the registration back to advanced', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45)]);
    const c = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const booked: Interview = (await candidateView(c.token)).interview;
    const declined = await t.http
      .post('/api/v1/candidate/interview/decline')
      .set(bearer(c.token))
      .send({ reason: 'found another job' })
      .expect(200);
    expect(declined.body).toMatchObject({ id: booked.id, status: 'declined', version: 1 });
    expect(await stageOf(c.id)).toBe('advanced');
    expect((await candidateView(c.token)).nextStep).toMatch(/declined/);
    const cancel = await waitFor(async () => {
      const m = await mailsOf(c.id, 'interview.cancelled');
      return m.length > 0 ? m : undefined;
    });
    expect(cancel[0].attachments[0].content).toContain('METHOD:CANCEL');
    expect(cancel[0].attachments[0].content).toContain('SEQUENCE:1');
    await t.http.post('/api/v1/candidate/interview/confirm').set(bearer(c.token)).expect(409);
    // The freed slot is bookable again: the next advanced candidate gets it.
    const next = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(next.id)) === 'interview_scheduled', {
      what: 'the freed slot to be booked',
    });
    expect((await candidateView(next.token)).interview).toMatchObject({
      interviewerId: z.id,
      startsAt: booked.startsAt,
    });
  });

  it('a reschedule with no other free slot keeps the interview as it is', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45)]);
    const c = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const booked: Interview = (await candidateView(c.token)).interview;
    await t.http.post('/api/v1/candidate/interview/reschedule').set(bearer(c.token)).send({}).expect(200);
    const job = await waitFor(async () => {
      const j = await queue.getJob(rescheduleJobId(booked.id, 0));
      // Read again once completed: a job fetched just before it completed has no return value yet.
      return j && (await j.isCompleted()) ? queue.getJob(j.id as string) : undefined;
    });
    expect(job?.returnvalue).toMatchObject({ ok: false });
    expect((await candidateView(c.token)).interview).toMatchObject({
      id: booked.id,
      status: 'scheduled',
      version: 0,
    });
  });

  it('a withdrawal cancels the interview in its own transaction: slot freed, reminders removed, interviewer told', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45)]);
    const c = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const booked: Interview = (await candidateView(c.token)).interview;
    await waitFor(async () => (await queue.getJob(reminderJobId(booked.id, 0, 24))) !== undefined, {
      what: 'the reminders of the booking',
    });
    await t.http.delete('/api/v1/candidate/registration').set(bearer(c.token)).expect(200);
    // At once, without the reconciler: cancelled with the withdrawal.
    const [row] = await db.query(`SELECT status, version, status_reason FROM interviews WHERE id = $1`, [
      booked.id,
    ]);
    expect(row).toEqual({ status: 'cancelled', version: 1, status_reason: 'the candidate withdrew' });
    // The erasure does not scrub the interviewer's cancellation: it names nobody.
    const [cancel] = await db.query(
      `SELECT to_address, status, text_body, attachments FROM mail_messages
        WHERE template = 'interview.cancelled.interviewer' AND to_address = $1`,
      [z.email],
    );
    expect(cancel.status).not.toBe('failed');
    expect(cancel.text_body).toContain('(erased)');
    expect(cancel.attachments[0].content).toContain('METHOD:CANCEL');
    expect(cancel.attachments[0].content).toContain(`UID:${booked.id}@hirefair`);
    await waitFor(
      async () =>
        (await queue.getJob(reminderJobId(booked.id, 0, 24))) === undefined &&
        (await queue.getJob(reminderJobId(booked.id, 0, 1))) === undefined,
      { what: 'the old reminders to be removed' },
    );
    // The reconciler, the safety net, finds nothing left to do.
    expect(await t.app.get(InterviewCancellationService).cancelWithdrawn()).toBe(0);
    const next = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(next.id)) === 'interview_scheduled', { what: 'the freed slot' });
  });

  it('a withdrawal without erasure sends the calendar cancellation to the candidate and the interviewer', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45)]);
    const email = `withdrawing-${Date.now()}@example.com`;
    const c = await advance(event.slug, { specialties: ['nlp'], email }, { settle: false });
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const booked: Interview = (await candidateView(c.token)).interview;
    const registrations = t.app.get(RegistrationsService);
    await db.transaction(async (manager) => {
      const registration = await manager
        .getRepository(Registration)
        .findOneOrFail({ where: { id: c.id }, lock: { mode: 'pessimistic_write' } });
      await registrations.withdraw(manager, SYSTEM_ACTOR, registration, 'withdrawn by the team');
    });
    const cancels: { to_address: string; template: string; attachments: { content: string }[] }[] =
      await db.query(
        `SELECT to_address, template, attachments FROM mail_messages
          WHERE template LIKE 'interview.cancelled%' AND to_address = ANY($1) ORDER BY template`,
        [[email, z.email]],
      );
    expect(cancels.map((m) => [m.to_address, m.template])).toEqual([
      [email, 'interview.cancelled'],
      [z.email, 'interview.cancelled.interviewer'],
    ]);
    for (const m of cancels) {
      expect(m.attachments[0].content).toContain('METHOD:CANCEL');
      expect(m.attachments[0].content).toContain('SEQUENCE:1');
    }
    const [row] = await db.query(`SELECT status FROM interviews WHERE id = $1`, [booked.id]);
    expect(row.status).toBe('cancelled');
  });

  it('cancelling the event cancels its booked interviews, tells both, and books nothing more for it', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45), window(at(1), 45)]);
    const email = `cancelled-fair-${Date.now()}@example.com`;
    const c = await advance(event.slug, { specialties: ['nlp'], email }, { settle: false });
    await waitFor(async () => (await stageOf(c.id)) === 'interview_scheduled', { what: 'the booking' });
    const booked: Interview = (await candidateView(c.token)).interview;
    await t.http.post(`/api/v1/events/${event.id}/cancel`).set(bearer(recruiter)).expect(200);

    const [row] = await db.query(`SELECT status, status_reason, version FROM interviews WHERE id = $1`, [
      booked.id,
    ]);
    expect(row).toEqual({ status: 'cancelled', status_reason: 'the event was cancelled', version: 1 });
    expect(await stageOf(c.id)).toBe('advanced');
    const cancels: { to_address: string; template: string; attachments: { content: string }[] }[] =
      await db.query(
        `SELECT to_address, template, attachments FROM mail_messages
          WHERE template LIKE 'interview.cancelled%' AND to_address = ANY($1) ORDER BY template`,
        [[email, z.email]],
      );
    expect(cancels.map((m) => [m.to_address, m.template])).toEqual([
      [email, 'interview.cancelled'],
      [z.email, 'interview.cancelled.interviewer'],
    ]);
    for (const m of cancels) expect(m.attachments[0].content).toContain('METHOD:CANCEL');
    // A booking job for the now-cancelled event books nothing.
    const outcome = await t.app.get(InterviewBookingService).bookRegistration(c.id);
    expect(outcome).toEqual({ ok: false, reason: 'not_bookable' });
    const [{ active }] = await db.query(
      `SELECT count(*)::int AS active FROM interviews WHERE event_id = $1 AND status <> 'cancelled'`,
      [event.id],
    );
    expect(active).toBe(0);
  });

  it('the staff listing shows each registration’s current interview, as the single view does', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    await setAvailability(event.id, z.token, [window(at(0), 45)]);
    const booked = await advance(event.slug, { specialties: ['nlp'] }, { settle: false });
    await waitFor(async () => (await stageOf(booked.id)) === 'interview_scheduled', { what: 'the booking' });
    const waiting = await t.http
      .post(registrationsPath(event.slug))
      .send(registrationBody({ specialties: ['nlp'] }))
      .expect(201);
    const list = await t.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(bearer(recruiter))
      .expect(200);
    const byId = new Map(list.body.items.map((r: { id: string }) => [r.id, r]));
    const single = await t.http.get(`/api/v1/registrations/${booked.id}`).set(bearer(recruiter)).expect(200);
    expect(single.body.interview).toMatchObject({ status: 'scheduled', interviewerId: z.id });
    expect((byId.get(booked.id) as { interview: unknown }).interview).toEqual(single.body.interview);
    expect((byId.get(waiting.body.registrationId) as { interview: unknown }).interview).toBeNull();
  });

  it('scheduling runs need a published or closed event: 409 EVENT_NOT_SCHEDULABLE otherwise', async () => {
    const start = (id: string) =>
      t.http.post(`/api/v1/events/${id}/scheduling-runs`).set(bearer(recruiter)).send({});
    const transition = (id: string, move: string) =>
      t.http.post(`/api/v1/events/${id}/${move}`).set(bearer(recruiter)).expect(200);
    const draft = await createEvent(t.http, org, { businessUnitIds: [unit.id] }, { publish: false });
    const cancelled = await newEvent();
    await transition(cancelled.id, 'cancel');
    const completed = await newEvent();
    await transition(completed.id, 'close');
    await transition(completed.id, 'complete');
    for (const id of [draft.id, cancelled.id, completed.id]) {
      const res = await start(id);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'EVENT_NOT_SCHEDULABLE' });
    }
    const closed = await newEvent();
    await transition(closed.id, 'close');
    const run = await start(closed.id).expect(202);
    await waitFor(
      async () => {
        const r = await t.http
          .get(`/api/v1/scheduling-runs/${run.body.id}`)
          .set(bearer(recruiter))
          .expect(200);
        return r.body.status === 'completed';
      },
      { what: 'the run on a closed event' },
    );
    const runs = await db.query(`SELECT id FROM scheduling_runs WHERE event_id = ANY($1)`, [
      [draft.id, cancelled.id, completed.id],
    ]);
    expect(runs).toEqual([]);
  });

  it('a retried scheduling run request with the same Idempotency-Key starts one run', async () => {
    const event = await newEvent();
    const start = () =>
      t.http
        .post(`/api/v1/events/${event.id}/scheduling-runs`)
        .set(bearer(recruiter))
        .set('Idempotency-Key', `run-${event.id}`)
        .send({})
        .expect(202);
    const first = await start();
    const again = await start();
    expect(again.body.id).toBe(first.body.id);
    const runs = await db.query(`SELECT id FROM scheduling_runs WHERE event_id = $1`, [event.id]);
    expect(runs).toHaveLength(1);
    await t.http
      .post('/api/v1/events/00000000-0000-4000-8000-000000000000/scheduling-runs')
      .set(bearer(recruiter))
      .expect(404);
  });

  it('validates availability and refuses another interviewer’s windows to an interviewer', async () => {
    const event = await newEvent();
    const z = await interviewer(['nlp']);
    const w = await interviewer(['nlp']);
    const inverted = await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(z.token))
      .send({ slots: [{ startsAt: at(2).toISOString(), endsAt: at(1).toISOString() }] });
    expect(inverted.status).toBe(400);
    expect(inverted.body.details).toEqual([
      { field: 'slots.0.endsAt', messages: ['endsAt must be after startsAt'] },
    ]);
    const unknown = await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(z.token))
      .send({ slots: [], extra: 1 });
    expect(unknown.status).toBe(400);
    await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(z.token))
      .send({ interviewerId: w.id, slots: [] })
      .expect(403);
    const byRecruiter = await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(recruiter))
      .send({ interviewerId: w.id, slots: [window(at(0), 60)] })
      .expect(200);
    expect(byRecruiter.body).toMatchObject({ interviewerId: w.id, slots: [window(at(0), 60)] });
    await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(recruiter))
      .send({ interviewerId: (await org.user(['recruiter'])).id, slots: [] })
      .expect(404);
  });
});
