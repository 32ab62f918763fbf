import { DataSource } from 'typeorm';
import { DEMO_EVENT_SLUG, DemoSeedService } from '@hirefair/core';
import {
  TestApp,
  bearer,
  createTestApp,
  login,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

describe('demo fair', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds the published Beijing fair with Chinese-named registrations', async () => {
    const seeded = await t.app.get(DemoSeedService).seed();
    if (!seeded) throw new Error('the demo was already seeded in this database');
    expect(seeded.summary).toContain(DEMO_EVENT_SLUG);
    const page = await t.http.get(`/api/v1/public/events/${DEMO_EVENT_SLUG}`).expect(200);
    expect(page.body).toMatchObject({
      title: 'Xiaomi AI Experts Hiring Fair',
      timezone: 'Asia/Shanghai',
      capacity: 500,
      registrationOpen: true,
      status: 'published',
    });
    expect(page.body.businessUnits).toHaveLength(5);
    expect(page.body.specialties).toEqual(
      expect.arrayContaining(['computer_vision', 'deep_learning', 'autonomous_driving', 'nlp', 'robotics']),
    );
    const token = await login(t.http, 'recruiter@xiaomi.demo', 'hirefair-demo');
    const [event] = await t.app
      .get(DataSource)
      .query(`SELECT id FROM events WHERE slug = $1`, [DEMO_EVENT_SLUG]);
    const list = await t.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(5);
    expect(list.body.items.map((r: { candidate: { name: string } }) => r.candidate.name)).toContain('张伟');

    // The demo's waiver policy and routing rules put the strong profiles on the fast track.
    type Row = { candidate: { name: string }; lane: string; stage: string };
    const byName = await waitFor(
      async () => {
        const res = await t.http
          .get(`/api/v1/events/${event.id}/registrations`)
          .set({ Authorization: `Bearer ${token}` })
          .expect(200);
        const rows: Row[] = res.body.items;
        return rows.every((r) => r.stage !== 'intake')
          ? Object.fromEntries(rows.map((r) => [r.candidate.name, `${r.lane}/${r.stage}`]))
          : undefined;
      },
      { what: 'the demo registrations to leave intake' },
    );
    expect(byName).toMatchObject({
      张伟: 'fast_track/routed',
      李娜: 'fast_track/routed',
      王磊: 'fast_track/routed',
      刘洋: 'standard/test_required',
      陈静: 'standard/test_required',
    });
    const reviewer = await login(t.http, 'reviewer.cv@xiaomi.demo', 'hirefair-demo');
    const queue = await t.http
      .get('/api/v1/review-queue')
      .set({ Authorization: `Bearer ${reviewer}` })
      .expect(200);
    expect(queue.body.items.map((r: Row) => r.candidate.name)).toEqual(['张伟']);
  });

  it("runs the README's demo story: a PhD with an ACL 2024 paper is fast-tracked, reviewed, advanced and checked in", async () => {
    const [event] = await t.app
      .get(DataSource)
      .query(`SELECT id FROM events WHERE slug = $1`, [DEMO_EVENT_SLUG]);
    // 1. Register on the Xiaomi fair: a PhD with an ACL paper.
    const body = registrationBody({
      name: '赵敏',
      degree: 'phd',
      yearsOfExperience: 3,
      specialties: ['nlp'],
      publications: [{ title: 'Parsing Chinese Dialogue', venue: 'ACL 2024', year: 2024 }],
    });
    const created = await t.http.post(registrationsPath(DEMO_EVENT_SLUG)).send(body).expect(201);
    expect(created.body.status).toBe('registered');

    // 2. The mail in the dev mailbox carries the "My registration" link; the status page behind it says fast track.
    type Mail = { links: { label: string; url: string }[]; text: string };
    const mail = await waitFor(
      async () => {
        const res = await t.http
          .get(`/dev/mailbox?to=${encodeURIComponent(String(body.email))}`)
          .set('accept', 'application/json')
          .expect(200);
        // The confirmation (the one with the check-in code); later pipeline mails carry the link too.
        return (res.body.items as Mail[]).find(
          (m) => m.links.some((l) => l.url.includes('#token=')) && /check-in code is |签到码是 /.test(m.text),
        );
      },
      { what: 'the confirmation mail' },
    );
    const link = mail.links.find((l) => l.url.includes('#token='));
    const candidateToken = decodeURIComponent(/#token=([^&]+)/.exec(link!.url)![1]);
    const own = await waitFor(
      async () => {
        const res = await t.http
          .get('/api/v1/candidate/registration')
          .set(bearer(candidateToken))
          .expect(200);
        return res.body.stage === 'routed' ? res.body : undefined;
      },
      { what: 'the registration to be routed' },
    );
    expect(own).toMatchObject({ lane: 'fast_track', stage: 'routed' });

    // 3. The NLP reviewer finds them in the queue, fast track first, with the waiver rule recorded.
    const reviewer = await login(t.http, 'reviewer.nlp@xiaomi.demo', 'hirefair-demo');
    const queue = await t.http.get('/api/v1/review-queue').set(bearer(reviewer)).expect(200);
    const item = queue.body.items.find((r: { id: string }) => r.id === created.body.registrationId) as {
      lane: string;
      waiver: { granted: boolean; rule: string };
    };
    expect(item).toMatchObject({ lane: 'fast_track', waiver: { granted: true, rule: 'phd-top-venue' } });
    expect(queue.body.items[0].lane).toBe('fast_track');
    await t.http
      .post(`/api/v1/registrations/${created.body.registrationId}/decision`)
      .set(bearer(reviewer))
      .send({ decision: 'advance', notes: 'Strong parsing work.', scores: {} })
      .expect((res) => expect([200, 201]).toContain(res.status));

    // 4. The recruiter sees them in the report and checks them in at the door with the mailed code.
    const recruiter = await login(t.http, 'recruiter@xiaomi.demo', 'hirefair-demo');
    const report = await t.http.get(`/api/v1/events/${event.id}/report`).set(bearer(recruiter)).expect(200);
    expect(report.body.byLane.fast_track.totals.registrations).toBeGreaterThanOrEqual(4);
    const code = /([A-Z0-9]{10})/.exec(mail.text.split(/check-in code is |签到码是 /)[1] ?? '')?.[1];
    expect(code).toBeDefined();
    const first = await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(recruiter))
      .send({ checkInCode: code!.toLowerCase() })
      .expect(200);
    expect(first.body).toMatchObject({
      registrationId: created.body.registrationId,
      name: '赵敏',
      lane: 'fast_track',
      alreadyCheckedIn: false,
    });
    const again = await t.http
      .post(`/api/v1/events/${event.id}/check-ins`)
      .set(bearer(recruiter))
      .send({ checkInCode: code })
      .expect(200);
    expect(again.body).toMatchObject({ checkedInAt: first.body.checkedInAt, alreadyCheckedIn: true });
  });

  it('exports the Chinese names as CSV with a UTF-8 byte order mark, for Excel', async () => {
    const [event] = await t.app
      .get(DataSource)
      .query(`SELECT id FROM events WHERE slug = $1`, [DEMO_EVENT_SLUG]);
    const recruiter = await login(t.http, 'recruiter@xiaomi.demo', 'hirefair-demo');
    const raw = (path: string) =>
      t.http
        .get(path)
        .set(bearer(recruiter))
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
    for (const path of [`/api/v1/events/${event.id}/registrations`, `/api/v1/events/${event.id}/report`]) {
      const res = await raw(path);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      if (path.endsWith('/registrations')) expect(bytes.toString('utf8')).toContain('张伟');
      expect(bytes.subarray(3).toString('utf8')).not.toContain('\uFEFF');
    }
  });
});
