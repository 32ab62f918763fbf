import { randomUUID } from 'node:crypto';
import {
  PLATFORM_ADMIN,
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  login,
  registrationBody,
  registrationsPath,
} from '@hirefair/testing';

type RoleName = 'platform_admin' | 'org_admin' | 'recruiter' | 'bu_reviewer' | 'interviewer';
const ROLES: RoleName[] = ['platform_admin', 'org_admin', 'recruiter', 'bu_reviewer', 'interviewer'];

interface RouteCase {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  allowed: RoleName[];
}

/** Every staff route of the contract built so far, and who may call it. `:unit`, `:event`... are objects of the caller's organization. */
const MATRIX: RouteCase[] = [
  { method: 'post', path: '/organizations', allowed: ['platform_admin'] },
  { method: 'get', path: '/auth/me', allowed: ROLES },
  { method: 'post', path: '/users', allowed: ['org_admin'] },
  { method: 'get', path: '/users', allowed: ['org_admin'] },
  { method: 'patch', path: '/users/:user', allowed: ['org_admin'] },
  { method: 'post', path: '/auth/change-password', allowed: ROLES },
  { method: 'post', path: '/business-units', allowed: ['org_admin'] },
  { method: 'get', path: '/business-units', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/business-units/:unit', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/business-units/:unit/members', allowed: ['org_admin', 'recruiter'] },
  { method: 'patch', path: '/business-units/:unit', allowed: ['org_admin'] },
  { method: 'get', path: '/audit-log', allowed: ['org_admin'] },
  { method: 'post', path: '/events', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event', allowed: ['org_admin', 'recruiter'] },
  { method: 'patch', path: '/events/:event', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/events/:draft/publish', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/events/:draft/close', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/events/:draft/complete', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/events/:draft/cancel', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/registrations', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/registrations/:registration', allowed: ['org_admin', 'recruiter', 'bu_reviewer'] },
  { method: 'post', path: '/events/:event/check-ins', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/waiver-policy', allowed: ['org_admin', 'recruiter'] },
  { method: 'put', path: '/events/:event/waiver-policy', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/events/:event/waiver-policy/simulate', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/routing-rules', allowed: ['org_admin', 'recruiter'] },
  { method: 'put', path: '/events/:event/routing-rules', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/registrations/:registration/waiver', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/registrations/:registration/written-test', allowed: ['org_admin', 'recruiter'] },
  { method: 'post', path: '/registrations/:registration/route', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/review-queue', allowed: ['org_admin', 'bu_reviewer'] },
  { method: 'post', path: '/registrations/:registration/decision', allowed: ['org_admin', 'bu_reviewer'] },
  { method: 'put', path: '/events/:event/availability', allowed: ['org_admin', 'recruiter', 'interviewer'] },
  { method: 'post', path: '/events/:event/scheduling-runs', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/scheduling-runs/:run', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/interviews', allowed: ['org_admin', 'recruiter', 'interviewer'] },
  { method: 'get', path: '/interviews/:interview', allowed: ['org_admin', 'recruiter', 'interviewer'] },
  { method: 'post', path: '/interviews/:interview/feedback', allowed: ['org_admin', 'interviewer'] },
  { method: 'post', path: '/registrations/:registration/outcome', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/report', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/events/:event/report.svg', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/market-benchmarks', allowed: ['org_admin', 'recruiter'] },
  { method: 'put', path: '/market-benchmarks', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/webhooks/settings', allowed: ['org_admin'] },
  { method: 'put', path: '/webhooks/settings', allowed: ['org_admin'] },
  { method: 'get', path: '/users/:user/calendar', allowed: ['org_admin', 'recruiter', 'interviewer'] },
  { method: 'put', path: '/users/:user/calendar', allowed: ['org_admin', 'recruiter', 'interviewer'] },
  { method: 'post', path: '/webhooks', allowed: ['org_admin'] },
  { method: 'get', path: '/webhooks', allowed: ['org_admin'] },
  { method: 'get', path: '/webhooks/:webhook', allowed: ['org_admin'] },
  { method: 'patch', path: '/webhooks/:webhook', allowed: ['org_admin'] },
  { method: 'delete', path: '/webhooks/:webhook', allowed: ['org_admin'] },
  { method: 'get', path: '/webhooks/:webhook/deliveries', allowed: ['org_admin'] },
  { method: 'post', path: '/webhooks/:webhook/deliveries/:delivery/redeliver', allowed: ['org_admin'] },
  { method: 'post', path: '/events/:event/registrations/import', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/imports/:import', allowed: ['org_admin', 'recruiter'] },
  { method: 'get', path: '/retention', allowed: ['org_admin', 'recruiter'] },
  { method: 'put', path: '/retention', allowed: ['org_admin'] },
];

describe('access control', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let unitId: string;
  const ids: Record<string, string> = {};
  const tokens = {} as Record<RoleName, string>;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrganization(t.http);
    other = await createOrganization(t.http);
    unitId = (await org.unit()).id;
    const event = await createEvent(t.http, org);
    ids[':event'] = event.id;
    ids[':draft'] = (await createEvent(t.http, org, {}, { publish: false })).id;
    ids[':registration'] = (
      await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201)
    ).body.registrationId;
    ids[':unit'] = unitId;
    // Objects that do not exist: the allowed roles get 404, the others 403 before any lookup.
    ids[':run'] = randomUUID();
    ids[':interview'] = randomUUID();
    ids[':import'] = randomUUID();
    ids[':webhook'] = randomUUID();
    ids[':delivery'] = randomUUID();
    ids[':user'] = randomUUID();
    tokens.platform_admin = await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    tokens.org_admin = org.adminToken;
    tokens.recruiter = (await org.user(['recruiter'])).token;
    tokens.bu_reviewer = (await org.user(['bu_reviewer'], { businessUnitIds: [unitId] })).token;
    tokens.interviewer = (
      await org.user(['interviewer'], { businessUnitIds: [unitId], specialties: ['nlp'] })
    ).token;
  });
  afterAll(() => t.close());

  describe.each(MATRIX)('$method $path', (route) => {
    it.each(ROLES)('as %s', async (role) => {
      const path = route.path.replace(/:\w+/g, (param) => ids[param]);
      const res = await t.http[route.method](`/api/v1${path}`).set(bearer(tokens[role])).send({});
      if (route.allowed.includes(role)) {
        expect(res.status).not.toBe(403);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      }
    });
  });

  it('a user holding several roles gets the union of their rights', async () => {
    const both = await org.user(['recruiter', 'bu_reviewer'], { businessUnitIds: [unitId] });
    await t.http.get(`/api/v1/business-units/${unitId}`).set(bearer(both.token)).expect(200);
    await t.http.get('/api/v1/users').set(bearer(both.token)).expect(403);
  });

  describe('tenant isolation', () => {
    it('answers 404 for another organization’s business unit, and changes nothing', async () => {
      const before = (
        await t.http.get(`/api/v1/business-units/${unitId}`).set(bearer(org.adminToken)).expect(200)
      ).body;
      const read = await t.http.get(`/api/v1/business-units/${unitId}`).set(bearer(other.adminToken));
      expect(read.status).toBe(404);
      expect(read.body.code).toBe('BUSINESS_UNIT_NOT_FOUND');
      const write = await t.http
        .patch(`/api/v1/business-units/${unitId}`)
        .set(bearer(other.adminToken))
        .send({ name: 'Hijacked' });
      expect(write.status).toBe(404);
      const after = (
        await t.http.get(`/api/v1/business-units/${unitId}`).set(bearer(org.adminToken)).expect(200)
      ).body;
      expect(after).toEqual(before);
    });

    it('never lists another organization’s rows', async () => {
      const otherUnit = await other.unit();
      const units = (await t.http.get('/api/v1/business-units').set(bearer(org.adminToken)).expect(200)).body;
      expect(units.items.map((u: { id: string }) => u.id)).not.toContain(otherUnit.id);
      const users = (await t.http.get('/api/v1/users').set(bearer(org.adminToken)).expect(200)).body;
      expect(users.items.every((u: { organizationId: string }) => u.organizationId === org.id)).toBe(true);
      const audit = (await t.http.get('/api/v1/audit-log').set(bearer(other.adminToken)).expect(200)).body;
      expect(audit.items.map((e: { objectId: string }) => e.objectId)).not.toContain(unitId);
    });

    it('lists a unit’s members to its own organization only', async () => {
      const members = await t.http
        .get(`/api/v1/business-units/${unitId}/members`)
        .set(bearer(org.adminToken))
        .expect(200);
      expect(members.body.items.map((u: { roles: string[] }) => u.roles[0]).sort()).toEqual(
        expect.arrayContaining(['bu_reviewer', 'interviewer']),
      );
      expect(
        members.body.items.every((u: { businessUnitIds: string[] }) => u.businessUnitIds.includes(unitId)),
      ).toBe(true);
      await t.http.get(`/api/v1/business-units/${unitId}/members`).set(bearer(other.adminToken)).expect(404);
    });

    it('refuses to put a user into another organization’s unit', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(other.adminToken))
        .send({
          email: 'x-cross@example.com',
          name: 'X',
          password: 'long-enough',
          roles: ['bu_reviewer'],
          businessUnitIds: [unitId],
        });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('UNKNOWN_BUSINESS_UNIT');
    });
  });

  describe('business units', () => {
    it('creates, lists with a cursor, updates with an audit entry, and refuses a duplicate code', async () => {
      const a = await org.unit({ code: 'PAGEA' });
      await org.unit({ code: 'PAGEB' });
      const dup = await t.http
        .post('/api/v1/business-units')
        .set(bearer(org.adminToken))
        .send({ name: 'Dup', code: 'PAGEA', specialties: [], reviewSlaHours: 1, dailyInterviewCapacity: 1 });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('BUSINESS_UNIT_CODE_TAKEN');

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
          .get('/api/v1/business-units')
          .query({ limit: 1, ...(cursor ? { cursor } : {}) })
          .set(bearer(org.adminToken))
          .expect(200);
        seen.push(...page.body.items.map((u) => u.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain(a.id);

      const patched = await t.http
        .patch(`/api/v1/business-units/${a.id}`)
        .set(bearer(org.adminToken))
        .send({ reviewSlaHours: 24, maxOpenReviews: 10 })
        .expect(200);
      expect(patched.body).toMatchObject({ reviewSlaHours: 24, maxOpenReviews: 10, code: 'PAGEA' });
      const audit = await t.http
        .get('/api/v1/audit-log')
        .query({ objectId: a.id, action: 'business_unit.updated' })
        .set(bearer(org.adminToken))
        .expect(200);
      expect(audit.body.items[0].details.changed.sort()).toEqual(['maxOpenReviews', 'reviewSlaHours']);
    });
  });
});
