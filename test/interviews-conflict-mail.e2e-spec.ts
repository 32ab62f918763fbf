import { DateTime } from 'luxon';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { InterviewConflictService } from '@hirefair/core';
import { InterviewConflictPayload } from '@hirefair/queue';
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

const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const EVERYONE_FAST = {
  rules: [{ name: 'everyone', when: { field: 'yearsOfExperience', op: 'gte', value: 0 }, waive: true }],
};

interface Received {
  to: string[];
  raw: string;
}

type Interview = {
  id: string;
  registrationId: string;
  startsAt: string;
  status: string;
  sequence: number;
  conflict: boolean;
};

describe('a confirmed interview that no longer fits: flagged, and the candidate asked once to choose a new time', () => {
  let t: TestApp;
  let db: DataSource;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let org: TestOrganization;
  let recruiter: string;
  let unit: { id: string };
  let reviewer: { token: string };
  const day = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 3 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = (hours: number) => day.plus({ hours }).toJSDate();
  const window = (from: Date, minutes: number) => ({
    startsAt: from.toISOString(),
    endsAt: new Date(from.getTime() + minutes * MINUTE).toISOString(),
  });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      PUBLIC_RATE_LIMIT: '100000',
      BOOKING_SETTLE_MS: '100',
      BOOKING_MAX_WAIT_MS: '1000',
    });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    unit = await org.unit({ specialties: ['nlp'], dailyInterviewCapacity: 10 });
    reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const settled = (eventId: string) =>
    waitFor(
      async () =>
        ((await db.query(`SELECT 1 FROM booking_pass_requests WHERE event_id = $1`, [eventId])) as unknown[])
          .length === 0,
      { what: 'the booking pass' },
    );
  const stageOf = async (id: string): Promise<string> =>
    (await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200)).body.stage;
  const activeOf = async (eventId: string, registrationId: string) =>
    (
      (await t.http.get(`/api/v1/events/${eventId}/interviews`).set(bearer(recruiter)).expect(200)).body
        .items as Interview[]
    ).find((i) => i.registrationId === registrationId && ['scheduled', 'confirmed'].includes(i.status));
  const setWindows = (token: string, slots: { startsAt: string; endsAt: string }[]) =>
    t.http.put('/api/v1/candidate/availability').set(bearer(token)).send({ slots }).expect(200);
  const conflictMails = (email: string) =>
    received.filter((m) => m.to.includes(email) && m.raw.includes('X-Hirefair-Template: interview.conflict'));
  const conflictJobs = async (interviewId: string) =>
    (
      (await db.query(
        `SELECT payload FROM outbox WHERE job_name = 'interview-conflict-mail' AND payload->>'interviewId' = $1`,
        [interviewId],
      )) as { payload: InterviewConflictPayload }[]
    ).map((r) => r.payload);

  it('mails the candidate once per flagging, with the link to the status page that lists the free times', async () => {
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
    const x = await org.user(['interviewer'], { businessUnitIds: [unit.id], specialties: ['nlp'] });
    await t.http
      .put(`/api/v1/events/${event.id}/availability`)
      .set(bearer(x.token))
      .send({ slots: [window(at(0), 240)] })
      .expect(200);
    await settled(event.id);

    const body = registrationBody({ specialties: ['nlp'], locale: 'en' });
    const email = body.email as string;
    const res = await t.http.post(registrationsPath(event.slug)).send(body).expect(201);
    const id: string = res.body.registrationId;
    const token: string = res.body.candidateToken;
    await waitFor(async () => (await stageOf(id)) === 'routed', { what: 'routed' });
    await t.http
      .post(`/api/v1/registrations/${id}/decision`)
      .set(bearer(reviewer.token))
      .send({ decision: 'advance' })
      .expect(200);
    await settled(event.id);
    const booked = (await activeOf(event.id, id)) as Interview;
    expect(booked).toMatchObject({ status: 'scheduled', conflict: false });
    await t.http.post('/api/v1/candidate/interview/confirm').set(bearer(token)).expect(200);

    // The candidate can now come only at another time: the confirmed booking is flagged, not moved.
    const outside = new Date(booked.startsAt).getTime() === at(0).getTime() ? at(2) : at(0);
    await setWindows(token, [window(outside, 60)]);
    await settled(event.id);
    expect(await activeOf(event.id, id)).toMatchObject({
      id: booked.id,
      startsAt: booked.startsAt,
      status: 'confirmed',
      sequence: 0,
      conflict: true,
    });

    const mail = await waitFor(() => conflictMails(email)[0], {
      what: 'the conflict mail',
      timeoutMs: 30_000,
    });
    const text = decodeMime(mail.raw);
    expect(text).toContain('choose a new time');
    // The personal link opens the status page, where the free times are listed.
    const link = /\/candidate#token=([A-Za-z0-9_-]+)/.exec(text);
    expect(link).not.toBeNull();
    const options = await t.http
      .get('/api/v1/candidate/interview/options')
      .set(bearer((link as RegExpExecArray)[1]))
      .expect(200);
    expect(options.body.items.length).toBeGreaterThan(0);
    expect(options.body.items.some((o: { startsAt: string }) => o.startsAt === outside.toISOString())).toBe(
      true,
    );
    // No calendar change: no .ics, and the interviewer gets no copy.
    expect(mail.raw).not.toContain('text/calendar');
    expect(received.filter((m) => m.to.includes(x.email) && m.raw.includes('interview.conflict'))).toEqual(
      [],
    );

    // Another pass while it is still flagged owes no second mail.
    await setWindows(token, [window(outside, 45)]);
    await settled(event.id);
    expect(await activeOf(event.id, booked.registrationId)).toMatchObject({ conflict: true });
    const jobs = await conflictJobs(booked.id);
    expect(jobs).toHaveLength(1);
    // The job run again (a worker killed after its commit) sends nothing either.
    expect(await t.app.get(InterviewConflictService).mailCandidate(jobs[0])).toBe('stale');
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM mail_messages WHERE subject_id = $1 AND template = 'interview.conflict'`,
      [id],
    );
    expect(n).toBe(1);
    expect(conflictMails(email)).toHaveLength(1);

    // It fits again (flag cleared), then no longer (flagged anew): a second mail for the second flagging.
    await setWindows(token, [window(at(0), 240)]);
    await settled(event.id);
    expect(await activeOf(event.id, id)).toMatchObject({ id: booked.id, conflict: false });
    await setWindows(token, [window(outside, 60)]);
    await settled(event.id);
    expect(await activeOf(event.id, id)).toMatchObject({ id: booked.id, conflict: true });
    await waitFor(() => conflictMails(email).length === 2, {
      what: 'the second conflict mail',
      timeoutMs: 30_000,
    });
    expect(await conflictJobs(booked.id)).toHaveLength(2);
  });
});

/** Enough of quoted-printable and base64 MIME parts to search the text of a message. */
function decodeMime(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  const base64Parts = [
    ...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g),
  ]
    .map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${qp}\n${base64Parts}`;
}
