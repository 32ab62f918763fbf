import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { CalendarsService } from '@hirefair/core';
import { MaintenanceJob, QueueName } from '@hirefair/queue';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  setPipeline,
  waitFor,
} from '@hirefair/testing';

const ZONE = 'Europe/Berlin';
const MINUTE = 60_000;
const EVERYONE_FAST = {
  rules: [{ name: 'everyone', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }],
};

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
/** An iCalendar with one VEVENT per interval; `extra` lines go into each event. */
const ics = (events: { from: Date; to: Date; extra?: string[] }[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//hirefair test//EN',
    ...events.flatMap((e, i) => [
      'BEGIN:VEVENT',
      `UID:busy-${i}@example.test`,
      `DTSTAMP:${stamp(new Date())}`,
      `DTSTART:${stamp(e.from)}`,
      `DTEND:${stamp(e.to)}`,
      'SUMMARY:Busy',
      ...(e.extra ?? []),
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('interviewers’ iCalendar feeds', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let recruiter: string;
  let unit: { id: string };
  let reviewer: { token: string };
  let server: Server;
  let feedUrl: string;
  /** What the local feed server answers. */
  let served = ics([]);
  const day = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 3 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = (hours: number, minutes = 0) => day.plus({ hours, minutes }).toJSDate();
  const window = (from: Date, minutes: number) => ({
    startsAt: from.toISOString(),
    endsAt: new Date(from.getTime() + minutes * MINUTE).toISOString(),
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow.ics') return; // never answers
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/busy.ics`;
    t = await createTestApp({
      PUBLIC_RATE_LIMIT: '100000',
      BOOKING_SETTLE_MS: '100',
      BOOKING_MAX_WAIT_MS: '1000',
      CALENDAR_FETCH_TIMEOUT_MS: '500',
    });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    await t.http
      .put('/api/v1/webhooks/settings')
      .set(bearer(org.adminToken))
      .send({ allowPrivateTargets: true })
      .expect(200);
    recruiter = (await org.user(['recruiter'])).token;
    unit = await org.unit({ specialties: ['nlp'], dailyInterviewCapacity: 10 });
    reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const newEvent = async () => {
    const event = await createEvent(t.http, org, {
      businessUnitIds: [unit.id],
      interviewMinutes: 45,
      bufferMinutes: 15,
      timezone: ZONE,
    });
    await setPipeline(t.http, recruiter, event.id, EVERYONE_FAST, {
      strategy: 'least_loaded',
      rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }],
    });
    return event;
  };
  const interviewer = () => org.user(['interviewer'], { businessUnitIds: [unit.id], specialties: ['nlp'] });
  const setAvailability = (eventId: string, token: string, slots: { startsAt: string; endsAt: string }[]) =>
    t.http.put(`/api/v1/events/${eventId}/availability`).set(bearer(token)).send({ slots }).expect(200);
  const stageOf = async (id: string): Promise<string> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body.stage;
  const settled = (eventId: string) =>
    waitFor(
      async () =>
        ((await db.query(`SELECT 1 FROM booking_pass_requests WHERE event_id = $1`, [eventId])) as unknown[])
          .length === 0,
      { what: 'the booking pass' },
    );
  const advance = async (event: { id: string; slug: string }) => {
    const res = await t.http
      .post(registrationsPath(event.slug))
      .send(registrationBody({ specialties: ['nlp'] }))
      .expect(201);
    const id: string = res.body.registrationId;
    await waitFor(async () => (await stageOf(id)) === 'routed', { what: `${id} routed` });
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(reviewer.token))
      .send({ decision: 'advance' })
      .expect(200);
    await settled(event.id);
    return { id, token: res.body.candidateToken as string };
  };
  const activeOf = async (eventId: string, registrationId: string) =>
    (
      (await t.http.get(`/api/v1/events/${eventId}/interviews`).set(bearer(recruiter)).expect(200)).body
        .items as {
        registrationId: string;
        interviewerId: string;
        startsAt: string;
        status: string;
        conflict: boolean;
      }[]
    ).find((i) => i.registrationId === registrationId && ['scheduled', 'confirmed'].includes(i.status));
  const calendarOf = async (token: string, userId: string) =>
    (await t.http.get(`/api/v1/users/${userId}/calendar`).set(bearer(token)).expect(200)).body as {
      feedUrl: string | null;
      fetchedAt: string | null;
      error: string | null;
      busy: { startsAt: string; endsAt: string }[];
    };
  const refreshFeeds = () => t.app.get(CalendarsService).refreshAll();

  it('reads busy times from a feed, takes them out of the windows and moves an unconfirmed interview that now collides; garbage keeps the last good ones', async () => {
    const event = await newEvent();
    const x = await interviewer();
    const y = await interviewer();
    await setAvailability(event.id, x.token, [window(at(0), 60)]);
    // Recurring, transparent and cancelled events: only the first counts, and none touches 09:00.
    served = ics([
      { from: at(-8), to: at(-7), extra: ['RRULE:FREQ=DAILY;COUNT=3'] },
      { from: at(0), to: at(1), extra: ['TRANSP:TRANSPARENT'] },
      { from: at(0), to: at(1), extra: ['STATUS:CANCELLED'] },
    ]);
    const put = await t.http
      .put(`/api/v1/users/${x.id}/calendar`)
      .set(bearer(x.token))
      .send({ feedUrl })
      .expect(200);
    expect(put.body).toMatchObject({ feedUrl, error: null });
    expect(put.body.busy).toEqual(
      [0, 1, 2].map((d) => ({
        startsAt: DateTime.fromJSDate(at(-8)).plus({ days: d }).toJSDate().toISOString(),
        endsAt: DateTime.fromJSDate(at(-7)).plus({ days: d }).toJSDate().toISOString(),
      })),
    );

    const a = await advance(event);
    expect(await activeOf(event.id, a.id)).toMatchObject({
      interviewerId: x.id,
      startsAt: at(0).toISOString(),
    });
    await setAvailability(event.id, y.token, [window(at(2), 60)]);
    await settled(event.id);

    // X's calendar now covers the whole window: the pass owed by the change moves the interview to Y.
    served = ics([{ from: at(0, -30), to: at(1, 30) }]);
    expect(await refreshFeeds()).toMatchObject({ failed: 0 });
    await settled(event.id);
    const calendar = await calendarOf(recruiter, x.id);
    expect(calendar).toMatchObject({ feedUrl, error: null });
    expect(calendar.busy).toEqual([{ startsAt: at(0, -30).toISOString(), endsAt: at(1, 30).toISOString() }]);
    expect(await activeOf(event.id, a.id)).toMatchObject({
      interviewerId: y.id,
      startsAt: at(2).toISOString(),
    });
    const options = (await t.http.get('/api/v1/candidate/interview/options').set(bearer(a.token)).expect(200))
      .body.items as { interviewerId: string }[];
    expect(options.filter((o) => o.interviewerId === x.id)).toEqual([]);

    // A second candidate finds no time at X either: Y's one slot is taken, so nobody books them.
    const b = await advance(event);
    expect(await activeOf(event.id, b.id)).toBeUndefined();

    served = 'this is not a calendar';
    expect(await refreshFeeds()).toMatchObject({ failed: 1 });
    const kept = await calendarOf(x.token, x.id);
    expect(kept.busy).toEqual(calendar.busy);
    expect(kept.fetchedAt).toBe(calendar.fetchedAt);
    expect(kept.error).toMatch(/not a readable iCalendar/);
  });

  it('takes an uploaded .ics as a text/calendar body', async () => {
    const x = await interviewer();
    const res = await t.http
      .put(`/api/v1/users/${x.id}/calendar`)
      .set(bearer(recruiter))
      .set('Content-Type', 'text/calendar')
      .send(ics([{ from: at(3), to: at(4) }]))
      .expect(200);
    expect(res.body).toMatchObject({
      feedUrl: null,
      error: null,
      busy: [{ startsAt: at(3).toISOString(), endsAt: at(4).toISOString() }],
    });
    const garbage = await t.http
      .put(`/api/v1/users/${x.id}/calendar`)
      .set(bearer(recruiter))
      .set('Content-Type', 'text/calendar')
      .send('BEGIN:NOTHING')
      .expect(400);
    expect(garbage.body.code).toBe('CALENDAR_INVALID');
    expect((await calendarOf(x.token, x.id)).busy).toHaveLength(1);
  });

  it('refuses a feed at a private address when the organization does not allow private targets', async () => {
    const other = await createOrganization(t.http);
    const z = await other.user(['interviewer']);
    const res = await t.http
      .put(`/api/v1/users/${z.id}/calendar`)
      .set(bearer(z.token))
      .send({ feedUrl })
      .expect(400);
    expect(res.body.code).toBe('CALENDAR_FEED_FORBIDDEN');
    await t.http
      .put(`/api/v1/users/${z.id}/calendar`)
      .set(bearer(z.token))
      .send({ feedUrl: 'ftp://example.com/x.ics' })
      .expect(400);
    await t.http
      .put(`/api/v1/users/${z.id}/calendar`)
      .set(bearer(z.token))
      .send({ feedUrl: 'https://example.com/x.ics', extra: 1 })
      .expect(400);
    expect((await calendarOf(z.token, z.id)).feedUrl).toBeNull();
  });

  it('lets an interviewer edit their own calendar only; another organization’s user is not found', async () => {
    const x = await interviewer();
    const y = await interviewer();
    const upload = (token: string, userId: string) =>
      t.http
        .put(`/api/v1/users/${userId}/calendar`)
        .set(bearer(token))
        .set('Content-Type', 'text/calendar')
        .send(ics([{ from: at(5), to: at(6) }]));
    await upload(x.token, x.id).expect(200);
    await upload(x.token, y.id).expect(403);
    await t.http.get(`/api/v1/users/${y.id}/calendar`).set(bearer(x.token)).expect(403);
    await upload(org.adminToken, y.id).expect(200);
    const other = await createOrganization(t.http);
    await t.http.get(`/api/v1/users/${x.id}/calendar`).set(bearer(other.adminToken)).expect(404);
    await upload(other.adminToken, x.id).expect(404);
    await t.http
      .get(`/api/v1/users/${x.id}/calendar`)
      .set(bearer((await org.user(['bu_reviewer'])).token))
      .expect(403);
  });

  it('installs the refresh as a repeatable job; a feed that does not answer in time is reported, by PUT and by the job', async () => {
    const maintenance = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
    expect(await maintenance.getJobScheduler(MaintenanceJob.RefreshCalendars)).toMatchObject({
      every: t.config.calendars.refreshEveryMs,
    });
    const x = await interviewer();
    served = ics([{ from: at(7), to: at(8) }]);
    const slowUrl = feedUrl.replace('busy.ics', 'slow.ics');
    const put = await t.http
      .put(`/api/v1/users/${x.id}/calendar`)
      .set(bearer(x.token))
      .send({ feedUrl: slowUrl });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ feedUrl: slowUrl, busy: [], fetchedAt: null });
    expect(put.body.error).toMatch(/no answer within 0.5 s/);
    await db.query(`UPDATE interviewer_calendars SET last_error = NULL WHERE user_id = $1`, [x.id]);
    // The job, as the scheduler runs it, records the timeout again.
    await maintenance.add(MaintenanceJob.RefreshCalendars, {});
    const error = await waitFor(async () => (await calendarOf(x.token, x.id)).error ?? undefined, {
      what: 'the refresh job',
    });
    expect(error).toMatch(/no answer within/);
  });

  it('flags a confirmed interview that collides with new busy times instead of moving it', async () => {
    const event = await newEvent();
    const x = await interviewer();
    const y = await interviewer();
    await setAvailability(event.id, x.token, [window(at(0), 60)]);
    const a = await advance(event);
    expect(await activeOf(event.id, a.id)).toMatchObject({ interviewerId: x.id });
    await t.http.post('/api/v1/candidate/interview/confirm').set(bearer(a.token)).expect(200);
    await setAvailability(event.id, y.token, [window(at(2), 60)]);
    await settled(event.id);
    await t.http
      .put(`/api/v1/users/${x.id}/calendar`)
      .set(bearer(x.token))
      .set('Content-Type', 'text/calendar')
      .send(ics([{ from: at(0), to: at(1) }]))
      .expect(200);
    await settled(event.id);
    expect(await activeOf(event.id, a.id)).toMatchObject({
      interviewerId: x.id,
      startsAt: at(0).toISOString(),
      status: 'confirmed',
      conflict: true,
    });
  });
});
