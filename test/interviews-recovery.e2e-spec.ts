import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import {
  RunningProcess,
  TestApp,
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
const CANDIDATES = 120;
const INTERVIEWERS = 10;
const DAILY_CAPACITY = 4;

describe('a worker killed mid scheduling run', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: Queue;
  const workers: RunningProcess[] = [];
  const startWorker = async () => {
    const before = (await queue.getWorkers()).length;
    const worker = startProcess('apps/worker/src/main.ts');
    workers.push(worker);
    await waitFor(async () => (await queue.getWorkers()).length > before, {
      // Each compiles the whole app from source first: on a busy machine, minutes.
      timeoutMs: 240_000,
      what: 'the worker to start',
    });
    return worker;
  };

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    queue = t.app.get(getQueueToken(QueueName.InterviewScheduling));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    await t.close();
  });

  it('is completed after a restart: nothing lost, nothing booked twice', async () => {
    const worker = await startWorker();
    const org = await createOrganization(t.http);
    const recruiter = (await org.user(['recruiter'])).token;
    const unit = await org.unit({ specialties: ['nlp'], dailyInterviewCapacity: DAILY_CAPACITY });
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    const event = await createEvent(t.http, org, {
      businessUnitIds: [unit.id],
      capacity: 1000,
      timezone: ZONE,
      autoSchedule: false,
    });
    await setPipeline(
      t.http,
      recruiter,
      event.id,
      {
        rules: [{ name: 'all', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }],
      },
      { strategy: 'least_loaded', rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }] },
    );
    const registrations = await inBatches(
      Array.from({ length: CANDIDATES }, (_, i) => i),
      10,
      async () =>
        (await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201)).body
          .registrationId as string,
    );
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND stage = 'routed'`,
            [event.id],
          )
        )[0].n === CANDIDATES,
      { timeoutMs: 60_000, what: 'routing' },
    );
    // Only runs book on this event (autoSchedule off), so the run books them all.
    await inBatches(registrations, 10, (id) =>
      t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(reviewer.token))
        .send({ decision: 'advance' })
        .expect(200),
    );
    const day = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 3 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    await inBatches(
      Array.from({ length: INTERVIEWERS }, (_, i) => i),
      5,
      async () => {
        const user = await org.user(['interviewer'], { businessUnitIds: [unit.id], specialties: ['nlp'] });
        await t.http
          .put(`/api/v1/events/${event.id}/availability`)
          .set(bearer(user.token))
          .send({
            slots: [
              {
                startsAt: day.toJSDate().toISOString(),
                endsAt: day.plus({ hours: 8 }).toJSDate().toISOString(),
              },
            ],
          })
          .expect(200);
      },
    );

    const run = (
      await t.http.post(`/api/v1/events/${event.id}/scheduling-runs`).set(bearer(recruiter)).expect(202)
    ).body as { id: string };
    const bookedByRun = async (): Promise<number> =>
      (await db.query(`SELECT count(*)::int AS n FROM interviews WHERE scheduling_run_id = $1`, [run.id]))[0]
        .n;
    const atKill = await waitFor(
      async () => {
        const n = await bookedByRun();
        return n > 0 ? n : undefined;
      },
      { intervalMs: 10, what: 'the run to start booking' },
    );
    expect(await worker.stop('SIGKILL')).toBe('SIGKILL');
    const expected = INTERVIEWERS * DAILY_CAPACITY;
    expect(atKill).toBeLessThan(expected);
    const [{ status }] = await db.query(`SELECT status FROM scheduling_runs WHERE id = $1`, [run.id]);
    expect(status).toBe('running');

    await startWorker();
    const done = await waitFor(
      async () => {
        const r = await t.http.get(`/api/v1/scheduling-runs/${run.id}`).set(bearer(recruiter)).expect(200);
        return r.body.status === 'completed' ? r.body : undefined;
      },
      { timeoutMs: 60_000, what: 'the run to be completed after the restart' },
    );
    expect(done.scheduled).toBe(expected);
    expect(await bookedByRun()).toBe(expected);
    const active = await db.query(
      `SELECT registration_id FROM interviews WHERE event_id = $1 AND status IN ('scheduled', 'confirmed')`,
      [event.id],
    );
    expect(active).toHaveLength(expected);
    expect(new Set(active.map((r: { registration_id: string }) => r.registration_id)).size).toBe(expected);
    expect(done.unscheduled).toHaveLength(CANDIDATES - expected);
    // One invitation per booking, however many times the run started.
    const invitations = await waitFor(async () => {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM mail_messages WHERE template = 'interview.invitation' AND subject_id = ANY($1)`,
        [registrations],
      );
      return n === expected ? n : undefined;
    });
    expect(invitations).toBe(expected);
  }, 600_000);

  it('two workers and a SIGKILL mid booking pass: nothing lost, doubled or overlapping', async () => {
    // The pass waits for all the windows below (settle 3 s), then books them in batches.
    const env = { BOOKING_SETTLE_MS: '3000', BOOKING_MAX_WAIT_MS: '20000' };
    const start = async () => {
      const before = (await queue.getWorkers()).length;
      const worker = startProcess('apps/worker/src/main.ts', env);
      workers.push(worker);
      await waitFor(async () => (await queue.getWorkers()).length > before, {
        timeoutMs: 240_000,
        what: 'a worker to start',
      });
      return worker;
    };
    const pair = [await start(), await start()];
    const org = await createOrganization(t.http);
    const recruiter = (await org.user(['recruiter'])).token;
    const unit = await org.unit({ specialties: ['nlp'], dailyInterviewCapacity: DAILY_CAPACITY });
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    const event = await createEvent(t.http, org, {
      businessUnitIds: [unit.id],
      capacity: 1000,
      timezone: ZONE,
    });
    await setPipeline(
      t.http,
      recruiter,
      event.id,
      { rules: [{ name: 'all', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }] },
      { strategy: 'least_loaded', rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }] },
    );
    const registrations = await inBatches(
      Array.from({ length: CANDIDATES }, (_, i) => i),
      10,
      async () =>
        (await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201)).body
          .registrationId as string,
    );
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND stage = 'routed'`,
            [event.id],
          )
        )[0].n === CANDIDATES,
      { timeoutMs: 120_000, what: 'routing' },
    );
    await inBatches(registrations, 10, (id) =>
      t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(reviewer.token))
        .send({ decision: 'advance' })
        .expect(200),
    );
    const day = DateTime.now()
      .setZone(ZONE)
      .plus({ days: 3 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    await inBatches(
      Array.from({ length: INTERVIEWERS }, (_, i) => i),
      5,
      async () => {
        const user = await org.user(['interviewer'], { businessUnitIds: [unit.id], specialties: ['nlp'] });
        await t.http
          .put(`/api/v1/events/${event.id}/availability`)
          .set(bearer(user.token))
          .send({
            slots: [
              {
                startsAt: day.toJSDate().toISOString(),
                endsAt: day.plus({ hours: 8 }).toJSDate().toISOString(),
              },
            ],
          })
          .expect(200);
      },
    );
    const booked = async (): Promise<number> =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM interviews WHERE event_id = $1 AND status IN ('scheduled', 'confirmed')`,
          [event.id],
        )
      )[0].n;
    const expected = INTERVIEWERS * DAILY_CAPACITY;
    const atKill = await waitFor(
      async () => {
        const n = await booked();
        return n > 0 ? n : undefined;
      },
      { intervalMs: 10, timeoutMs: 120_000, what: 'the pass to start booking' },
    );
    // Whichever worker runs the pass dies with it.
    await Promise.all(pair.map((w) => w.stop('SIGKILL')));
    expect(atKill).toBeLessThan(expected);

    await start();
    await waitFor(
      async () =>
        (await booked()) === expected &&
        ((await db.query(`SELECT 1 FROM booking_pass_requests WHERE event_id = $1`, [event.id])) as unknown[])
          .length === 0,
      { timeoutMs: 180_000, what: 'the pass to be run again and finish' },
    );
    const active: { registration_id: string }[] = await db.query(
      `SELECT registration_id FROM interviews WHERE event_id = $1 AND status IN ('scheduled', 'confirmed')`,
      [event.id],
    );
    expect(new Set(active.map((r) => r.registration_id)).size).toBe(expected);
    const overlaps = await db.query(
      `SELECT a.id FROM interviews a JOIN interviews b ON a.id < b.id AND a.interviewer_id = b.interviewer_id
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.event_id = $1 AND a.status IN ('scheduled', 'confirmed') AND b.status IN ('scheduled', 'confirmed')`,
      [event.id],
    );
    expect(overlaps).toEqual([]);
    const [{ scheduled }] = await db.query(
      `SELECT count(*)::int AS scheduled FROM registrations WHERE event_id = $1 AND stage = 'interview_scheduled'`,
      [event.id],
    );
    expect(scheduled).toBe(expected);
    const invitations = await waitFor(async () => {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM mail_messages WHERE template = 'interview.invitation' AND subject_id = ANY($1)`,
        [registrations],
      );
      return n === expected ? n : undefined;
    });
    expect(invitations).toBe(expected);
  }, 900_000);
});
