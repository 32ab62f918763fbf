import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { OutboxRelayService } from '@hirefair/core';
import { MaintenanceJob, QueueName } from '@hirefair/queue';
import {
  OwnRedis,
  TestApp,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

/** A running app (workers in it) whose Redis is killed and comes back empty: no restart of the app. */
describe('owed work after Redis restarts empty', () => {
  const redis = new OwnRedis(6393);
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    await redis.start();
    t = await createTestApp({
      REDIS_URL: redis.url,
      PUBLIC_RATE_LIMIT: '100000',
      RECONCILE_EVERY_MS: '4000',
    });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await redis.stop();
  });

  const queue = (name: QueueName): Queue => t.app.get<Queue>(getQueueToken(name));
  const schedulerInstalled = async () =>
    Boolean(await queue(QueueName.Maintenance).getJobScheduler(MaintenanceJob.Reconcile));

  const sentCount = async (ids: string[]): Promise<number> => {
    const [row] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS n FROM mail_messages
        WHERE subject_id = ANY($1::uuid[]) AND template IN ('registration.registered', 'registration.waitlisted')`,
      [ids],
    );
    return row.n;
  };

  it('delivers every confirmation whose job Redis lost, through the repeatable reconcile it re-installs', async () => {
    expect(await schedulerInstalled()).toBe(true);
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org, { capacity: 5 });

    // Mails wait in Redis (the queue paused) when Redis dies: those jobs exist nowhere else.
    await queue(QueueName.Notifications).pause();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => t.http.post(registrationsPath(event.slug)).send(registrationBody())),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    const ids: string[] = responses.map((r) => r.body.registrationId);
    const relay = t.app.get(OutboxRelayService);
    const unrelayed = async (): Promise<number> => {
      await relay.relayOnce();
      const [row] = await db.query(
        `SELECT count(*)::int AS n FROM outbox o JOIN mail_messages m
            ON o.job_id = coalesce(m.batch_job_id, 'mail-' || m.id::text)
          WHERE m.subject_id = ANY($1::uuid[]) AND o.relayed_at IS NULL`,
        [ids],
      );
      return row.n;
    };
    await waitFor(async () => (await unrelayed()) === 0, { what: 'the outbox relayed' });
    // The mails wait in Redis, one job per registering statement (each naming its mails).
    const waiting = await queue(QueueName.Notifications).getWaiting();
    const named = waiting.flatMap(
      (j) => (j.data.mailIds as string[] | undefined) ?? [j.data.mailId as string],
    );
    expect(named.length).toBeGreaterThanOrEqual(12);
    expect(await sentCount(ids)).toBe(0);

    await redis.stop('SIGKILL');
    await redis.start();
    const probe = redis.client();
    await probe.connect();
    expect(await probe.dbsize()).toBe(0);
    probe.disconnect();

    await waitFor(schedulerInstalled, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: 'the reconcile scheduler back',
    });
    await waitFor(async () => (await sentCount(ids)) === ids.length, {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'every owed confirmation sent',
    });
  });

  it('the watchdog re-installs the schedule when Redis is emptied under a live connection', async () => {
    const client = redis.client();
    await client.connect();
    await client.flushall();
    client.disconnect();
    expect(await schedulerInstalled()).toBe(false);
    await waitFor(schedulerInstalled, { timeoutMs: 30_000, intervalMs: 200, what: 'the watchdog' });
  });
});
