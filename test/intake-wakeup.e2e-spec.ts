import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import { IntakeService } from '@hirefair/core';
import {
  TestApp,
  TestOrganization,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  setPipeline,
  waitFor,
} from '@hirefair/testing';

const PHD_POLICY = {
  rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }],
};

/**
 * A registration whose row another transaction holds while its event's intake runs (the batch skips
 * locked rows) is still taken by that intake, not left to the reconciler. Without workers: the test
 * runs the intake jobs' work itself, in the order under test.
 */
describe('intake: registrations locked while their event’s intake runs', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let intake: IntakeService;
  let locker: Client;

  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    intake = t.app.get(IntakeService);
    org = await createOrganization(t.http);
  });
  beforeEach(async () => {
    locker = new Client({ connectionString: t.config.databaseUrl });
    await locker.connect();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await locker.end();
  });
  afterAll(() => t.close());

  const fastTrackEvent = async () => {
    const unit = await org.unit({ specialties: ['nlp'] });
    const recruiter = await org.user(['recruiter']);
    const ev = await createEvent(t.http, org, { businessUnitIds: [unit.id], capacity: 10 });
    await setPipeline(t.http, recruiter.token, ev.id, PHD_POLICY, {
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }],
    });
    return ev;
  };
  const register = async (slug: string): Promise<string> => {
    const res = await t.http.post(registrationsPath(slug)).send(registrationBody({ degree: 'phd' }));
    expect(res.status).toBe(201);
    return res.body.registrationId as string;
  };
  const stages = async (ids: string[]): Promise<string[]> => {
    const rows: { id: string; stage: string }[] = await db.query(
      `SELECT id, stage FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return ids.map((id) => rows.find((r) => r.id === id)?.stage ?? 'missing');
  };
  /** What the mail job does to a registration: an update of its row, in a transaction left open. */
  const lockRow = async (id: string) => {
    await locker.query('BEGIN');
    await locker.query(`UPDATE registrations SET token_hashes = token_hashes WHERE id = $1`, [id]);
  };
  /** A session of this database waiting for a row lock on registrations. */
  const someoneWaitsForRow = async () => {
    const [row]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FROM registrations%'`,
    );
    return row.n > 0;
  };

  it('takes a registration whose row was locked during the batch once the lock goes, though its own job already ran', async () => {
    const ev = await fastTrackEvent();
    const ids = [await register(ev.slug), await register(ev.slug), await register(ev.slug)];
    const reconcile = jest.spyOn(intake, 'reconcile');
    await lockRow(ids[1]);
    // A job takes the event's intake (as the first registration's would; waiting for locked rows as
    // long as the test needs): its batch skips the locked row.
    const first = intake.processEvent(ev.id, { lockWaitMs: 600_000 });
    await waitFor(async () => (await stages(ids)).join() === 'routed,intake,routed', {
      what: 'the unlocked registrations routed',
    });
    // The locked registration's own job runs meanwhile: the event's intake is held, so it returns.
    expect(await intake.process(ids[1])).toBe('batched');
    // The holder has nothing else to take: it waits for the row instead of returning.
    await waitFor(someoneWaitsForRow, { what: 'the intake waiting for the locked row' });
    expect(await stages(ids)).toEqual(['routed', 'intake', 'routed']);
    await locker.query('COMMIT');
    expect(await first).toBe(3);
    expect(await stages(ids)).toEqual(['routed', 'routed', 'routed']);
    expect(reconcile).not.toHaveBeenCalled();
    const [timeline] = await db.query(
      `SELECT count(*)::int AS n FROM registration_timeline
        WHERE registration_id = $1 AND field = 'stage' AND to_value = 'routed'`,
      [ids[1]],
    );
    expect(timeline.n).toBe(1);
  });

  it('owes a registration locked longer than the wait a job of its own, due later, and takes the rest meanwhile', async () => {
    const ev = await fastTrackEvent();
    const ids = [await register(ev.slug), await register(ev.slug)];
    await lockRow(ids[0]);
    const taken = await intake.processEvent(ev.id, { lockWaitMs: 200, lingerMs: 0 });
    expect(taken).toBe(1);
    expect(await stages(ids)).toEqual(['intake', 'routed']);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Intake));
    const due = (await queue.getDelayed()).filter((job) => job.data.registrationId === ids[0]);
    expect(due).toHaveLength(1);
    expect(due[0].id).toMatch(new RegExp(`^intake-${ids[0]}-w`));
    await locker.query('COMMIT');
    // What that job does when it is due.
    expect(await intake.process(ids[0])).toBe('batched');
    expect(await stages(ids)).toEqual(['routed', 'routed']);
    await due[0].remove();
  });
});
