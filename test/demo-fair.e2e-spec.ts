import { DataSource } from 'typeorm';
import { DEMO_EVENT_SLUG, DemoSeedService } from '@hirefair/core';
import { TestApp, createTestApp, login } from '@hirefair/testing';

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
  });
});
