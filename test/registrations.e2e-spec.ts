import { DataSource } from 'typeorm';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  eventBody,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

describe('events and registrations', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
  });
  afterAll(() => t.close());

  // The seat's mails; the pipeline's own (test required, routed...) are another suite's concern.
  const SEAT_MAILS = [
    'registration.registered',
    'registration.waitlisted',
    'registration.access-link',
    'registration.promoted',
  ];
  const mailsTo = (email: string) =>
    db.query(
      `SELECT template, status, text_body, html_body, links, attachments FROM mail_messages
        WHERE to_address = $1 AND template = ANY($2) ORDER BY created_at`,
      [email, SEAT_MAILS],
    );

  it('never sells more than capacity: 500 concurrent registrations for 100 seats', async () => {
    const event = await createEvent(t.http, org, { capacity: 100 });
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        t.http
          .post(registrationsPath(event.slug))
          .send(registrationBody({ email: `rush-${i}-${event.slug}@example.com` })),
      ),
    );
    console.log('500 registrations took', Date.now() - started, 'ms');
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(responses.filter((r) => r.body.status === 'registered')).toHaveLength(100);
    expect(responses.filter((r) => r.body.status === 'waitlisted')).toHaveLength(400);
    const rows: { status: string; seq: string }[] = await db.query(
      `SELECT status, seq FROM registrations WHERE event_id = $1 ORDER BY seq`,
      [event.id],
    );
    expect(rows).toHaveLength(500);
    // Seats went strictly by arrival: the first 100 by seq are the registered ones.
    expect(rows.slice(0, 100).every((r) => r.status === 'registered')).toBe(true);
    expect(rows.slice(100).every((r) => r.status === 'waitlisted')).toBe(true);
    const [seats] = await db.query(`SELECT registered, capacity FROM event_seats WHERE event_id = $1`, [
      event.id,
    ]);
    expect(seats).toEqual({ registered: 100, capacity: 100 });
    const [mails] = await db.query(
      `SELECT count(*)::int AS n FROM mail_messages m JOIN registrations r ON r.id = m.subject_id
        WHERE r.event_id = $1 AND m.template = ANY($2)`,
      [event.id, SEAT_MAILS],
    );
    expect(mails.n).toBe(500);
    const page = await t.http
      .get(`/api/v1/events/${event.id}/registrations?status=waitlisted&limit=200`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(page.body.items).toHaveLength(200);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const seqs = page.body.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('keeps one registration per email: the same email 50 times at once', async () => {
    const event = await createEvent(t.http, org, { capacity: 10 });
    const email = `Same-${event.slug}@Example.com`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.http.post(registrationsPath(event.slug)).send(registrationBody({ email })),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(49);
    for (const c of conflicts) {
      expect(c.body).toMatchObject({ statusCode: 409, code: 'ALREADY_REGISTERED' });
      expect(c.body.candidateToken).toBeUndefined();
    }
    const [count] = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
      event.id,
    ]);
    expect(count.n).toBe(1);
    // The access link went to the mailbox (not to the caller), at most once a minute.
    const mails = await mailsTo(email.toLowerCase());
    expect(mails.map((m: { template: string }) => m.template).sort()).toEqual([
      'registration.access-link',
      'registration.registered',
    ]);
    const link = mails.find((m: { template: string }) => m.template === 'registration.access-link').links[0]
      .url;
    const token = new URL(link).hash.replace('#token=', '');
    await t.http.get('/api/v1/candidate/registration').set(bearer(token)).expect(200);
    // The first token still works too.
    const first = responses.find((r) => r.status === 201)!;
    await t.http.get('/api/v1/candidate/registration').set(bearer(first.body.candidateToken)).expect(200);
  });

  it('reuses one candidate per email across the organization’s events and stores names exactly', async () => {
    const a = await createEvent(t.http, org);
    const b = await createEvent(t.http, org);
    const email = `reuse-${a.slug}@example.com`;
    const name = '欧阳 娜娜 Nana ÖZTÜRK';
    await t.http.post(registrationsPath(a.slug)).send(registrationBody({ email, name })).expect(201);
    await t.http.post(registrationsPath(b.slug)).send(registrationBody({ email, name })).expect(201);
    const rows = await db.query(
      `SELECT c.id, c.name FROM registrations r JOIN candidates c ON c.id = r.candidate_id WHERE c.email = $1`,
      [email],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].id).toBe(rows[1].id);
    expect(rows[0].name).toBe(name);
  });

  it('promotes the first waitlisted on withdrawal and emails them; erasure removes personal data', async () => {
    const event = await createEvent(t.http, org, { capacity: 1 });
    const regs: {
      registrationId: string;
      status: string;
      candidateToken: string;
      email: string;
      name: string;
    }[] = [];
    for (const i of [0, 1, 2]) {
      const body = registrationBody({
        name: `候选人 ${i}`,
        phone: '+86 138 0000 000' + i,
        githubUrl: 'https://github.com/x',
      });
      const res = await t.http.post(registrationsPath(event.slug)).send(body).expect(201);
      regs.push({ ...res.body, email: body.email as string, name: body.name as string });
    }
    expect(regs.map((r) => r.status)).toEqual(['registered', 'waitlisted', 'waitlisted']);
    const waiting = await t.http
      .get('/api/v1/candidate/registration')
      .set(bearer(regs[2].candidateToken))
      .expect(200);
    expect(waiting.body.waitlistPosition).toBe(2);

    const del = await t.http
      .delete('/api/v1/candidate/registration')
      .set(bearer(regs[0].candidateToken))
      .expect(200);
    expect(del.body).toEqual({ registrationId: regs[0].registrationId, status: 'withdrawn', erased: true });
    // The erased candidate's token no longer opens anything.
    await t.http.get('/api/v1/candidate/registration').set(bearer(regs[0].candidateToken)).expect(401);

    const promoted = await t.http
      .get('/api/v1/candidate/registration')
      .set(bearer(regs[1].candidateToken))
      .expect(200);
    expect(promoted.body.status).toBe('registered');
    expect(promoted.body.checkInCode).toMatch(/^[A-Z0-9]{10}$/);
    const third = await t.http
      .get('/api/v1/candidate/registration')
      .set(bearer(regs[2].candidateToken))
      .expect(200);
    expect(third.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await mailsTo(regs[1].email)).map((m: { template: string }) => m.template)).toEqual([
      'registration.waitlisted',
      'registration.promoted',
    ]);
    // Stored as facts by the withdrawal; the mail job renders the body as it sends it.
    const mails = await waitFor(
      async () => {
        const found = await mailsTo(regs[1].email);
        return found[1].status === 'sent' ? found : undefined;
      },
      { what: 'promotion mail sent' },
    );
    // The QR code travels as an inline image part the HTML references by cid: (mail clients show it).
    expect(mails[1].html_body).toContain('src="cid:check-in-qr@hirefair"');
    expect(mails[1].attachments).toEqual([
      expect.objectContaining({ contentType: 'image/png', cid: 'check-in-qr@hirefair', encoding: 'base64' }),
    ]);
    expect(mails[1].text_body).toContain(promoted.body.checkInCode);

    // Personal data is gone from the listing, the CSV and the export; the counts stay right.
    const list = await t.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(bearer(org.adminToken))
      .expect(200);
    const erased = list.body.items.find((i: { id: string }) => i.id === regs[0].registrationId);
    expect(erased).toMatchObject({
      status: 'withdrawn',
      candidate: { name: null, email: null, phone: null, erased: true },
    });
    expect(erased.profile).toEqual({});
    expect(JSON.stringify(list.body)).not.toContain(regs[0].email);
    expect(JSON.stringify(list.body)).not.toContain(regs[0].name);
    const csv = await t.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(bearer(org.adminToken))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(4);
    expect(csv.text).not.toContain(regs[0].email);
    expect(csv.text).not.toContain(regs[0].name);
    expect(csv.text).toContain(regs[1].email);
    const search = await t.http
      .get(`/api/v1/events/${event.id}/registrations?q=${encodeURIComponent(regs[0].email)}`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(search.body.items).toEqual([]);
    const dump = JSON.stringify(
      await db.query(`SELECT * FROM mail_messages WHERE subject_id = $1`, [regs[0].registrationId]),
    );
    expect(dump).not.toContain(regs[0].email);
    expect(dump).not.toContain('候选人 0');
    const [cand] = await db.query(
      `SELECT c.* FROM candidates c JOIN registrations r ON r.candidate_id = c.id WHERE r.id = $1`,
      [regs[0].registrationId],
    );
    expect(cand).toMatchObject({ name: 'erased', phone: null });
    expect(cand.email).not.toContain(regs[0].email);
    const detail = await t.http.get(`/api/v1/events/${event.id}`).set(bearer(org.adminToken)).expect(200);
    expect(detail.body.seats).toEqual({ capacity: 1, registered: 1, waitlisted: 1, withdrawn: 1 });
    const record = await t.http
      .get(`/api/v1/registrations/${regs[1].registrationId}`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(
      record.body.timeline
        .filter((e: { field: string }) => e.field === 'status')
        .map((e: { to: string }) => e.to),
    ).toEqual(['waitlisted', 'registered']);
  });

  it('withdraws a registration while its intake runs: no deadlock between the two', async () => {
    // Intake holds the registration and re-checks its candidate foreign key (FOR KEY SHARE); the
    // withdrawal holds the candidate, then waits for the registration. 20 of each, back to back.
    const event = await createEvent(t.http, org, { capacity: 100 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
      const del = await t.http
        .delete('/api/v1/candidate/registration')
        .set(bearer(res.body.candidateToken as string));
      statuses.push(del.status);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('exports every stored fact about the candidate', async () => {
    const event = await createEvent(t.http, org);
    const body = registrationBody({
      name: '赵六',
      publications: [{ title: 'Paper', venue: 'NeurIPS', year: 2024 }],
      awards: [{ name: 'Gold', rank: 1, year: 2023 }],
      expectedMonthlySalaryCny: 50000,
    });
    const res = await t.http.post(registrationsPath(event.slug)).send(body).expect(201);
    const dump = await t.http
      .get('/api/v1/candidate/data-export')
      .set(bearer(res.body.candidateToken))
      .expect(200);
    expect(dump.body.candidate).toMatchObject({ name: '赵六', email: body.email });
    expect(dump.body.registrations[0]).toMatchObject({
      id: res.body.registrationId,
      profile: { publications: body.publications, awards: body.awards, expectedMonthlySalaryCny: 50000 },
      consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
    });
    expect(dump.body.registrations[0].tokenHashes).toBeUndefined();
    // The registration's own entry and mail; the intake (workers in the test app) may already have
    // added its lane and stage, and a mail of its own, by the time the export is read.
    expect(dump.body.registrations[0].timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'status', to: 'registered' })]),
    );
    expect(dump.body.mails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ template: 'registration.registered', to: body.email }),
      ]),
    );
  });

  it('refuses malformed bodies with 400 in the contract shape and stores nothing', async () => {
    const event = await createEvent(t.http, org);
    const valid = registrationBody();
    const { consent: _consent, ...withoutConsent } = valid;
    const bad: unknown[] = [
      withoutConsent,
      { ...valid, consent: { privacyPolicyVersion: '1', shareWithBusinessUnits: false } },
      { ...valid, consent: null },
      { ...valid, name: 42 },
      { ...valid, name: '' },
      { ...valid, name: 'x'.repeat(201) },
      { ...valid, name: 'nul\u0000byte' },
      { ...valid, city: 'Bei\u0000jing' },
      { ...valid, specialties: ['nlp\u0000'] },
      { ...valid, email: 'not-an-email' },
      { ...valid, email: null },
      { ...valid, degree: 'wizard' },
      { ...valid, yearsOfExperience: '4' },
      { ...valid, yearsOfExperience: -1 },
      { ...valid, yearsOfExperience: 1.5 },
      { ...valid, specialties: [] },
      { ...valid, specialties: 'nlp' },
      { ...valid, specialties: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      { ...valid, publications: [{ title: 'x', venue: 'y', year: 'soon' }] },
      { ...valid, publications: Array.from({ length: 101 }, () => ({ title: 'x', venue: 'y', year: 2020 })) },
      { ...valid, awards: [{ name: 'x', rank: 0, year: 2020 }] },
      { ...valid, githubUrl: 'javascript:alert(1)' },
      { ...valid, expectedMonthlySalaryCny: 'a lot' },
      { ...valid, role: 'admin' },
      { ...valid, constructor: { prototype: { polluted: true } } },
      { ...valid, isAdmin: true },
      [valid],
      'just a string',
    ];
    for (const body of bad) {
      const res = await t.http.post(registrationsPath(event.slug)).send(body as object);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^[A-Z_]+$/) });
      expect(typeof res.body.message).toBe('string');
    }
    const raw = [
      `{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`,
      `{"name": "x", `,
      `${JSON.stringify(valid).slice(0, -1)}, "constructor": {"prototype": {"polluted": true}}}`,
    ];
    for (const text of raw) {
      const res = await t.http
        .post(registrationsPath(event.slug))
        .set('Content-Type', 'application/json')
        .send(text);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    }
    const detailed = await t.http
      .post(registrationsPath(event.slug))
      .send({ ...valid, email: 'nope' })
      .expect(400);
    expect(detailed.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'email', messages: ['email must be an email'] }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [count] = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
      event.id,
    ]);
    expect(count.n).toBe(0);
  });

  it('runs the event state machine and answers REGISTRATION_CLOSED outside it', async () => {
    const draft = await createEvent(t.http, org, {}, { publish: false });
    expect(draft.status).toBe('draft');
    await t.http.get(`/api/v1/public/events/${draft.slug}`).expect(404);
    const early = await t.http.post(registrationsPath(draft.slug)).send(registrationBody()).expect(409);
    expect(early.body.code).toBe('REGISTRATION_CLOSED');
    const complete = await t.http
      .post(`/api/v1/events/${draft.id}/complete`)
      .set(bearer(org.adminToken))
      .expect(409);
    expect(complete.body.code).toBe('INVALID_EVENT_TRANSITION');
    await t.http.post(`/api/v1/events/${draft.id}/publish`).set(bearer(org.adminToken)).expect(200);
    const page = await t.http.get(`/api/v1/public/events/${draft.slug}`).expect(200);
    expect(page.body).toMatchObject({
      slug: draft.slug,
      status: 'published',
      registrationOpen: true,
      timezone: 'Asia/Shanghai',
    });
    await t.http.post(`/api/v1/events/${draft.id}/publish`).set(bearer(org.adminToken)).expect(409);
    await t.http.post(`/api/v1/events/${draft.id}/close`).set(bearer(org.adminToken)).expect(200);
    const closed = await t.http.post(registrationsPath(draft.slug)).send(registrationBody()).expect(409);
    expect(closed.body.code).toBe('REGISTRATION_CLOSED');
    await t.http.get(`/api/v1/public/events/${draft.slug}`).expect(200);
    await t.http.post(`/api/v1/events/${draft.id}/complete`).set(bearer(org.adminToken)).expect(200);
    const cancel = await t.http
      .post(`/api/v1/events/${draft.id}/cancel`)
      .set(bearer(org.adminToken))
      .expect(409);
    expect(cancel.body.code).toBe('INVALID_EVENT_TRANSITION');

    const cancelled = await createEvent(t.http, org);
    await t.http.post(`/api/v1/events/${cancelled.id}/cancel`).set(bearer(org.adminToken)).expect(200);
    await t.http.get(`/api/v1/public/events/${cancelled.slug}`).expect(404);
    expect((await t.http.post(registrationsPath(cancelled.slug)).send(registrationBody())).body.code).toBe(
      'REGISTRATION_CLOSED',
    );

    const hour = 3600_000;
    const notYet = await createEvent(t.http, org, {
      registrationOpensAt: new Date(Date.now() + hour).toISOString(),
      registrationClosesAt: new Date(Date.now() + 2 * hour).toISOString(),
    });
    expect((await t.http.post(registrationsPath(notYet.slug)).send(registrationBody())).body.code).toBe(
      'REGISTRATION_CLOSED',
    );
    await t.http.post(registrationsPath('no-such-event')).send(registrationBody()).expect(404);
  });

  it('refuses a registration racing a close, even with the event cached as open', async () => {
    const event = await createEvent(t.http, org);
    await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    await t.http.post(`/api/v1/events/${event.id}/close`).set(bearer(org.adminToken)).expect(200);
    const late = registrationBody();
    const res = await t.http.post(registrationsPath(event.slug)).send(late);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REGISTRATION_CLOSED');
    const [stored] = await db.query(`SELECT count(*)::int AS n FROM candidates WHERE email = $1`, [
      late.email,
    ]);
    expect(stored.n).toBe(0);
    const [seats] = await db.query(`SELECT registered FROM event_seats WHERE event_id = $1`, [event.id]);
    expect(seats.registered).toBe(1);
  });

  it('validates event windows, time zones and slugs', async () => {
    const hour = 3600_000;
    const now = Date.now();
    const cases: [Record<string, unknown>, string][] = [
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [
        { startsAt: new Date(now + 10 * hour).toISOString(), endsAt: new Date(now + 9 * hour).toISOString() },
        'endsAt',
      ],
      [
        {
          registrationOpensAt: new Date(now + 5 * hour).toISOString(),
          registrationClosesAt: new Date(now + 4 * hour).toISOString(),
        },
        'registrationClosesAt',
      ],
      [{ registrationClosesAt: new Date(now + 1000 * hour).toISOString() }, 'registrationClosesAt'],
      [{ startsAt: '2026-13-45T99:00:00Z' }, 'startsAt'],
      [{ startsAt: '2026-05-01T09:00:00' }, 'startsAt'],
      [{ capacity: -1 }, 'capacity'],
      [{ slug: 'Not A Slug' }, 'slug'],
      [{ title: 'a\u0000b' }, 'title'],
      [{ businessUnitIds: ['00000000-0000-4000-8000-000000000000'] }, 'businessUnitIds'],
    ];
    for (const [overrides, field] of cases) {
      const res = await t.http.post('/api/v1/events').set(bearer(org.adminToken)).send(eventBody(overrides));
      expect({ overrides, status: res.status }).toEqual({ overrides, status: 400 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unit = await org.unit();
    const ok = await createEvent(t.http, org, { businessUnitIds: [unit.id] });
    const page = await t.http.get(`/api/v1/public/events/${ok.slug}`).expect(200);
    expect(page.body.businessUnits).toEqual([{ name: unit.name, specialties: ['nlp'] }]);
    const dup = await t.http
      .post('/api/v1/events')
      .set(bearer(org.adminToken))
      .send(eventBody({ slug: ok.slug }));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('EVENT_SLUG_TAKEN');
    // Another organization may draft the slug, but not publish it while ours is public.
    const other = await createOrganization(t.http);
    const theirs = await createEvent(t.http, other, { slug: ok.slug }, { publish: false });
    const publish = await t.http.post(`/api/v1/events/${theirs.id}/publish`).set(bearer(other.adminToken));
    expect(publish.status).toBe(409);
    expect(publish.body.code).toBe('EVENT_SLUG_TAKEN');
    const patched = await t.http
      .patch(`/api/v1/events/${ok.id}`)
      .set(bearer(org.adminToken))
      .send({ capacity: 5, title: '小米 AI 专家招聘会' })
      .expect(200);
    expect(patched.body).toMatchObject({ capacity: 5, title: '小米 AI 专家招聘会' });
    const draft = await createEvent(t.http, org, {}, { publish: false });
    const slugs: string[] = [];
    let cursor: string | null = null;
    do {
      const listed: { body: { items: { slug: string }[]; nextCursor: string | null } } = await t.http
        .get(`/api/v1/public/events?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      slugs.push(...listed.body.items.map((e: { slug: string }) => e.slug));
      cursor = listed.body.nextCursor;
    } while (cursor);
    expect(slugs).toContain(ok.slug);
    expect(slugs).not.toContain(draft.slug);
    const mine = await t.http.get('/api/v1/events?status=draft').set(bearer(org.adminToken)).expect(200);
    expect(mine.body.items.map((e: { id: string }) => e.id)).toContain(draft.id);
  });

  it('grows capacity by promoting the waitlist and refuses shrinking below the registered', async () => {
    const event = await createEvent(t.http, org, { capacity: 1 });
    for (let i = 0; i < 3; i++)
      await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    const grown = await t.http
      .patch(`/api/v1/events/${event.id}`)
      .set(bearer(org.adminToken))
      .send({ capacity: 2 })
      .expect(200);
    expect(grown.body.seats).toMatchObject({ capacity: 2, registered: 2, waitlisted: 1 });
    const shrink = await t.http
      .patch(`/api/v1/events/${event.id}`)
      .set(bearer(org.adminToken))
      .send({ capacity: 1 });
    expect(shrink.status).toBe(409);
    expect(shrink.body.code).toBe('CAPACITY_BELOW_REGISTERED');
  });

  it('replays an Idempotency-Key and refuses it with another body', async () => {
    const event = await createEvent(t.http, org);
    const body = registrationBody();
    const key = `key-${event.slug}`;
    const sends = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post(registrationsPath(event.slug)).set('Idempotency-Key', key).send(body),
      ),
    );
    for (const s of sends) expect(s.status).toBe(201);
    expect(new Set(sends.map((s) => s.body.registrationId)).size).toBe(1);
    expect(new Set(sends.map((s) => s.body.candidateToken)).size).toBe(1);
    const again = await t.http
      .post(registrationsPath(event.slug))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(again.body).toEqual(sends[0].body);
    const reused = await t.http
      .post(registrationsPath(event.slug))
      .set('Idempotency-Key', key)
      .send({ ...body, name: 'Someone else' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const [count] = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
      event.id,
    ]);
    expect(count.n).toBe(1);
  });

  it('checks in by id or code, idempotently, and only registered seats', async () => {
    const event = await createEvent(t.http, org, { capacity: 1 });
    const a = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    const b = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    const view = await t.http
      .get('/api/v1/candidate/registration')
      .set(bearer(a.body.candidateToken))
      .expect(200);
    const first = await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(org.adminToken))
      .send({ checkInCode: view.body.checkInCode.toLowerCase() })
      .expect(200);
    // Beside the contract's two fields: who arrived, for the door page (the lane depends on the
    // intake's timing), and whether this call was a repeat.
    expect(first.body).toEqual({
      registrationId: a.body.registrationId,
      checkedInAt: expect.any(String),
      alreadyCheckedIn: false,
      name: 'Test Candidate',
      lane: first.body.lane,
      stage: expect.any(String),
      businessUnitName: null,
    });
    const again = await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(org.adminToken))
      .send({ registrationId: a.body.registrationId })
      .expect(200);
    expect(again.body).toEqual({ ...first.body, alreadyCheckedIn: true });
    const waitlisted = await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(org.adminToken))
      .send({ registrationId: b.body.registrationId });
    expect(waitlisted.status).toBe(409);
    await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(org.adminToken))
      .send({})
      .expect(400);
    await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(org.adminToken))
      .send({ checkInCode: 'NOSUCHCODE' })
      .expect(404);
  });

  it('filters the staff listing', async () => {
    const event = await createEvent(t.http, org, { capacity: 2 });
    const bodies = [
      registrationBody({ name: 'Alice Filter', city: 'Shanghai', specialties: ['robotics'] }),
      registrationBody({ name: '李 Filter', city: 'Beijing', specialties: ['nlp', 'robotics'] }),
      registrationBody({ name: 'Carol', city: 'Beijing', specialties: ['nlp'] }),
    ];
    for (const b of bodies) await t.http.post(registrationsPath(event.slug)).send(b).expect(201);
    const get = async (qs: string) =>
      (
        await t.http
          .get(`/api/v1/events/${event.id}/registrations?${qs}`)
          .set(bearer(org.adminToken))
          .expect(200)
      ).body.items.map((i: { candidate: { name: string } }) => i.candidate.name);
    expect(await get('specialty=robotics')).toEqual(['Alice Filter', '李 Filter']);
    expect(await get('city=beijing')).toEqual(['李 Filter', 'Carol']);
    expect(await get('status=waitlisted')).toEqual(['Carol']);
    expect(await get(`q=${encodeURIComponent('filter')}`)).toEqual(['Alice Filter', '李 Filter']);
    // Without a waiver policy the two seated ones go to the written test; the waitlisted one waits in intake.
    await waitFor(
      async () =>
        ((await get('stage=test_required')).length === 2 && (await get('lane=standard')).length === 3) ||
        undefined,
      {
        what: 'intake of the seated registrations',
      },
    );
    expect(await get('stage=test_required&limit=1')).toEqual(['Alice Filter']);
    expect(await get('stage=intake')).toEqual(['Carol']);
    expect(await get('lane=standard')).toEqual(['Alice Filter', '李 Filter', 'Carol']);
    const unit = await org.unit();
    const [carol] = await db.query(
      `SELECT r.id FROM registrations r JOIN candidates c ON c.id = r.candidate_id WHERE r.event_id = $1 AND c.name = 'Carol'`,
      [event.id],
    );
    await db.query(`UPDATE registrations SET business_unit_id = $2 WHERE id = $1`, [carol.id, unit.id]);
    expect(await get(`businessUnitId=${unit.id}`)).toEqual(['Carol']);
    const first = await t.http
      .get(`/api/v1/events/${event.id}/registrations?limit=2`)
      .set(bearer(org.adminToken))
      .expect(200);
    const second = await t.http
      .get(`/api/v1/events/${event.id}/registrations?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(second.body).toMatchObject({ nextCursor: null, items: [{ candidate: { name: 'Carol' } }] });
    await t.http
      .get(`/api/v1/events/${event.id}/registrations?status=bogus`)
      .set(bearer(org.adminToken))
      .expect(400);
    await t.http
      .get(`/api/v1/events/${event.id}/registrations?cursor=garbage`)
      .set(bearer(org.adminToken))
      .expect(400);
  });

  it('keeps tokens apart and organizations apart', async () => {
    const event = await createEvent(t.http, org);
    const reg = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    // A candidate token on staff routes, a staff token on candidate routes: 401.
    await t.http.get(`/api/v1/events/${event.id}`).set(bearer(reg.body.candidateToken)).expect(401);
    await t.http.get('/api/v1/auth/me').set(bearer(reg.body.candidateToken)).expect(401);
    const staffOnCandidate = await t.http.get('/api/v1/candidate/registration').set(bearer(org.adminToken));
    expect(staffOnCandidate.status).toBe(401);
    expect(staffOnCandidate.body.statusCode).toBe(401);
    await t.http.get('/api/v1/candidate/registration').expect(401);
    await t.http.get('/api/v1/candidate/data-export').set(bearer('made-up-token')).expect(401);

    const other = await createOrganization(t.http);
    for (const path of [
      `/api/v1/events/${event.id}`,
      `/api/v1/events/${event.id}/registrations`,
      `/api/v1/registrations/${reg.body.registrationId}`,
    ]) {
      const res = await t.http.get(path).set(bearer(other.adminToken));
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    await t.http
      .patch(`/api/v1/events/${event.id}`)
      .set(bearer(other.adminToken))
      .send({ title: 'x' })
      .expect(404);
    await t.http.post(`/api/v1/events/${event.id}/close`).set(bearer(other.adminToken)).expect(404);
    await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(other.adminToken))
      .send({ registrationId: reg.body.registrationId })
      .expect(404);
    // A reviewer sees a registration only once it is routed to one of their units.
    const unit = await org.unit();
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    await t.http
      .get(`/api/v1/registrations/${reg.body.registrationId}`)
      .set(bearer(reviewer.token))
      .expect(404);
    await db.query(`UPDATE registrations SET business_unit_id = $2 WHERE id = $1`, [
      reg.body.registrationId,
      unit.id,
    ]);
    await t.http
      .get(`/api/v1/registrations/${reg.body.registrationId}`)
      .set(bearer(reviewer.token))
      .expect(200);
    await t.http.get(`/api/v1/events/${event.id}/registrations`).set(bearer(reviewer.token)).expect(403);
  });
});

describe('rate limiting of public routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '5' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const res = await t.http.get('/api/v1/public/events');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });
});
