import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { BrowserContext } from 'playwright-core';
import { BrowserTestApp, startBrowserApp } from '@hirefair/testing/browser';
import {
  TestApp,
  bearer,
  createEvent,
  createOrganization,
  registrationBody,
  registrationsPath,
  setPipeline,
  waitFor,
} from '@hirefair/testing';

const ZONE = 'Asia/Shanghai';
/** Where the screenshots of the page go (looked at by hand; not compared). */
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'hirefair-status-shots');

describe('the status page: choosing a new interview time in Chromium', () => {
  let app: BrowserTestApp;
  let t: TestApp;
  let browser: BrowserContext;
  let base: string;
  const day = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 3 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });

  beforeAll(async () => {
    // A candidate abroad: the page shows the fair's zone and the browser's own.
    app = await startBrowserApp(
      { PUBLIC_RATE_LIMIT: '100000', BOOKING_SETTLE_MS: '100', BOOKING_MAX_WAIT_MS: '1000' },
      { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' },
    );
    ({ t, browser, base } = app);
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(() => app?.close());

  it('shows the free times in both zones and takes one', async () => {
    const org = await createOrganization(t.http);
    const recruiter = (await org.user(['recruiter'])).token;
    const unit = await org.unit({ specialties: ['nlp'] });
    const reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
    const interviewer = await org.user(['interviewer'], { businessUnitIds: [unit.id], specialties: ['nlp'] });
    const event = await createEvent(t.http, org, { businessUnitIds: [unit.id], timezone: ZONE });
    await setPipeline(
      t.http,
      recruiter,
      event.id,
      { rules: [{ name: 'all', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }] },
      { strategy: 'least_loaded', rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }] },
    );
    await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(interviewer.token))
      .send({ slots: [{ startsAt: day.toISO(), endsAt: day.plus({ hours: 3 }).toISO() }] })
      .expect(200);
    const res = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    const id: string = res.body.registrationId;
    const stageOf = async () =>
      (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body.stage;
    await waitFor(async () => (await stageOf()) === 'routed', { what: 'routed' });
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(reviewer.token))
      .send({ decision: 'advance' })
      .expect(200);
    await waitFor(async () => (await stageOf()) === 'interview_scheduled', { what: 'the booking' });
    const before = (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter))).body.interview;

    const page = await browser.newPage();
    await page.goto(`${base}/candidate#token=${res.body.candidateToken}`);
    await page.getByTestId('interview-status').waitFor();
    await page.getByTestId('interview-when').getByText('(Asia/Shanghai)').waitFor();
    await page.getByTestId('interview-when').getByText('Europe/Berlin').waitFor();
    await page.getByRole('button', { name: 'Choose another time' }).click();
    const options = page.getByTestId('interview-options');
    await options.getByText('Free times that fit you').waitFor();
    const takes = options.getByRole('button', { name: 'Take this time' });
    expect(await takes.count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'status-options-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SHOTS, 'status-options-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await takes.first().click();
    await page.getByText('Done: your interview is at the new time').waitFor();
    const after = await waitFor(async () => {
      const i = (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter))).body.interview;
      return i.id !== before.id ? i : undefined;
    });
    expect(after).toMatchObject({ status: 'scheduled', sequence: 1 });
    expect(after.startsAt).not.toBe(before.startsAt);
    await page.close();
  });
});
