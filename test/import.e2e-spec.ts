import { DataSource } from 'typeorm';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  unique,
  waitFor,
} from '@hirefair/testing';

const HEADER = [
  'name',
  'email',
  'phone',
  'city',
  'specialties',
  'degree',
  'yearsOfExperience',
  'githubUrl',
  'expectedMonthlySalaryCny',
  'publications',
  'consentPrivacyPolicyVersion',
  'consentShareWithBusinessUnits',
];

type Issue = { line: number; kind: string; reasons: { field: string; messages: string[] }[] };
type ImportView = {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  issues: Issue[];
  issuesTruncated: boolean;
  error: string | null;
};

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (rows: string[][], eol = '\n') => rows.map((r) => r.map(csvCell).join(',')).join(eol) + eol;

/** A row in HEADER's order; overrides by column. */
function row(email: string, overrides: Record<string, string> = {}): string[] {
  const values: Record<string, string> = {
    name: '王小明 Wang',
    email,
    phone: '+86 138 0000 0000',
    city: 'Beijing',
    specialties: 'nlp;deep_learning',
    degree: 'master',
    yearsOfExperience: '4',
    githubUrl: 'https://github.com/example',
    expectedMonthlySalaryCny: '30000',
    publications: '',
    consentPrivacyPolicyVersion: '2025-01',
    consentShareWithBusinessUnits: 'true',
    ...overrides,
  };
  return HEADER.map((column) => values[column]);
}

describe('bulk import of registrations', () => {
  let t: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let recruiter: string;
  let event: { id: string; slug: string };
  const importPath = (eventId: string) => `/api/v1/events/${eventId}/registrations/import`;

  const upload = (eventId: string, body: string, token = recruiter) =>
    t.http.post(importPath(eventId)).set(bearer(token)).set('Content-Type', 'text/csv').send(body);

  const finished = (id: string) =>
    waitFor(
      async () => {
        const res = await t.http.get(`/api/v1/imports/${id}`).set(bearer(recruiter)).expect(200);
        return ['completed', 'failed'].includes(res.body.status) ? (res.body as ImportView) : undefined;
      },
      { what: `import ${id}`, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    org = await createOrganization(t.http);
    recruiter = (await org.user(['recruiter'])).token;
    event = await createEvent(t.http, org, { capacity: 1000 });
  });
  afterAll(() => t.close());

  describe('a file of valid, invalid and duplicate rows', () => {
    const a = `${unique('a')}@example.com`;
    const b = `${unique('b')}@example.com`;
    const c = `${unique('c')}@example.com`;
    const online = `${unique('online')}@example.com`;
    let file: string;
    let first: ImportView;

    beforeAll(async () => {
      await t.http
        .post(registrationsPath(event.slug))
        .send(registrationBody({ email: online }))
        .expect(201);
      file = csv([
        HEADER,
        row(a, { publications: JSON.stringify([{ title: 'Parsing', venue: 'ACL 2024', year: 2024 }]) }), // line 2
        row(b, { specialties: 'computer_vision | robotics', phone: '' }), // 3
        row('not-an-email'), // 4
        row(`${unique('d')}@example.com`, { degree: 'doctor' }), // 5
        row(`${unique('e')}@example.com`, { yearsOfExperience: 'many' }), // 6
        row(`${unique('f')}@example.com`, { consentShareWithBusinessUnits: 'false' }), // 7
        row(`${unique('g')}@example.com`, { publications: '[{"title":' }), // 8
        row(`${unique('h')}@example.com`).slice(0, 5), // 9
        row(` ${a.toUpperCase()} `), // 10: the same person again
        row(online), // 11: registered online before
        row(c, { name: 'Zoë, "the" Tester' }), // 12
      ]);
    });

    it('answers 201 with the queued import, then counts every row exactly', async () => {
      const res = await upload(event.id, file).expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), status: 'queued', accepted: 0 });
      first = await finished(res.body.id);
      expect(first).toMatchObject({
        status: 'completed',
        totalRows: 11,
        processedRows: 11,
        accepted: 3,
        rejected: 6,
        duplicates: 2,
        issuesTruncated: false,
        error: null,
      });
      const byLine = Object.fromEntries(first.issues.map((i) => [i.line, i]));
      expect(Object.keys(byLine).map(Number)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
      const reasons = (line: number) =>
        byLine[line].reasons.flatMap((r) => r.messages.map((m) => `${r.field}: ${m}`));
      expect(byLine[4]).toMatchObject({ kind: 'rejected' });
      expect(reasons(4)).toEqual(['email: email must be an email']);
      expect(reasons(5)).toEqual([
        expect.stringMatching(/^degree: degree must be one of the following values/),
      ]);
      expect(reasons(6)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^yearsOfExperience: yearsOfExperience must be an integer/),
        ]),
      );
      expect(reasons(7)).toEqual([
        'consent.shareWithBusinessUnits: consent.shareWithBusinessUnits must be true',
      ]);
      expect(reasons(8)).toEqual([expect.stringMatching(/^publications: publications must be a JSON array/)]);
      expect(reasons(9)[0]).toBe('row: the row has 5 cells; the header has 12');
      expect(byLine[10]).toMatchObject({ kind: 'duplicate' });
      expect(reasons(10)).toEqual(['email: email appears earlier in this file (line 2)']);
      expect(byLine[11]).toMatchObject({ kind: 'duplicate' });
      expect(reasons(11)).toEqual(['email: email is already registered for this event']);
    });

    it('registers the accepted rows as online ones: seat, mail with the access link, intake', async () => {
      for (const email of [a, b, c]) {
        const list = await t.http
          .get(`/api/v1/events/${event.id}/registrations`)
          .query({ q: email })
          .set(bearer(recruiter))
          .expect(200);
        expect(list.body.items).toHaveLength(1);
        const id = list.body.items[0].id as string;
        // Intake evaluates it as it does an online registration.
        const reg = await waitFor(
          async () => {
            const res = await t.http.get(`/api/v1/registrations/${id}`).set(bearer(recruiter)).expect(200);
            return res.body.lane !== null ? res.body : undefined;
          },
          { what: `intake of ${email}` },
        );
        expect(reg).toMatchObject({ status: 'registered', lane: 'standard', candidate: { email } });
        expect(reg.timeline[0]).toMatchObject({
          by: { type: 'staff' },
          field: 'status',
          to: 'registered',
          reason: `imported from CSV (import ${first.id})`,
        });
        const mails: { template: string; links: { url: string }[] }[] = await db.query(
          `SELECT template, links FROM mail_messages WHERE subject_id = $1`,
          [id],
        );
        expect(mails.map((m) => m.template)).toContain('registration.registered');
        const confirmation = mails.find((m) => m.template === 'registration.registered');
        expect(JSON.stringify(confirmation?.links)).toContain('/candidate#token=');
      }
      const [imported] = await db.query(
        `SELECT r.specialties, r.profile, c.name, c.phone FROM registrations r JOIN candidates c ON c.id = r.candidate_id
          WHERE c.email = ANY($1) ORDER BY c.email`,
        [[a, b, c]],
      );
      expect(imported.specialties).toEqual(['nlp', 'deep_learning']);
      expect(imported.profile).toMatchObject({
        expectedMonthlySalaryCny: 30000,
        publications: [{ title: 'Parsing', venue: 'ACL 2024', year: 2024 }],
      });
      const [cv] = await db.query(
        `SELECT r.specialties, c.phone FROM registrations r JOIN candidates c ON c.id = r.candidate_id WHERE c.email = $1`,
        [b],
      );
      expect(cv).toEqual({ specialties: ['computer_vision', 'robotics'], phone: null });
      const [zoe] = await db.query(`SELECT name FROM candidates WHERE email = $1`, [c]);
      expect(zoe.name).toBe('Zoë, "the" Tester');
      // The stored file is dropped once done.
      const [{ count }] = await db.query(
        `SELECT count(*)::int AS count FROM registration_import_chunks WHERE import_id = $1`,
        [first.id],
      );
      expect(count).toBe(0);
    });

    it('recognises the same file uploaded again, and adds nothing when its rows come again', async () => {
      const before = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
        event.id,
      ]);
      const again = await upload(event.id, file).expect(200);
      expect(again.body).toMatchObject({ id: first.id, status: 'completed', accepted: 3 });

      // The same rows in another file (Windows line endings): every valid row is now a duplicate.
      const crlf = await upload(event.id, file.replace(/\n/g, '\r\n')).expect(201);
      expect(crlf.body.id).not.toBe(first.id);
      const second = await finished(crlf.body.id);
      expect(second).toMatchObject({
        status: 'completed',
        totalRows: 11,
        accepted: 0,
        rejected: 6,
        duplicates: 5,
      });
      const after = await db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
        event.id,
      ]);
      expect(after[0].n).toBe(before[0].n);
    });
  });

  it('imports into a draft event, seats by capacity and waitlists the rest', async () => {
    const draft = await createEvent(t.http, org, { capacity: 1 }, { publish: false });
    const res = await upload(
      draft.id,
      csv([HEADER, row(`${unique('s')}@example.com`), row(`${unique('w')}@example.com`)]),
    ).expect(201);
    expect(await finished(res.body.id)).toMatchObject({ status: 'completed', accepted: 2 });
    const statuses = await db.query(`SELECT status FROM registrations WHERE event_id = $1 ORDER BY seq`, [
      draft.id,
    ]);
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['registered', 'waitlisted']);
  });

  it('refuses a bad header with 400 naming each problem, before storing anything', async () => {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM registration_imports`))[0].n;
    const stored = await count();
    const missing = await upload(event.id, csv([HEADER.filter((h) => h !== 'email'), ['x']]));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(missing.body.details).toEqual([
      { field: 'header', messages: ['missing required column "email"'] },
    ]);

    const extra = await upload(event.id, csv([[...HEADER, 'shoeSize'], row('x@example.com')]));
    expect(extra.status).toBe(400);
    expect(extra.body.details[0].messages[0]).toMatch(/^unknown column "shoeSize"/);

    const twice = await upload(event.id, csv([[...HEADER, 'email']]));
    expect(twice.status).toBe(400);
    expect(twice.body.details[0].messages).toEqual(['column "email" appears twice']);

    const empty = await upload(event.id, '');
    expect(empty.status).toBe(400);
    const json = await t.http.post(importPath(event.id)).set(bearer(recruiter)).send({ rows: [] });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('IMPORT_NOT_CSV');
    expect(await count()).toBe(stored);
  });

  it('takes CSV on the import route only, within its own size limit', async () => {
    const elsewhere = await t.http
      .post('/api/v1/events')
      .set(bearer(recruiter))
      .set('Content-Type', 'text/csv')
      .send('a,b\n');
    expect(elsewhere.status).toBe(415);
    expect(elsewhere.body).toMatchObject({ statusCode: 415 });
    // Larger than the JSON body limit (1 MB) and still taken as CSV: one person, many times over.
    const email = `${unique('big')}@example.com`;
    const publications = JSON.stringify(
      [1, 2, 3].map((n) => ({ title: `${n} ${'t'.repeat(480)}`, venue: 'NeurIPS', year: 2024 })),
    );
    const big = csv([HEADER, ...Array.from({ length: 700 }, () => row(email, { publications }))]);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const res = await upload(event.id, big).expect(201);
    expect(await finished(res.body.id)).toMatchObject({
      status: 'completed',
      totalRows: 700,
      accepted: 1,
      rejected: 0,
      duplicates: 699,
      issuesTruncated: false,
    });
  });

  it('answers 409 for an event that takes no imports, 404 across organizations', async () => {
    const cancelled = await createEvent(t.http, org);
    await t.http.post(`/api/v1/events/${cancelled.id}/cancel`).set(bearer(recruiter)).expect(200);
    const refused = await upload(cancelled.id, csv([HEADER, row(`${unique('x')}@example.com`)]));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EVENT_NOT_IMPORTABLE');

    const other = await createOrganization(t.http);
    const theirs = await upload(event.id, csv([HEADER, row(`${unique('y')}@example.com`)]), other.adminToken);
    expect(theirs.status).toBe(404);
    const [{ id }] = await db.query(`SELECT id FROM registration_imports WHERE event_id = $1 LIMIT 1`, [
      event.id,
    ]);
    await t.http.get(`/api/v1/imports/${id}`).set(bearer(other.adminToken)).expect(404);
  });
});
