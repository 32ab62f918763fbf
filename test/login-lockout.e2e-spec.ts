import IORedis from 'ioredis';
import { LoginAttempts } from '@hirefair/core';
import {
  PASSWORD,
  TestApp,
  bearer,
  createOrganization,
  createTestApp,
  unique,
  waitFor,
} from '@hirefair/testing';

const LOGIN = '/api/v1/auth/login';

describe('per-account login throttling', () => {
  let t: TestApp;
  let redis: IORedis;
  let attempts: LoginAttempts;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    redis = new IORedis(t.config.redisUrl);
    attempts = t.app.get(LoginAttempts);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  const fail = async (email: string, times: number) => {
    for (let i = 0; i < times; i++) {
      const res = await t.http.post(LOGIN).send({ email, password: `wrong-guess-${i}` });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
  };

  it('locks an account after 10 failures: 429 TOO_MANY_ATTEMPTS with Retry-After, even for the right password; other accounts unaffected', async () => {
    const org = await createOrganization(t.http);
    const other = await org.user(['recruiter']);
    await fail(org.adminEmail, 10);

    const locked = await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(t.config.loginThrottle.windowSeconds);
    // Whatever the password, and in any letter case of the email.
    const wrong = await t.http
      .post(LOGIN)
      .send({ email: org.adminEmail.toUpperCase(), password: 'nope-nope' });
    expect(wrong.status).toBe(429);

    await t.http.post(LOGIN).send({ email: other.email, password: PASSWORD }).expect(200);
    // Existing sessions are not the lock's business: the admin's access token still works.
    await t.http.get('/api/v1/auth/me').set(bearer(org.adminToken)).expect(200);
  });

  it('answers an unknown email exactly like a known one: same codes, same count, same lock', async () => {
    const org = await createOrganization(t.http);
    const unknownEmail = `${unique('ghost')}@example.com`;
    const known: { status: number; body: Record<string, unknown> }[] = [];
    const unknown: { status: number; body: Record<string, unknown> }[] = [];
    for (let i = 0; i < 11; i++) {
      known.push(await t.http.post(LOGIN).send({ email: org.adminEmail, password: `wrong-guess-${i}` }));
      unknown.push(await t.http.post(LOGIN).send({ email: unknownEmail, password: `wrong-guess-${i}` }));
    }
    const shape = (r: { status: number; body: Record<string, unknown> }) => ({
      status: r.status,
      keys: Object.keys(r.body).sort(),
      code: r.body.code,
      message: String(r.body.message).replace(/\d+/g, 'N'),
    });
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(known.slice(0, 10).every((r) => r.status === 401)).toBe(true);
    expect(known[10].status).toBe(429);
    const lockedUnknown = await t.http.post(LOGIN).send({ email: unknownEmail, password: PASSWORD });
    expect(lockedUnknown.status).toBe(429);
    expect(Number(lockedUnknown.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets no more than 10 guesses through when they arrive at once', async () => {
    const org = await createOrganization(t.http);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.http.post(LOGIN).send({ email: org.adminEmail, password: `parallel-guess-${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('keeps the counts in Redis under the queue prefix, and unlocks when the window ends', async () => {
    const org = await createOrganization(t.http);
    await fail(org.adminEmail, 10);
    await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(429);

    const key = attempts.key(org.adminEmail);
    expect(key.startsWith(`${t.config.queuePrefix}:`)).toBe(true);
    expect(key).not.toContain(org.adminEmail);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.config.loginThrottle.windowSeconds * 1000);

    // The window's end, brought forward: Redis expires the key as it would after 15 minutes.
    await redis.pexpire(key, 1);
    await waitFor(async () => (await redis.exists(key)) === 0, { what: 'the window to end' });
    await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(200);
    // A success forgets earlier failures.
    await fail(org.adminEmail, 3);
    await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(200);
    expect(await redis.exists(key)).toBe(0);
  });

  it('shares the counts with every other API process on the same Redis', async () => {
    const second = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '100000' });
    try {
      const org = await createOrganization(t.http);
      for (let i = 0; i < 10; i++) {
        const app = i % 2 === 0 ? t : second;
        await app.http
          .post(LOGIN)
          .send({ email: org.adminEmail, password: `wrong-guess-${i}` })
          .expect(401);
      }
      await second.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(429);
      await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(429);
    } finally {
      await second.close();
    }
  });

  it('puts the same limit on Basic guesses at the queue dashboard', async () => {
    const org = await createOrganization(t.http);
    for (let i = 0; i < 10; i++) {
      const res = await t.http.get('/admin/queues').auth(org.adminEmail, `wrong-guess-${i}`);
      expect(res.status).toBe(401);
    }
    const locked = await t.http.get('/admin/queues').auth(org.adminEmail, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // One budget per account: the API's login is locked too.
    await t.http.post(LOGIN).send({ email: org.adminEmail, password: PASSWORD }).expect(429);
  });
});

describe('the anonymous account routes share the public per-address limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it.each([
    ['/api/v1/auth/password-reset', { email: 'someone@example.com' }],
    ['/api/v1/auth/password-reset/confirm', { token: 'not-a-real-token', password: PASSWORD }],
    ['/api/v1/auth/accept-invite', { token: 'not-a-real-token', password: PASSWORD }],
  ])('%s answers 429 with Retry-After past the limit', async (path, body) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http.post(path).send(body)).status);
    expect(statuses.slice(0, 3).every((s) => s === 202 || s === 400)).toBe(true);
    const limited = await t.http.post(path).send(body);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
