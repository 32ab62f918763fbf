import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OutboxRelayService, ReconcilerService } from '@hirefair/core';
import {
  OwnRedis,
  TestApp,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  startProcess,
  waitFor,
} from '@hirefair/testing';

describe('registration follow-up work survives Redis', () => {
  const apps: TestApp[] = [];
  const redises: OwnRedis[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const r of redises.splice(0)) await r.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const mailStatuses = (db: DataSource, ids: string[]): Promise<{ status: string }[]> =>
    db.query(
      `SELECT status FROM mail_messages WHERE subject_id = ANY($1::uuid[])
          AND template IN ('registration.registered', 'registration.waitlisted')`,
      [ids],
    );

  const allSent = async (db: DataSource, ids: string[]) => {
    const rows = await mailStatuses(db, ids);
    return rows.length === ids.length && rows.every((r) => r.status === 'sent');
  };

  async function registerMany(t: TestApp, slug: string, count: number): Promise<string[]> {
    const responses = await Promise.all(
      Array.from({ length: count }, () => t.http.post(registrationsPath(slug)).send(registrationBody())),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(count).fill(201));
    return responses.map((r) => r.body.registrationId);
  }

  it('answers 201 while Redis is down and delivers every confirmation once it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirefair-redis-'));
    dirs.push(dir);
    const redis = new OwnRedis(6437, dir);
    redises.push(redis);
    await redis.start();
    const t = await createTestApp({ REDIS_URL: redis.url, PUBLIC_RATE_LIMIT: '100000' });
    apps.push(t);
    const db = t.app.get(DataSource);
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org, { capacity: 5 });

    await redis.stop('SIGTERM');
    const ids = await registerMany(t, event.slug, 20);
    expect(await allSent(db, ids)).toBe(false);

    await redis.start();
    await waitFor(() => allSent(db, ids), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'all confirmations sent',
    });
    // The intake owed through the same outbox ran too: every registration has its lane.
    await waitFor(
      async () => {
        const rows: { lane: string | null }[] = await db.query(
          `SELECT lane FROM registrations WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        return rows.every((r) => r.lane !== null);
      },
      { timeoutMs: 30_000, what: 'every waiver evaluated' },
    );
  });

  it('re-creates jobs lost with a Redis that comes back empty', async () => {
    const redis = new OwnRedis(6438, null);
    redises.push(redis);
    await redis.start();
    // An API without workers: the jobs reach Redis, nobody takes them, then Redis loses them.
    const api = await createTestApp({ REDIS_URL: redis.url, PUBLIC_RATE_LIMIT: '100000', WORKERS: 'off' });
    apps.push(api);
    const db = api.app.get(DataSource);
    const org = await createOrganization(api.http);
    const event = await createEvent(api.http, org, { capacity: 5 });
    const relayed = await registerMany(api, event.slug, 10);
    const relay = api.app.get(OutboxRelayService);
    await waitFor(async () => (await relay.relayOnce()) === 0, { what: 'the outbox relayed' });
    const [pending] = await db.query(
      `SELECT count(*)::int AS n FROM outbox o JOIN mail_messages m
            ON o.job_id = coalesce(m.batch_job_id, 'mail-' || m.id::text)
        WHERE m.subject_id = ANY($1::uuid[]) AND o.relayed_at IS NULL`,
      [relayed],
    );
    expect(pending.n).toBe(0);

    await redis.stop('SIGKILL');
    const whileDown = await registerMany(api, event.slug, 10);
    await redis.start();

    const worker = await createTestApp({ REDIS_URL: redis.url });
    apps.push(worker);
    const reconciler = worker.app.get(ReconcilerService);
    const ids = [...relayed, ...whileDown];
    let reowed = 0;
    await waitFor(
      async () => {
        reowed += (await reconciler.reconcile())['registration-mail'] ?? 0;
        return allSent(db, ids);
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: 'every confirmation sent after the empty restart' },
    );
    // The ten jobs Redis lost came back through the reconciler, not through the outbox.
    expect(reowed).toBeGreaterThanOrEqual(10);
  });

  it('an API without workers queues the confirmation and a separate worker process sends it', async () => {
    const api = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '100000' });
    apps.push(api);
    const db = api.app.get(DataSource);
    const org = await createOrganization(api.http);
    const event = await createEvent(api.http, org);
    const ids = await registerMany(api, event.slug, 3);
    expect(await allSent(db, ids)).toBe(false);
    const worker = startProcess('apps/worker/src/main.ts');
    try {
      await waitFor(() => allSent(db, ids), {
        timeoutMs: 90_000,
        intervalMs: 250,
        what: 'the worker process',
      });
    } finally {
      await worker.stop('SIGTERM');
    }
  });
});
