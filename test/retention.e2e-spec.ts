import { DataSource } from 'typeorm';
import { ReconcilerService, RetentionService } from '@hirefair/core';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  unique,
  waitFor,
} from '@hirefair/testing';

const DAY = 24 * 3600_000;

type Reg = {
  id: string;
  status: string;
  lane: string | null;
  stage: string;
  city: string;
  specialties: string[];
  candidate: { name: string | null; email: string | null; erased: boolean };
  profile: Record<string, unknown>;
  timeline: { field: string; to: string; reason: string | null; by: { type: string } }[];
};

describe('data retention', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let recruiter: string;
  let past: { id: string; slug: string };
  let recent: { id: string; slug: string };
  const both = `${unique('both')}@example.com`;
  const pastIds: string[] = [];
  let recentId: string;
  const before: Record<string, Reg> = {};

  const registration = async (id: string): Promise<Reg> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body;

  const register = async (slug: string, overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await t.http.post(registrationsPath(slug)).send(registrationBody(overrides)).expect(201);
    const id = res.body.registrationId as string;
    await waitFor(async () => (await registration(id)).lane !== null, { what: `intake of ${id}` });
    return id;
  };

  const complete = async (eventId: string) => {
    for (const step of ['close', 'complete'])
      await t.http.post(`/api/v1/events/${eventId}/${step}`).set(bearer(recruiter)).expect(200);
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    past = await createEvent(t.http, org, { capacity: 1 });
    recent = await createEvent(t.http, org);
    pastIds.push(
      await register(past.slug, {
        phone: '+86 138 0000 0001',
        githubUrl: 'https://github.com/someone',
        expectedMonthlySalaryCny: 42000,
        specialties: ['nlp', 'computer_vision'],
        city: 'Shenzhen',
      }),
      await register(past.slug, { email: both }), // waitlisted: capacity 1
    );
    recentId = await register(recent.slug, { email: both });
    for (const id of [...pastIds, recentId]) before[id] = await registration(id);
    await complete(past.id);
    await complete(recent.id);
    // The past fair completed ten days ago; the recent one today.
    await db.query(`UPDATE events SET completed_at = now() - interval '10 days' WHERE id = $1`, [past.id]);
  });
  afterAll(() => t.close());

  it('shows the default period, then the set one with each completed event’s due date', async () => {
    const fresh = await createOrganization(t.http);
    const initial = await t.http.get('/api/v1/retention').set(bearer(fresh.adminToken)).expect(200);
    expect(initial.body).toEqual({ days: 365, isDefault: true, updatedAt: null, events: [] });

    await t.http.put('/api/v1/retention').set(bearer(org.adminToken)).send({ days: 5 }).expect(200);
    const shown = (await t.http.get('/api/v1/retention').set(bearer(recruiter)).expect(200)).body;
    expect(shown).toMatchObject({ days: 5, isDefault: false });
    expect(shown.events.map((e: { eventId: string }) => e.eventId)).toEqual([past.id, recent.id]);
    const [p, r] = shown.events;
    expect(p).toMatchObject({ due: true, registrationsWithPersonalData: 2 });
    expect(new Date(p.erasureDueAt).getTime() - new Date(p.completedAt).getTime()).toBe(5 * DAY);
    expect(new Date(p.erasureDueAt).getTime()).toBeLessThan(Date.now());
    expect(r).toMatchObject({ due: false, registrationsWithPersonalData: 1 });
    expect(Math.abs(new Date(r.erasureDueAt).getTime() - (Date.now() + 5 * DAY))).toBeLessThan(60_000);

    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ action: 'retention.update' })
      .set(bearer(org.adminToken))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({ details: { from: 365, to: 5 } });
    // Another organization sees none of this one's events.
    const other = (await t.http.get('/api/v1/retention').set(bearer(fresh.adminToken)).expect(200)).body;
    expect(other.events).toEqual([]);
  });

  it('refuses a bad period with 400 and lets only org admins set it', async () => {
    for (const body of [
      { days: 0 },
      { days: 3651 },
      { days: 'ten' },
      { days: 1.5 },
      {},
      { days: 30, extra: 1 },
    ]) {
      const res = await t.http.put('/api/v1/retention').set(bearer(org.adminToken)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t.http.put('/api/v1/retention').set(bearer(recruiter)).send({ days: 30 }).expect(403);
    await t.http.put('/api/v1/retention').set(bearer(org.adminToken)).send({ days: 3650 }).expect(200);
    await t.http.put('/api/v1/retention').set(bearer(org.adminToken)).send({ days: 5 }).expect(200);
  });

  it('erases a completed event past its period as the candidate’s erase does, counts intact', async () => {
    const seatsBefore = (await t.http.get(`/api/v1/events/${past.id}`).set(bearer(recruiter)).expect(200))
      .body;
    // The reconciler's pass runs the erasure; two at once share the work and erase each row once.
    const retention = t.app.get(RetentionService);
    const [x, y] = await Promise.all([retention.eraseDue(), t.app.get(ReconcilerService).reconcile()]);
    expect(x + y.retention).toBeLessThanOrEqual(2);
    await waitFor(
      async () => {
        const rows = await db.query(
          `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND erased_at IS NULL`,
          [past.id],
        );
        return rows[0].n === 0;
      },
      { what: 'erasure of the past fair' },
    );
    expect(await retention.eraseDue()).toBe(0);

    for (const id of pastIds) {
      const after = await registration(id);
      const was = before[id];
      expect(after.candidate).toMatchObject({ name: null, email: null, erased: true });
      expect(after.profile).toEqual({});
      // What the counts and reports use stays.
      expect({ status: after.status, lane: after.lane, stage: after.stage, city: after.city }).toEqual({
        status: was.status,
        lane: was.lane,
        stage: was.stage,
        city: was.city,
      });
      expect(after.specialties).toEqual(was.specialties);
      const erasure = after.timeline.filter((e) => e.field === 'erasure');
      expect(erasure).toEqual([
        expect.objectContaining({
          to: 'erased',
          by: expect.objectContaining({ type: 'system' }),
          reason: 'personal data erased: retention period of 5 days after the event completed',
        }),
      ]);
      const mails = await db.query(`SELECT to_address, text_body FROM mail_messages WHERE subject_id = $1`, [
        id,
      ]);
      expect(mails.length).toBeGreaterThan(0);
      for (const m of mails) expect(m).toEqual({ to_address: 'erased', text_body: '' });
    }
    expect(before[pastIds[0]].status).toBe('registered');
    expect(before[pastIds[1]].status).toBe('waitlisted');
    const seatsAfter = (await t.http.get(`/api/v1/events/${past.id}`).set(bearer(recruiter)).expect(200))
      .body;
    expect(seatsAfter).toEqual(seatsBefore);
    const shown = (await t.http.get('/api/v1/retention').set(bearer(recruiter)).expect(200)).body;
    expect(shown.events[0]).toMatchObject({ eventId: past.id, registrationsWithPersonalData: 0 });
  });

  it('leaves a completed event within its period untouched, and the candidate it still needs', async () => {
    const after = await registration(recentId);
    expect(after.candidate).toMatchObject({ email: both, erased: false });
    expect(after.candidate.name).toBe(before[recentId].candidate.name);
    expect(after.profile).toEqual(before[recentId].profile);
    const [candidate] = await db.query(`SELECT name, email, erased_at FROM candidates WHERE email = $1`, [
      both,
    ]);
    expect(candidate).toMatchObject({ email: both, erased_at: null });
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM mail_messages WHERE subject_id = $1 AND to_address = $2`,
      [recentId, both],
    );
    expect(count).toBeGreaterThan(0);
  });
  it('runs with nothing due without a transaction: one read, no claim', async () => {
    const retention = t.app.get(RetentionService);
    const statements: string[] = [];
    const logQuery = db.logger.logQuery.bind(db.logger);
    const spy = jest.spyOn(db.logger, 'logQuery').mockImplementation((query, parameters, runner) => {
      statements.push(query);
      return logQuery(query, parameters, runner);
    });
    try {
      expect(await retention.eraseDue()).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // The claim (FOR UPDATE ... SKIP LOCKED) is what a transaction would be opened for.
    expect(statements.filter((q) => q.includes('FOR UPDATE OF c SKIP LOCKED'))).toEqual([]);
    expect(
      statements.filter((q) => q.startsWith('SELECT EXISTS (SELECT 1 FROM registrations r JOIN events e')),
    ).toHaveLength(1);
  });
});
