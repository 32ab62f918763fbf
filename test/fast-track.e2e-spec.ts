import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '@hirefair/queue';
import { IntakeService } from '@hirefair/core';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  setPipeline,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

const PHD_NLP_POLICY = {
  rules: [
    {
      name: 'phd-nlp',
      when: {
        all: [
          { field: 'degree', op: 'eq', value: 'phd' },
          { field: 'specialties', op: 'contains', value: 'nlp' },
        ],
      },
      waive: true,
    },
    { name: 'top-award', when: { field: 'awards.rank', op: 'lte', value: 3 }, waive: true },
  ],
};

type Reg = {
  id: string;
  lane: string | null;
  stage: string;
  status: string;
  businessUnitId: string | null;
  [k: string]: unknown;
};

describe('fast track: waivers, routing, review', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let recruiter: string;
  let recruiterEmail: string;
  let nlp: { id: string; name?: unknown };
  let cv: { id: string };
  let nlpReviewer: { id: string; email: string; token: string };
  let cvReviewer: { id: string; email: string; token: string };
  let event: { id: string; slug: string };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    const rec = await org.user(['recruiter']);
    recruiter = rec.token;
    recruiterEmail = rec.email;
    nlp = await org.unit({
      specialties: ['nlp'],
      scorecard: [
        { criterion: 'research', description: 'Research depth' },
        { criterion: 'engineering', description: 'Engineering' },
      ],
    });
    cv = await org.unit({ specialties: ['computer_vision'] });
    nlpReviewer = await org.user(['bu_reviewer'], { businessUnitIds: [nlp.id] });
    cvReviewer = await org.user(['bu_reviewer'], { businessUnitIds: [cv.id] });
    event = await createEvent(t.http, org, { businessUnitIds: [nlp.id, cv.id], capacity: 1000 });
    await setPipeline(t.http, recruiter, event.id, PHD_NLP_POLICY, {
      strategy: 'least_loaded',
      rules: [
        { specialty: 'nlp', businessUnitId: nlp.id, weight: 1 },
        { specialty: 'computer_vision', businessUnitId: cv.id, weight: 1 },
      ],
    });
  });
  afterAll(() => t.close());

  const register = async (slug: string, overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post(registrationsPath(slug)).send(registrationBody(overrides));
    expect(res.status).toBe(201);
    return res.body.registrationId as string;
  };
  const staffGet = async (id: string, token = recruiter): Promise<Reg> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(token)).expect(200)).body;
  const waitForStage = (id: string, stage: string) =>
    waitFor(
      async () => {
        const r = await staffGet(id);
        return r.stage === stage ? r : undefined;
      },
      { what: `registration ${id} to reach ${stage}` },
    );
  const templatesFor = async (id: string): Promise<string[]> =>
    (
      await db.query(`SELECT template FROM mail_messages WHERE subject_id = $1 ORDER BY created_at`, [id])
    ).map((m: { template: string }) => m.template);

  it('a PhD NLP candidate is fast-tracked by the named rule, routed to the NLP unit, and advanced by its reviewer', async () => {
    const id = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    const routed = await waitForStage(id, 'routed');
    expect(routed.lane).toBe('fast_track');
    expect(routed.waiver).toEqual({ granted: true, rule: 'phd-nlp', policyVersion: 1 });
    expect(routed.businessUnitId).toBe(nlp.id);
    const slaDueAt = new Date(routed.slaDueAt as string).getTime();
    expect(slaDueAt - new Date((routed.routedAt as string) ?? Date.now()).getTime()).toBeGreaterThan(0);

    const queue = await t.http.get('/api/v1/review-queue').set(bearer(nlpReviewer.token)).expect(200);
    const entry = queue.body.items.find((r: Reg) => r.id === id);
    expect(entry).toMatchObject({ lane: 'fast_track', stage: 'routed', slaDueAt: routed.slaDueAt });

    const decided = await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(nlpReviewer.token))
      .send({ decision: 'advance', notes: 'Strong ACL record', scores: { research: 4, engineering: 3 } })
      .expect(200);
    expect(decided.body.registration.stage).toBe('advanced');
    const after = await staffGet(id);
    expect(after.stage).toBe('advanced');
    const stages = (after.timeline as { field: string; to: string }[])
      .filter((e) => e.field === 'stage')
      .map((e) => e.to);
    expect(stages).toEqual(['routed', 'advanced']);
    expect((after.timeline as { field: string; to: string }[]).find((e) => e.field === 'lane')?.to).toBe(
      'fast_track',
    );
    // The fast-tracked mail is stored by the routing's pipeline-mail job, which may land after the
    // decision's mail: wait for both.
    const mailed = ['registration.fast-tracked', 'registration.advanced'];
    const templates = await waitFor(
      async () => {
        const found = await templatesFor(id);
        return mailed.every((template) => found.includes(template)) && found;
      },
      { what: 'the fast-tracked and advanced mails' },
    );
    expect(templates).toEqual(expect.arrayContaining(mailed));
    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ objectId: id, action: 'registration.decided' })
      .set(bearer(org.adminToken))
      .expect(200);
    expect(audit.body.items[0].details).toMatchObject({ decision: 'advance', businessUnitId: nlp.id });
  });

  it('a standard candidate needs the written test: a pass routes them, a fail stops them with the score mailed', async () => {
    const passing = await register(event.slug, { degree: 'master', specialties: ['computer_vision'] });
    const failing = await register(event.slug, { degree: 'bachelor', specialties: ['computer_vision'] });
    await waitForStage(passing, 'test_required');
    await waitForStage(failing, 'test_required');
    // Told to take the test before taking it: a mail whose step is over by the time its job runs
    // (the score recorded first) is left unsent.
    for (const id of [passing, failing])
      await waitFor(async () => (await templatesFor(id)).includes('registration.test-required'), {
        what: 'the test-required mail',
      });
    const pass = await t.http
      .post(`/api/v1/registrations/${passing}/written-test`)
      .set(bearer(recruiter))
      .send({ score: 75 })
      .expect(200);
    expect(pass.body).toMatchObject({
      stage: 'routed',
      lane: 'standard',
      businessUnitId: cv.id,
      writtenTestScore: 75,
    });
    const fail = await t.http
      .post(`/api/v1/registrations/${failing}/written-test`)
      .set(bearer(recruiter))
      .send({ score: 41.5 })
      .expect(200);
    expect(fail.body).toMatchObject({ stage: 'test_failed', businessUnitId: null });
    // Stored as facts in the recording's transaction; rendered by the mail job as it sends it.
    const failMail = await waitFor(async () => {
      const [m] = await db.query(
        `SELECT text_body FROM mail_messages
          WHERE subject_id = $1 AND template = 'registration.test-failed' AND status = 'sent'`,
        [failing],
      );
      return m;
    });
    expect(failMail.text_body).toContain('41.5');
    // The routed mail is owed as a job by the routing (rendered apart from the routing's transaction).
    await waitFor(async () => (await templatesFor(passing)).includes('registration.routed'), {
      what: 'the routed mail',
    });
    expect(await templatesFor(passing)).toEqual(
      expect.arrayContaining(['registration.test-required', 'registration.routed']),
    );

    const fastTracked = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    await waitForStage(fastTracked, 'routed');
    const refused = await t.http
      .post(`/api/v1/registrations/${fastTracked}/written-test`)
      .set(bearer(recruiter))
      .send({ score: 90 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('INVALID_TRANSITION');
    expect(refused.body.details).toEqual([
      { field: 'lane', messages: [expect.stringContaining('WRITTEN_TEST_NOT_REQUIRED')] },
    ]);
  });

  it('rejects a bad policy with a JSON pointer to the bad node and keeps the policy in force', async () => {
    const bad = await t.http
      .put(`/api/v1/events/${event.id}/waiver-policy`)
      .set(bearer(recruiter))
      .send({
        rules: [{ name: 'x', when: { all: [{ field: 'degree', op: 'like', value: 'phd' }] }, waive: true }],
      });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('/rules/0/when/all/0/op');
    const current = await t.http
      .get(`/api/v1/events/${event.id}/waiver-policy`)
      .set(bearer(recruiter))
      .expect(200);
    expect(current.body.version).toBe(1);
    expect(current.body.rules.map((r: { name: string }) => r.name)).toEqual(['phd-nlp', 'top-award']);
  });

  it('simulates a proposed policy over current registrations without changing any', async () => {
    const sim = await createEvent(t.http, org, { businessUnitIds: [nlp.id] });
    await t.http
      .put(`/api/v1/events/${sim.id}/waiver-policy`)
      .set(bearer(recruiter))
      .send(PHD_NLP_POLICY)
      .expect(200);
    const ids = [
      await register(sim.slug, { degree: 'phd', specialties: ['nlp'] }),
      await register(sim.slug, {
        degree: 'master',
        specialties: ['nlp'],
        awards: [{ name: 'ICPC', rank: 2, year: 2023 }],
      }),
      await register(sim.slug, { degree: 'master', specialties: ['nlp'], yearsOfExperience: 10 }),
    ];
    await waitFor(async () => {
      const rows = await db.query(`SELECT lane FROM registrations WHERE id = ANY($1::uuid[])`, [ids]);
      return rows.every((r: { lane: string | null }) => r.lane !== null);
    });
    const before = await db.query(
      `SELECT id, lane, stage FROM registrations WHERE event_id = $1 ORDER BY seq`,
      [sim.id],
    );
    const res = await t.http
      .post(`/api/v1/events/${sim.id}/waiver-policy/simulate`)
      .set(bearer(recruiter))
      .send({
        rules: [{ name: 'seniors', when: { field: 'yearsOfExperience', op: 'gte', value: 8 }, waive: true }],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      rules: [{ name: 'seniors', wouldWaive: 1 }],
      totals: { fast_track: 1, standard: 2 },
      changes: { toFastTrack: 1, toStandard: 2 },
    });
    expect(
      await db.query(`SELECT id, lane, stage FROM registrations WHERE event_id = $1 ORDER BY seq`, [sim.id]),
    ).toEqual(before);
    const policy = await t.http
      .get(`/api/v1/events/${sim.id}/waiver-policy`)
      .set(bearer(recruiter))
      .expect(200);
    expect(policy.body.version).toBe(1);
  });

  it('keeps each unit’s reviewers to their own unit (404 otherwise) and other organizations out', async () => {
    const id = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    await waitForStage(id, 'routed');
    const cvQueue = await t.http.get('/api/v1/review-queue').set(bearer(cvReviewer.token)).expect(200);
    expect(cvQueue.body.items.map((r: Reg) => r.id)).not.toContain(id);
    await t.http.get(`/api/v1/registrations/${id}`).set(bearer(cvReviewer.token)).expect(404);
    const decide = await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(cvReviewer.token))
      .send({ decision: 'reject', notes: 'not mine' });
    expect(decide.status).toBe(404);
    const other = await createOrganization(t.http);
    const outsider = await other.user(['bu_reviewer', 'recruiter'], {
      businessUnitIds: [(await other.unit()).id],
    });
    await t.http.get(`/api/v1/registrations/${id}`).set(bearer(outsider.token)).expect(404);
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(outsider.token))
      .send({ decision: 'advance' })
      .expect(404);
    await t.http.get(`/api/v1/events/${event.id}/waiver-policy`).set(bearer(outsider.token)).expect(404);
    expect((await staffGet(id)).stage).toBe('routed');
  });

  it('lets one of two reviewers deciding at once win; the other gets 409 and one timeline row is written', async () => {
    const second = await org.user(['bu_reviewer'], { businessUnitIds: [nlp.id] });
    const id = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    await waitForStage(id, 'routed');
    const [a, b] = await Promise.all([
      t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(nlpReviewer.token))
        .send({ decision: 'advance' }),
      t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(second.token))
        .send({ decision: 'reject' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('INVALID_TRANSITION');
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM registration_timeline WHERE registration_id = $1 AND field = 'stage' AND to_value IN ('advanced', 'rejected')`,
      [id],
    );
    expect(n).toBe(1);
    const [{ d }] = await db.query(
      `SELECT count(*)::int AS d FROM review_decisions WHERE registration_id = $1`,
      [id],
    );
    expect(d).toBe(1);
  });

  it('validates rubric scores against the unit’s scorecard, and reroutes, holds and rejects', async () => {
    const id = await register(event.slug, { degree: 'phd', specialties: ['nlp', 'computer_vision'] });
    await waitForStage(id, 'routed');
    const badScore = await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(nlpReviewer.token))
      .send({ decision: 'advance', scores: { research: 5, charisma: 2 } });
    expect(badScore.status).toBe(400);
    expect(badScore.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'scores.charisma',
      'scores.research',
    ]);
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(nlpReviewer.token))
      .send({ decision: 'reroute', notes: 'More of a vision profile', businessUnitId: cv.id })
      .expect(200);
    const rerouted = await staffGet(id);
    expect(rerouted).toMatchObject({ stage: 'routed', businessUnitId: cv.id });
    const cvQueue = await t.http.get('/api/v1/review-queue').set(bearer(cvReviewer.token)).expect(200);
    expect(cvQueue.body.items.map((r: Reg) => r.id)).toContain(id);
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(cvReviewer.token))
      .send({ decision: 'hold' })
      .expect(200);
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(cvReviewer.token))
      .send({ decision: 'reject' })
      .expect(200);
    expect((await staffGet(id)).stage).toBe('rejected');
    await waitFor(async () => (await templatesFor(id)).includes('registration.rejected'), {
      what: 'the rejection mail',
    });
  });

  it('orders the review queue fast-track first, then oldest routed first', async () => {
    const unit = await org.unit({ specialties: ['robotics'] });
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    const ev = await createEvent(t.http, org, { businessUnitIds: [unit.id] });
    await setPipeline(
      t.http,
      recruiter,
      ev.id,
      { rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }] },
      { strategy: 'weighted', rules: [{ specialty: 'robotics', businessUnitId: unit.id, weight: 1 }] },
    );
    const std1 = await register(ev.slug, { degree: 'master', specialties: ['robotics'] });
    await waitForStage(std1, 'test_required');
    await t.http
      .post(`/api/v1/registrations/${std1}/written-test`)
      .set(bearer(recruiter))
      .send({ score: 99 })
      .expect(200);
    const fast1 = await register(ev.slug, { degree: 'phd', specialties: ['robotics'] });
    await waitForStage(fast1, 'routed');
    const std2 = await register(ev.slug, { degree: 'master', specialties: ['robotics'] });
    await waitForStage(std2, 'test_required');
    await t.http
      .post(`/api/v1/registrations/${std2}/written-test`)
      .set(bearer(recruiter))
      .send({ score: 99 })
      .expect(200);
    const fast2 = await register(ev.slug, { degree: 'phd', specialties: ['robotics'] });
    await waitForStage(fast2, 'routed');
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Reg[]; nextCursor: string | null } } = await t.http
        .get('/api/v1/review-queue')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set(bearer(reviewer.token))
        .expect(200);
      ids.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual([fast1, fast2, std1, std2]);
  });

  it('evaluates a waitlisted registration but keeps it in intake until a seat frees up, then routes it', async () => {
    const small = await createEvent(t.http, org, { capacity: 1, businessUnitIds: [nlp.id] });
    await setPipeline(t.http, recruiter, small.id, PHD_NLP_POLICY, {
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: nlp.id, weight: 1 }],
    });
    const first = await t.http
      .post(registrationsPath(small.slug))
      .send(registrationBody({ degree: 'master' }))
      .expect(201);
    const waitlisted = await register(small.slug, { degree: 'phd', specialties: ['nlp'] });
    await waitFor(async () => {
      const r = await staffGet(waitlisted);
      return r.lane === 'fast_track' ? r : undefined;
    });
    const waiting = await staffGet(waitlisted);
    expect(waiting).toMatchObject({ status: 'waitlisted', stage: 'intake', lane: 'fast_track' });
    await t.http
      .delete('/api/v1/candidate/registration')
      .set(bearer(first.body.candidateToken))
      .expect((r) => {
        expect(r.status).toBeLessThan(300);
      });
    const promoted = await waitForStage(waitlisted, 'routed');
    expect(promoted).toMatchObject({ status: 'registered', businessUnitId: nlp.id });
  });

  it('lets a recruiter override the waiver either way and route by hand; the lane and queue follow, audited', async () => {
    const standard = await register(event.slug, { degree: 'master', specialties: ['nlp'] });
    await waitForStage(standard, 'test_required');
    const granted = await t.http
      .post(`/api/v1/registrations/${standard}/waiver`)
      .set(bearer(recruiter))
      .send({ decision: 'granted', reason: 'Best paper award at ACL' })
      .expect(200);
    expect(granted.body).toMatchObject({ lane: 'fast_track', stage: 'routed', businessUnitId: nlp.id });
    expect(granted.body.waiver).toMatchObject({ granted: true, reason: 'Best paper award at ACL' });

    const fast = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    await waitForStage(fast, 'routed');
    const denied = await t.http
      .post(`/api/v1/registrations/${fast}/waiver`)
      .set(bearer(recruiter))
      .send({ decision: 'denied', reason: 'Publications could not be verified' })
      .expect(200);
    expect(denied.body).toMatchObject({ lane: 'standard', stage: 'test_required', businessUnitId: null });
    const queue = await t.http.get('/api/v1/review-queue').set(bearer(nlpReviewer.token)).expect(200);
    expect(queue.body.items.map((r: Reg) => r.id)).not.toContain(fast);

    const audit = await t.http
      .get('/api/v1/audit-log')
      .query({ objectId: fast, action: 'registration.waiver_overridden' })
      .set(bearer(org.adminToken))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);

    const routed = await t.http
      .post(`/api/v1/registrations/${fast}/route`)
      .set(bearer(recruiter))
      .send({ businessUnitId: cv.id, reason: 'Vision team asked for them' })
      .expect(200);
    expect(routed.body).toMatchObject({ stage: 'routed', businessUnitId: cv.id });
  });

  it('leaves a candidate no unit can take unrouted, with the reason, for a recruiter to route', async () => {
    const id = await register(event.slug, {
      degree: 'phd',
      specialties: ['robotics', 'nlp'],
      awards: [{ name: 'RoboCup', rank: 1, year: 2024 }],
    });
    // robotics has no rule here, nlp does: specialties are tried in order and nlp is taken.
    expect((await waitForStage(id, 'routed')).businessUnitId).toBe(nlp.id);
    const lonely = await register(event.slug, {
      degree: 'phd',
      specialties: ['robotics'],
      awards: [{ name: 'RoboCup', rank: 1, year: 2024 }],
    });
    const unrouted = await waitForStage(lonely, 'unrouted');
    expect(unrouted.lane).toBe('fast_track');
    const timeline = unrouted.timeline as { field: string; to: string; reason: string }[];
    expect(timeline.find((e) => e.to === 'unrouted')?.reason).toContain('robotics');
  });

  it('marks a review past its SLA as breached and tells the unit’s reviewers and the recruiters', async () => {
    const id = await register(event.slug, { degree: 'phd', specialties: ['nlp'] });
    const routed = await waitForStage(id, 'routed');
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Reviews));
    const jobId = `sla-${id}-${new Date(routed.routedAt as string).getTime()}`;
    const job = await waitFor(() => queue.getJob(jobId), { what: 'the delayed SLA job' });
    expect(await job.getState()).toBe('delayed');
    await db.query(`UPDATE registrations SET sla_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await job.promote();
    await waitFor(
      async () => {
        const [r] = await db.query(`SELECT sla_breached_at FROM registrations WHERE id = $1`, [id]);
        return r.sla_breached_at !== null;
      },
      { what: 'the SLA breach' },
    );
    const notified: { to_address: string }[] = await db.query(
      `SELECT to_address FROM mail_messages WHERE subject_id = $1 AND template = 'review.sla-breached'`,
      [id],
    );
    const addresses = notified.map((m) => m.to_address);
    expect(addresses).toEqual(
      expect.arrayContaining([nlpReviewer.email.toLowerCase(), recruiterEmail.toLowerCase()]),
    );
    expect(addresses).not.toContain(cvReviewer.email.toLowerCase());
    const queueView = await t.http.get('/api/v1/review-queue').set(bearer(nlpReviewer.token)).expect(200);
    expect(queueView.body.items.find((r: Reg) => r.id === id)?.slaBreached).toBe(true);
  });

  it('a registration whose intake fails does not hold up the rest of its event’s batch', async () => {
    const ev = await createEvent(t.http, org, { businessUnitIds: [nlp.id, cv.id], capacity: 100 });
    await t.http
      .put(`/api/v1/events/${ev.id}/waiver-policy`)
      .set(bearer(recruiter))
      .send(PHD_NLP_POLICY)
      .expect(200);
    // The workers' intake paused: their jobs would take these registrations first (a job whose batch
    // took some keeps looking for arrivals a little while).
    const intakeQueue = t.app.get<Queue>(getQueueToken(QueueName.Intake));
    await intakeQueue.pause();
    let taken: number;
    let profile: unknown;
    const ids: string[] = [];
    try {
      for (let i = 0; i < 4; i++)
        ids.push(await register(ev.slug, { degree: 'master', specialties: ['nlp'] }));
      // One of them with a profile the waiver facts cannot be read from.
      [{ profile }] = await db.query(`SELECT profile FROM registrations WHERE id = $1`, [ids[1]]);
      await db.query(`UPDATE registrations SET profile = 'null'::jsonb WHERE id = $1`, [ids[1]]);
      taken = await t.app.get(IntakeService).processEvent(ev.id);
    } finally {
      await intakeQueue.resume();
    }
    expect(taken).toBe(3);
    const rows: { id: string; lane: string | null; stage: string }[] = await db.query(
      `SELECT id, lane, stage FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const row of rows) {
      expect([row.id, row.lane, row.stage]).toEqual(
        row.id === ids[1] ? [ids[1], null, 'intake'] : [row.id, 'standard', 'test_required'],
      );
    }
    // Repaired, so that no later app on this database (the boot spec's `npm start`) meets a
    // registration whose intake cannot run; the next batch of its event takes it.
    await db.query(`UPDATE registrations SET profile = $2 WHERE id = $1`, [ids[1], JSON.stringify(profile)]);
    await t.app.get(IntakeService).processEvent(ev.id); // or a worker's job still looking takes it
    await waitForStage(ids[1], 'test_required');
  });

  it('least_loaded spreads 300 NLP candidates across three NLP units within ±1', async () => {
    const units = [
      await org.unit({ specialties: ['nlp'] }),
      await org.unit({ specialties: ['nlp'] }),
      await org.unit({ specialties: ['nlp'] }),
    ];
    const ev = await createEvent(t.http, org, { businessUnitIds: units.map((u) => u.id), capacity: 400 });
    await setPipeline(
      t.http,
      recruiter,
      ev.id,
      {
        rules: [
          { name: 'all-nlp', when: { field: 'specialties', op: 'contains', value: 'nlp' }, waive: true },
        ],
      },
      {
        strategy: 'least_loaded',
        rules: units.map((u) => ({ specialty: 'nlp', businessUnitId: u.id, weight: 1 })),
      },
    );
    for (let batch = 0; batch < 300; batch += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.http
            .post(registrationsPath(ev.slug))
            .send(registrationBody({ email: `ll-${batch + i}-${ev.slug}@example.com` }))
            .expect(201),
        ),
      );
    }
    const counts = await waitFor(
      async () => {
        const rows: { business_unit_id: string; n: number }[] = await db.query(
          `SELECT business_unit_id, count(*)::int AS n FROM registrations WHERE event_id = $1 AND stage = 'routed' GROUP BY 1`,
          [ev.id],
        );
        return rows.reduce((s, r) => s + r.n, 0) === 300 ? rows : undefined;
      },
      { timeoutMs: 60_000, what: '300 routed registrations' },
    );
    const n = counts.map((r) => r.n);
    expect(n).toHaveLength(3);
    expect(Math.max(...n) - Math.min(...n)).toBeLessThanOrEqual(1);
    // Routed in batches, yet each registration moved once, with one timeline row and one mail.
    const [moves] = await db.query(
      `SELECT count(*)::int AS rows, count(DISTINCT t.registration_id)::int AS registrations
         FROM registration_timeline t JOIN registrations r ON r.id = t.registration_id
        WHERE r.event_id = $1 AND t.field = 'stage' AND t.to_value = 'routed'`,
      [ev.id],
    );
    expect(moves).toEqual({ rows: 300, registrations: 300 });
    const told = await waitFor(
      async () => {
        const [row] = await db.query(
          `SELECT count(*)::int AS mails, count(DISTINCT m.subject_id)::int AS registrations
             FROM mail_messages m JOIN registrations r ON r.id = m.subject_id
            WHERE r.event_id = $1 AND m.template = 'registration.fast-tracked'`,
          [ev.id],
        );
        return row.mails >= 300 ? row : undefined;
      },
      { timeoutMs: 60_000, what: '300 fast-track mails' },
    );
    expect(told).toEqual({ mails: 300, registrations: 300 });
  });
});
