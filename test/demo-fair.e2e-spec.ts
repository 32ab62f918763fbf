import { DataSource } from 'typeorm';
import { DEMO_EVENT_SLUG, DemoSeedService } from '@hirefair/core';
import { TestApp, createTestApp, login, waitFor } from '@hirefair/testing';

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
});
