import { Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  MailTransport,
  NotificationsRepository,
  NotificationsService,
  RegistrationBatchService,
} from '@hirefair/core';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

describe('registrations taken in batches', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '1000000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
  });
  afterAll(() => t.close());

  it('a batch with a duplicate email, an idempotent replay and a row the database refuses: each its own answer, the others commit', async () => {
    const event = await createEvent(t.http, org, { capacity: 10 });
    const batches = t.app.get(RegistrationBatchService);
    const first = registrationBody();
    const key = `replay-${event.slug}`;
    const original = await t.http
      .post(registrationsPath(event.slug))
      .set('Idempotency-Key', key)
      .send(first)
      .expect(201);

    const fresh = registrationBody();
    const [replay, duplicate, accepted, refused, alsoAccepted] = await Promise.all([
      t.http.post(registrationsPath(event.slug)).set('Idempotency-Key', key).send(first),
      t.http.post(registrationsPath(event.slug)).send({ ...first, name: 'Someone Else' }),
      t.http.post(registrationsPath(event.slug)).send(fresh),
      // A NUL character: PostgreSQL refuses the row (validation of the HTTP body is not what is tested here).
      batches.register(event.slug, { ...registrationBody(), name: 'Bad\u0000Name' } as never).then(
        () => 'registered',
        (error: Error) => error,
      ),
      batches.register(event.slug, registrationBody() as never),
    ]);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(original.body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ statusCode: 409, code: 'ALREADY_REGISTERED' });
    expect(duplicate.body.candidateToken).toBeUndefined();
    expect(accepted.status).toBe(201);
    expect(accepted.body.status).toBe('registered');
    expect(refused).toBeInstanceOf(Error);
    expect(alsoAccepted.status).toBe('registered');

    const rows: { email: string; status: string }[] = await db.query(
      `SELECT c.email, r.status FROM registrations r JOIN candidates c ON c.id = r.candidate_id
        WHERE r.event_id = $1 ORDER BY r.seq`,
      [event.id],
    );
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.email)).toEqual(expect.arrayContaining([first.email, fresh.email]));
    expect(rows.map((r) => r.email)).not.toContain(expect.stringContaining('\u0000'));
    const [seats] = await db.query(`SELECT registered FROM event_seats WHERE event_id = $1`, [event.id]);
    expect(seats.registered).toBe(3);
    // The duplicate got its access link mailed again, the token never handed out.
    await waitFor(
      async () =>
        (
          await db.query(`SELECT 1 FROM mail_messages WHERE to_address = $1 AND template = $2`, [
            first.email,
            'registration.access-link',
          ])
        ).length === 1,
      { what: 'access link mailed again' },
    );
  });

  it('sees a closed event at once, in another process too: there is no per-process event cache', async () => {
    const other = await createTestApp({ PUBLIC_RATE_LIMIT: '1000000' });
    try {
      const event = await createEvent(t.http, org, { capacity: 10 });
      await other.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
      await t.http.post(`/api/v1/events/${event.id}/close`).set(bearer(org.adminToken)).expect(200);
      const res = await other.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(409);
      expect(res.body.code).toBe('REGISTRATION_CLOSED');
      await t.http.post(registrationsPath('no-such-event-anywhere')).send(registrationBody()).expect(404);
    } finally {
      await other.close();
    }
  });

  it('renders the confirmation in the mail job from the event as it is when the mail goes', async () => {
    const event = await createEvent(t.http, org, { capacity: 10, title: 'Before' });
    const body = registrationBody();
    const res = await t.http.post(registrationsPath(event.slug)).send(body).expect(201);
    const [stored] = await db.query(
      `SELECT subject, text_body, render_context FROM mail_messages
        WHERE subject_id = $1 AND template = 'registration.registered'`,
      [res.body.registrationId],
    );
    // What the request stored: facts, no body (unless the mail job was already faster).
    if (stored.render_context) expect(stored.text_body).toBe('');
    const sent = await waitFor(
      async () => {
        const [m] = await db.query(
          `SELECT status, subject, html_body, attachments, render_context FROM mail_messages
            WHERE subject_id = $1 AND template = 'registration.registered'`,
          [res.body.registrationId],
        );
        return m.status === 'sent' ? m : undefined;
      },
      { what: 'confirmation sent' },
    );
    expect(sent.subject).toContain(event.title as string);
    expect(sent.html_body).toContain(`/candidate#token=${res.body.candidateToken}`);
    expect(sent.html_body).toContain('src="cid:check-in-qr@hirefair"');
    expect(sent.attachments[0]).toMatchObject({ contentType: 'image/png', cid: 'check-in-qr@hirefair' });
    expect(sent.render_context).toBeNull();
    // The dev mailbox shows the QR image.
    const page = await t.http.get(`/dev/mailbox?to=${encodeURIComponent(body.email as string)}`).expect(200);
    expect(page.text).toContain('data:image/png;base64,');
  });
});

describe('the opening rush, batched', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  beforeAll(async () => {
    // Without workers: what is under test is the registration, not the mail and intake jobs it owes.
    t = await createTestApp({ WORKERS: 'off', PUBLIC_RATE_LIMIT: '1000000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
  });
  const rushEvents: string[] = [];
  // Without workers nothing works off what the rush owes: it is removed, so that the next suites'
  // relays and reconcilers (same database) do not inherit 2,000 mails and intakes.
  afterAll(async () => {
    const owned = `SELECT id FROM registrations WHERE event_id = ANY($1)`;
    await db.query(
      `DELETE FROM outbox WHERE relayed_at IS NULL AND (payload->>'registrationId' IN (SELECT id::text FROM (${owned}) r)
          OR job_id IN (SELECT coalesce(batch_job_id, 'mail-' || id::text) FROM mail_messages
                         WHERE subject_id IN (${owned})))`,
      [rushEvents],
    );
    await db.query(`DELETE FROM mail_messages WHERE subject_id IN (${owned})`, [rushEvents]);
    await db.query(`DELETE FROM events WHERE id = ANY($1)`, [rushEvents]);
    await t.close();
  });

  it('2,000 concurrent registrations over three events of capacity 500: exact counts, seats by arrival, each 201 its row’s status', async () => {
    const events = await Promise.all([0, 1, 2].map(() => createEvent(t.http, org, { capacity: 500 })));
    rushEvents.push(...events.map((e) => e.id));
    const perEvent = [700, 700, 600];
    const requests = events.flatMap((event, e) =>
      Array.from({ length: perEvent[e] }, (_, i) => ({
        event,
        email: `batch-${e}-${i}-${event.slug}@example.com`,
      })),
    );
    // Interleaved over the events, 250 in flight at any time (more sockets than the listen backlog
    // of an in-process server would be refused by the OS, not by the app).
    requests.sort((a, b) => a.email.localeCompare(b.email));
    const responses: Response[] = new Array(requests.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 250 }, async () => {
        while (next < requests.length) {
          const k = next++;
          responses[k] = await t.http
            .post(registrationsPath(requests[k].event.slug))
            .send(registrationBody({ email: requests[k].email }));
        }
      }),
    );
    expect(responses.filter((r) => r.status !== 201).map((r) => r.status)).toEqual([]);
    for (const [e, event] of events.entries()) {
      const rows: { id: string; status: string; email: string }[] = await db.query(
        `SELECT r.id, r.status, c.email FROM registrations r JOIN candidates c ON c.id = r.candidate_id
          WHERE r.event_id = $1 ORDER BY r.seq`,
        [event.id],
      );
      expect(rows).toHaveLength(perEvent[e]);
      expect(new Set(rows.map((r) => r.email)).size).toBe(perEvent[e]);
      // Seats went strictly by arrival: the first 500 by seq are the registered ones.
      expect(rows.slice(0, 500).every((r) => r.status === 'registered')).toBe(true);
      expect(rows.slice(500).every((r) => r.status === 'waitlisted')).toBe(true);
      const [seats] = await db.query(`SELECT registered, capacity FROM event_seats WHERE event_id = $1`, [
        event.id,
      ]);
      expect(seats).toEqual({ registered: 500, capacity: 500 });
      const byId = new Map(rows.map((r) => [r.id, r.status]));
      responses.forEach((res, k) => {
        if (requests[k].event.id !== event.id) return;
        expect(res.body.status).toBe(byId.get(res.body.registrationId));
      });
    }
    const [mails] = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT m.subject_id)::int AS registrations FROM mail_messages m
         JOIN registrations r ON r.id = m.subject_id
        WHERE r.event_id = ANY($1) AND m.template IN ('registration.registered', 'registration.waitlisted')`,
      [events.map((e) => e.id)],
    );
    expect(mails).toEqual({ n: 2000, registrations: 2000 });
  }, 600_000);
});

describe('mail sends claimed in the database', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const newMail = async (): Promise<string> => {
    const [row] = await db.query(
      `INSERT INTO mail_messages (to_address, subject, text_body, template) VALUES ($1, 'Hi', 'Hello', 'test.claim')
       RETURNING id`,
      [`claim-${Date.now()}-${Math.random()}@example.com`],
    );
    return row.id;
  };

  it('two workers, one mail: one send', async () => {
    const notifications = t.app.get(NotificationsService);
    const transport = t.app.get(MailTransport);
    const send = jest.spyOn(transport, 'send');
    try {
      const mailId = await newMail();
      await Promise.all([notifications.deliver(mailId), notifications.deliver(mailId)]);
      expect(send.mock.calls.filter(([m]) => m.id === mailId)).toHaveLength(1);
      const [row] = await db.query(`SELECT status, attempts, sending_at FROM mail_messages WHERE id = $1`, [
        mailId,
      ]);
      expect(row).toEqual({ status: 'sent', attempts: 1, sending_at: null });
    } finally {
      send.mockRestore();
    }
  });

  it('a live claim is left alone (also by the reconciler); a stale one is taken over', async () => {
    const notifications = t.app.get(NotificationsService);
    const repository = t.app.get(NotificationsRepository);
    const live = await newMail();
    const stale = await newMail();
    await db.query(`UPDATE mail_messages SET created_at = now() - interval '1 hour' WHERE id = ANY($1)`, [
      [live, stale],
    ]);
    await db.query(`UPDATE mail_messages SET sending_at = now(), attempts = 1 WHERE id = $1`, [live]);
    await db.query(
      `UPDATE mail_messages SET sending_at = now() - interval '1 hour', attempts = 1 WHERE id = $1`,
      [stale],
    );
    const owed = (await repository.owed(60_000, ['test.claim'])).map((m) => m.id);
    expect(owed).toContain(stale);
    expect(owed).not.toContain(live);
    expect(await notifications.deliver(live)).toBe('queued');
    expect(await notifications.deliver(stale)).toBe('sent');
    const rows: { id: string; status: string; attempts: number }[] = await db.query(
      `SELECT id, status, attempts FROM mail_messages WHERE id = ANY($1)`,
      [[live, stale]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.attempts]]))).toEqual({
      [live]: ['queued', 1],
      [stale]: ['sent', 2],
    });
  });
});
