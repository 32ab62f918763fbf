import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntakeService, RegistrationMailTemplate } from '@hirefair/core';
import {
  TestApp,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

/** A pipeline mail owed as a job (IntakeJob.Tell): stored as facts once, rendered by the mail job. */
describe('pipeline mails owed as jobs', () => {
  let t: TestApp;
  let db: DataSource;
  let intake: IntakeService;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    intake = t.app.get(IntakeService);
  });
  afterAll(() => t.close());

  const rejected = (registrationId: string, since: string) => ({
    registrationId,
    template: RegistrationMailTemplate.Rejected,
    extra: { unitName: 'Speech <Lab>' },
    since,
  });
  const mailsOf = (registrationId: string) =>
    db.query(
      `SELECT status, subject, text_body, html_body, links, render_context FROM mail_messages
        WHERE subject_id = $1 AND template = $2 ORDER BY created_at`,
      [registrationId, RegistrationMailTemplate.Rejected],
    ) as Promise<
      {
        status: string;
        subject: string;
        text_body: string;
        html_body: string | null;
        links: { url: string }[];
        render_context: unknown;
      }[]
    >;

  it('tells once per step, even when the job runs again or twice at once, and renders the mail in the job', async () => {
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org, { capacity: 5 });
    const body = registrationBody({ locale: 'zh' });
    const res = await t.http.post(registrationsPath(event.slug)).send(body).expect(201);
    const id = res.body.registrationId as string;

    const since = new Date().toISOString();
    expect(await intake.tell(rejected(id, since))).toBe('told');
    // The job again after its commit: nothing more.
    expect(await intake.tell(rejected(id, since))).toBe('already');
    let mails = await mailsOf(id);
    expect(mails).toHaveLength(1);
    // Stored as facts: no body until the mail job renders it.
    expect(mails[0].render_context).toEqual({
      accessUrl: mails[0].links[0].url,
      extra: { unitName: 'Speech <Lab>' },
    });

    // Two runs of a later step's job at once: the lock orders them, the second sees the first's mail.
    const later = new Date().toISOString();
    const both = await Promise.all([intake.tell(rejected(id, later)), intake.tell(rejected(id, later))]);
    expect(both.sort()).toEqual(['already', 'told']);
    mails = await mailsOf(id);
    expect(mails).toHaveLength(2);

    // The mail job renders it in the candidate's language, with the unit (escaped in the HTML) and the link.
    const [sent] = await waitFor(
      async () => {
        const found = await mailsOf(id);
        return found.every((m) => m.status === 'sent') ? found : undefined;
      },
      { what: 'the rejection mails sent' },
    );
    expect(sent.subject).toBe(`关于您在 ${event.title} 的申请`);
    expect(sent.text_body).toContain('Speech <Lab> 团队暂不推进您的申请');
    expect(sent.html_body).toContain('Speech &lt;Lab&gt;');
    expect(sent.text_body).toContain(sent.links[0].url);
    expect(sent.render_context).toBeNull();
    // The link it carries opens the candidate's registration.
    const token = new URL(sent.links[0].url).hash.replace('#token=', '');
    await t.http.get('/api/v1/candidate/registration').set(bearer(token)).expect(200);
  });

  it('tells nobody about a missing or withdrawn registration', async () => {
    expect(await intake.tell(rejected(randomUUID(), new Date().toISOString()))).toBe('missing');
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org, { capacity: 5 });
    const res = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);
    await t.http
      .delete('/api/v1/candidate/registration')
      .set(bearer(res.body.candidateToken as string))
      .expect(200);
    expect(await intake.tell(rejected(res.body.registrationId, new Date().toISOString()))).toBe('stale');
    expect(await mailsOf(res.body.registrationId)).toEqual([]);
  });
});
