import { DataSource } from 'typeorm';
import { IdempotencyService, requestHash } from '@hirefair/core';
import {
  TestApp,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  unique,
} from '@hirefair/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Idempotency-Key leases', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    // A short lease (renewed every 500 ms) keeps the waits below a few seconds.
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000', IDEMPOTENCY_LEASE_MS: '2000' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('lets a retry take over the key of a request whose process died, once the lease lapses', async () => {
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org);
    const path = registrationsPath(event.slug);
    const body = registrationBody();
    const key = unique('key');
    // What a request leaves when its process is killed mid-way: an unfinished claim, leased a second more.
    await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner, lease_until)
       VALUES ($1, $2, $3, gen_random_uuid(), now() + interval '1 second')`,
      [`POST ${path} anonymous`, key, requestHash(body)],
    );
    const retry = await t.http.post(path).set('Idempotency-Key', key).send(body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await t.http.post(path).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.registrationId).toBe(retry.body.registrationId);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM registrations r JOIN candidates c ON c.id = r.candidate_id
        WHERE c.email = $1`,
      [body.email],
    );
    expect(n).toBe(1);
  });

  it('keeps the key of a live request that outlasts its lease: a duplicate waits and replays', async () => {
    const idempotency = t.app.get(IdempotencyService);
    const scope = `POST /test/slow ${unique('caller')}`;
    const key = unique('key');
    let runs = 0;
    const work = async (ms: number) => {
      runs += 1;
      const run = runs;
      await sleep(ms);
      return { run };
    };
    const first = idempotency.run(scope, key, { a: 1 }, 201, () => work(4500));
    await sleep(2500); // past the first lease: only its renewals keep the key
    const duplicate = await idempotency.run(scope, key, { a: 1 }, 201, () => work(0));
    expect(await first).toEqual({ replayed: false, body: { run: 1 } });
    expect(duplicate).toEqual({ replayed: true, statusCode: 201, body: { run: 1 } });
    expect(runs).toBe(1);
  });

  it('lets a retry execute again after a failed request, and refuses the key with another body', async () => {
    const idempotency = t.app.get(IdempotencyService);
    const scope = `POST /test/failing ${unique('caller')}`;
    const key = unique('key');
    await expect(
      idempotency.run(scope, key, { a: 1 }, 201, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await idempotency.run(scope, key, { a: 1 }, 201, async () => 'done')).toEqual({
      replayed: false,
      body: 'done',
    });
    await expect(idempotency.run(scope, key, { a: 2 }, 201, async () => 'other')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });
});
