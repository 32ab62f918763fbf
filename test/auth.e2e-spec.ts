import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { PASSWORD, TestApp, bearer, createOrganization, createTestApp, login } from '@hirefair/testing';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('logs in, answers /auth/me, and refuses a wrong password with INVALID_CREDENTIALS', async () => {
    const org = await createOrganization(t.http);
    const me = await t.http.get('/api/v1/auth/me').set(bearer(org.adminToken)).expect(200);
    expect(me.body.user.email).toBe(org.adminEmail);
    expect(me.body.user.passwordHash).toBeUndefined();
    expect(me.body.organization.slug).toBe(org.slug);
    expect(me.body.roles).toEqual(['org_admin']);

    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ email: org.adminEmail, password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.com', password: PASSWORD });
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('renews a hash made with older argon2 parameters at the next sign-in, and only then', async () => {
    const org = await createOrganization(t.http);
    const db = t.app.get(DataSource);
    const stored = async (): Promise<string> =>
      (
        (await db.query(`SELECT password_hash FROM users WHERE email = $1`, [org.adminEmail])) as {
          password_hash: string;
        }[]
      )[0].password_hash;
    expect(await stored()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // The library's defaults, as hashes were made before.
    const old = await argon2.hash(PASSWORD, { type: argon2.argon2id });
    expect(old).toMatch(/\$m=65536,p=4,t=3\$/);
    await db.query(`UPDATE users SET password_hash = $2 WHERE email = $1`, [org.adminEmail, old]);

    await t.http
      .post('/api/v1/auth/login')
      .send({ email: org.adminEmail, password: 'wrong-password-1' })
      .expect(401);
    expect(await stored()).toBe(old);
    await t.http.post('/api/v1/auth/login').send({ email: org.adminEmail, password: PASSWORD }).expect(200);
    const renewed = await stored();
    expect(renewed).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await argon2.verify(renewed, PASSWORD)).toBe(true);
    await t.http.post('/api/v1/auth/login').send({ email: org.adminEmail, password: PASSWORD }).expect(200);
    expect(await stored()).toBe(renewed);
  });

  it('rotates refresh tokens and revokes the family when a used one is presented again', async () => {
    const org = await createOrganization(t.http);
    const first = await t.http
      .post('/api/v1/auth/login')
      .send({ email: org.adminEmail, password: PASSWORD })
      .expect(200);
    const second = await t.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    await t.http.get('/api/v1/auth/me').set(bearer(second.body.accessToken)).expect(200);

    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The whole family is dead now, including the token issued by the legitimate rotation.
    const after = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(after.status).toBe(401);

    const garbage = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'not-a-token-at-all' });
    expect(garbage.body).toMatchObject({ statusCode: 401, code: 'INVALID_REFRESH_TOKEN' });
  });

  it('refuses a missing, forged or expired access token with 401 in the contract shape', async () => {
    const org = await createOrganization(t.http);
    const none = await t.http.get('/api/v1/auth/me');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });
    await t.http.get('/api/v1/auth/me').set(bearer('abc.def.ghi')).expect(401);

    const jwt = new JwtService({ secret: t.config.jwt.secret });
    const me = await t.http.get('/api/v1/auth/me').set(bearer(org.adminToken)).expect(200);
    const claims = { sub: me.body.user.id, org: org.id, roles: ['org_admin'], bu: [], typ: 'staff' };
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 });
    await t.http.get('/api/v1/auth/me').set(bearer(expired)).expect(401);
    const forged = new JwtService({ secret: 'another-secret-another-secret' }).sign(claims);
    await t.http.get('/api/v1/auth/me').set(bearer(forged)).expect(401);
    await t.http
      .get('/api/v1/auth/me')
      .set(bearer(jwt.sign(claims)))
      .expect(200);
  });

  it('lets only the platform admin create organizations, and keeps slugs and emails unique', async () => {
    const org = await createOrganization(t.http);
    const body = {
      name: 'X',
      slug: org.slug,
      admin: { email: 'someone@example.com', name: 'S', password: PASSWORD },
    };
    await t.http.post('/api/v1/organizations').set(bearer(org.adminToken)).send(body).expect(403);
    const platform = await login(t.http, 'platform@hirefair.test', 'platform-password');
    const taken = await t.http.post('/api/v1/organizations').set(bearer(platform)).send(body);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ORGANIZATION_SLUG_TAKEN');
    const dupEmail = await t.http
      .post('/api/v1/organizations')
      .set(bearer(platform))
      .send({ ...body, slug: `${org.slug}-2`, admin: { ...body.admin, email: org.adminEmail } });
    expect(dupEmail.status).toBe(409);
    expect(dupEmail.body.code).toBe('EMAIL_TAKEN');
  });
});
