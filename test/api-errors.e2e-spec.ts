import { JwtService } from '@nestjs/jwt';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
} from '@hirefair/testing';

describe('API errors a client can act on', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
    org = await createOrganization(t.http);
  });
  afterAll(() => t.close());

  it('says "is required" once for a field that was not sent, and every rule for one that was', async () => {
    const absent = await t.http.post('/api/v1/auth/login').send({ password: 'x' }).expect(400);
    expect(absent.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'email is required',
      details: [{ field: 'email', messages: ['email is required'] }],
    });

    const bad = await t.http.post('/api/v1/auth/login').send({ email: 'nobody', password: 'x' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'email', messages: ['email must be an email'] }]);

    const event = await createEvent(t.http, org);
    const { name: _name, ...body } = registrationBody();
    const nested = await t.http
      .post(registrationsPath(event.slug))
      .send({ ...body, consent: { shareWithBusinessUnits: true } })
      .expect(400);
    expect(nested.body.details).toEqual([
      { field: 'name', messages: ['name is required'] },
      { field: 'consent.privacyPolicyVersion', messages: ['consent.privacyPolicyVersion is required'] },
    ]);
  });

  it('answers 401 TOKEN_MISSING, TOKEN_EXPIRED or TOKEN_INVALID on staff routes', async () => {
    const missing = await t.http.get('/api/v1/auth/me').expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });

    const jwt = new JwtService({ secret: t.config.jwt.secret });
    const me = await t.http.get('/api/v1/auth/me').set(bearer(org.adminToken)).expect(200);
    const claims = { sub: me.body.user.id, org: org.id, roles: ['org_admin'], bu: [], typ: 'staff' };
    const expired = await t.http
      .get('/api/v1/auth/me')
      .set(bearer(jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })))
      .expect(401);
    expect(expired.body).toMatchObject({ statusCode: 401, code: 'TOKEN_EXPIRED' });

    const forged = new JwtService({ secret: 'another-secret-another-secret' }).sign(claims);
    for (const token of [forged, 'abc.def.ghi', jwt.sign({ ...claims, typ: 'refresh' })]) {
      const res = await t.http.get('/api/v1/auth/me').set(bearer(token)).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'TOKEN_INVALID' });
    }
    const basic = await t.http.get('/api/v1/auth/me').set('Authorization', 'Basic eDp5').expect(401);
    expect(basic.body.code).toBe('TOKEN_INVALID');
  });

  it('answers 401 TOKEN_MISSING or TOKEN_INVALID on candidate routes, and for a token of the other kind', async () => {
    const event = await createEvent(t.http, org);
    const reg = await t.http.post(registrationsPath(event.slug)).send(registrationBody()).expect(201);

    const missing = await t.http.get('/api/v1/candidate/registration').expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });
    const madeUp = await t.http.get('/api/v1/candidate/registration').set(bearer('made-up')).expect(401);
    expect(madeUp.body.code).toBe('TOKEN_INVALID');
    const staffOnCandidate = await t.http
      .get('/api/v1/candidate/registration')
      .set(bearer(org.adminToken))
      .expect(401);
    expect(staffOnCandidate.body.code).toBe('TOKEN_INVALID');
    const candidateOnStaff = await t.http
      .get('/api/v1/auth/me')
      .set(bearer(reg.body.candidateToken))
      .expect(401);
    expect(candidateOnStaff.body.code).toBe('TOKEN_INVALID');
    await t.http.get('/api/v1/candidate/registration').set(bearer(reg.body.candidateToken)).expect(200);
  });
});
