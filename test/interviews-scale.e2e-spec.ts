import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import {
  RunningProcess,
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  inBatches,
  setPipeline,
  registrationBody,
  registrationsPath,
  startProcess,
  waitFor,
} from '@hirefair/testing';

const ZONE = 'Asia/Shanghai';
const CANDIDATES = 200;
const INTERVIEWERS = 20;
const DAILY_CAPACITY = 3;
const DAYS = 2;

describe('interview scheduling with two worker processes', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: Queue;
  let org: TestOrganization;
  let recruiter: string;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    queue = t.app.get(getQueueToken(QueueName.InterviewScheduling));
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    workers.push(startProcess('apps/worker/src/main.ts'), startProcess('apps/worker/src/main.ts'));
    // Starting both before any work arrives keeps their start-up off the clock of the test.
    await waitFor(async () => (await queue.getWorkers()).length >= 2, {
      // Each compiles the whole app from source first: on a busy machine, well over a minute.
      timeoutMs: 180_000,
      what: 'both worker processes to start',
    });
  }, 240_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    await t.close();
  });

  it('books concurrently without overlap, inside availability, within daily limits, and a run reports the rest', async () => {
    const unit = await org.unit({
      specialties: ['nlp', 'computer_vision'],
      dailyInterviewCapacity: DAILY_CAPACITY,
    });
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    const event = await createEvent(t.http, org, {
      businessUnitIds: [unit.id],
      capacity: 1000,
      interviewMinutes: 45,
      bufferMinutes: 15,
      timezone: ZONE,
    });
    await setPipeline(
      t.http,
      recruiter,
      event.id,
      {
        rules: [{ name: 'all', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }],
      },
      {
        strategy: 'least_loaded',
        rules: [
          { specialty: 'nlp', businessUnitId: unit.id, weight: 1 },
          { specialty: 'computer_vision', businessUnitId: unit.id, weight: 1 },
        ],
      },
    );

    // Each interviewer offers four slots a morning on two days, more than their daily limit.
    const first = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 3 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    const mornings = Array.from({ length: DAYS }, (_, d) => ({
      startsAt: first.plus({ days: d }).toJSDate().toISOString(),
      endsAt: first.plus({ days: d, hours: 4 }).toJSDate().toISOString(),
    }));
    const interviewers = await inBatches(
      Array.from({ length: INTERVIEWERS }, (_, i) => i),
      4,
      async (i) => {
        const user = await org.user(['interviewer'], {
          businessUnitIds: [unit.id],
          specialties: i % 2 === 0 ? ['nlp'] : ['computer_vision', 'nlp'],
        });
        await t.http
          .put(`/api/v1/events/${event.id}/availability`)
          .set(bearer(recruiter))
          .send({ interviewerId: user.id, slots: mornings })
          .expect(200);
        return user;
      },
    );
    expect(interviewers).toHaveLength(INTERVIEWERS);

    // Every tenth candidate can only come in the evening, when nobody interviews.
    const evening = [
      {
        startsAt: first.set({ hour: 19 }).toJSDate().toISOString(),
        endsAt: first.set({ hour: 21 }).toJSDate().toISOString(),
      },
    ];
    const registrations = await inBatches(
      Array.from({ length: CANDIDATES }, (_, i) => i),
      20,
      async (i) => {
        const res = await t.http
          .post(registrationsPath(event.slug))
          .send(registrationBody({ specialties: [i % 3 === 0 ? 'computer_vision' : 'nlp'] }))
          .expect(201);
        if (i % 10 === 9)
          await t.http
            .put('/api/v1/candidate/availability')
            .set(bearer(res.body.candidateToken))
            .send({ slots: evening })
            .expect(200);
        return res.body.registrationId as string;
      },
    );
    await waitFor(
      async () => {
        const [{ count }] = await db.query(
          `SELECT count(*)::int AS count FROM registrations WHERE event_id = $1 AND stage = 'routed'`,
          [event.id],
        );
        return count === CANDIDATES;
      },
      { timeoutMs: 120_000, what: 'every registration to be routed by the workers' },
    );
    // Advancing pools each candidate and owes the event a booking pass; either worker may run it.
    await inBatches(registrations, 20, (id) =>
      t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(reviewer.token))
        .send({ decision: 'advance' })
        .expect(200),
    );
    // This event's booking passes: owed (outbox, request row) or running (the request row stays until served).
    const drained = async () => {
      const [{ count }] = await db.query(
        `SELECT (SELECT count(*) FROM outbox WHERE relayed_at IS NULL AND job_id LIKE $2)
              + (SELECT count(*) FROM booking_pass_requests WHERE event_id = $1) AS count`,
        [event.id, `booking-pass-${event.id}-%`],
      );
      return Number(count) === 0;
    };
    await waitFor(drained, { timeoutMs: 180_000, intervalMs: 250, what: 'the booking passes to drain' });

    const started = await t.http
      .post(`/api/v1/events/${event.id}/scheduling-runs`)
      .set(bearer(recruiter))
      .expect(202);
    const run = await waitFor(
      async () => {
        const r = await t.http
          .get(`/api/v1/scheduling-runs/${started.body.id}`)
          .set(bearer(recruiter))
          .expect(200);
        return r.body.status === 'completed' ? r.body : undefined;
      },
      { timeoutMs: 120_000, what: 'the scheduling run' },
    );

    const active = `i.status IN ('scheduled', 'confirmed') AND i.event_id = $1`;
    const [{ booked }] = await db.query(`SELECT count(*)::int AS booked FROM interviews i WHERE ${active}`, [
      event.id,
    ]);
    // Capacity, not time, binds: every interviewer fills their daily limit on both days.
    expect(booked).toBe(INTERVIEWERS * DAILY_CAPACITY * DAYS);
    const overlaps = await db.query(
      `SELECT a.id FROM interviews a JOIN interviews b ON a.id < b.id
          AND (a.interviewer_id = b.interviewer_id OR a.registration_id = b.registration_id)
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.status IN ('scheduled', 'confirmed') AND b.status IN ('scheduled', 'confirmed')`,
    );
    expect(overlaps).toEqual([]);
    const twice = await db.query(
      `SELECT registration_id FROM interviews i WHERE ${active} GROUP BY registration_id HAVING count(*) > 1`,
      [event.id],
    );
    expect(twice).toEqual([]);
    const outside = await db.query(
      `SELECT i.id FROM interviews i WHERE ${active}
          AND (NOT EXISTS (SELECT 1 FROM interviewer_availability a WHERE a.interviewer_id = i.interviewer_id
                             AND a.event_id = i.event_id AND a.during @> tstzrange(i.starts_at, i.ends_at))
            OR (EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id)
                AND NOT EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id
                                  AND c.during @> tstzrange(i.starts_at, i.ends_at))))`,
      [event.id],
    );
    expect(outside).toEqual([]);
    const overLimit = await db.query(
      `SELECT i.interviewer_id, (i.starts_at AT TIME ZONE $2)::date AS day, count(*)::int AS n
         FROM interviews i WHERE ${active}
        GROUP BY 1, 2 HAVING count(*) > $3`,
      [event.id, ZONE, DAILY_CAPACITY],
    );
    expect(overLimit).toEqual([]);
    // Stage and interviews agree, and the run names a reason for every candidate left over.
    const [{ scheduled }] = await db.query(
      `SELECT count(*)::int AS scheduled FROM registrations WHERE event_id = $1 AND stage = 'interview_scheduled'`,
      [event.id],
    );
    expect(scheduled).toBe(booked);
    const leftOver: { id: string }[] = await db.query(
      `SELECT id FROM registrations WHERE event_id = $1 AND stage = 'advanced'`,
      [event.id],
    );
    expect(leftOver).toHaveLength(CANDIDATES - booked);
    const reasons = new Map(
      (run.unscheduled as { registrationId: string; reason: string }[]).map((u) => [
        u.registrationId,
        u.reason,
      ]),
    );
    expect(new Set(reasons.keys())).toEqual(new Set(leftOver.map((r) => r.id)));
    const evenings = registrations.filter((_, i) => i % 10 === 9);
    for (const id of evenings) expect(reasons.get(id)).toBe('no_overlapping_availability');
    // Every interviewer is at their daily limit on both days: that is why the rest wait.
    expect([...reasons.values()].filter((r) => r === 'daily_limit_reached')).toHaveLength(
      CANDIDATES - booked - evenings.length,
    );
  }, 600_000);
});
