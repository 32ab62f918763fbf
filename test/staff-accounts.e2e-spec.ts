import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailMessage, NotificationsService, PasswordResetService } from '@hirefair/core';
import { QueueName, passwordResetJobId } from '@hirefair/queue';
import {
  PASSWORD,
  PLATFORM_ADMIN,
  TestApp,
  TestOrganization,
  bearer,
  createOrganization,
  createTestApp,
  login,
  unique,
  waitFor,
} from '@hirefair/testing';

const NEW_PASSWORD = 'lantern-orbit-velvet-42';

describe('staff accounts', () => {
  let t: TestApp;
  let db: DataSource;
  let mailbox: NotificationsService;
  let org: TestOrganization;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000' });
    db = t.app.get(DataSource);
    mailbox = t.app.get(NotificationsService);
    org = await createOrganization(t.http);
  });
  afterAll(() => t.close());

  const mailTo = (email: string, template: string): Promise<MailMessage> =>
    waitFor(async () => (await mailbox.mailbox(50, email)).find((m) => m.template === template), {
      what: `${template} mail to ${email}`,
    });
  /** Every password reset request so far handled by its job (the job deletes the request's row). */
  const resetsHandled = () =>
    waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM password_reset_requests`))[0].n === 0,
      { what: 'the password reset requests handled' },
    );
  const resetMails = async (email: string) =>
    (await mailbox.mailbox(50, email)).filter((m) => m.template === 'account.password-reset');
  const tokenOf = (mail: MailMessage): string => new URL(mail.links[0].url).hash.replace('#token=', '');
  const invite = async (admin: TestOrganization, extra: Record<string, unknown> = {}) => {
    const email = `${unique('invitee')}@${admin.slug}.example.com`;
    const res = await t.http
      .post('/api/v1/users')
      .set(bearer(admin.adminToken))
      .send({ email, name: 'Ida Invitee', roles: ['interviewer'], ...extra })
      .expect(201);
    return { id: res.body.id as string, email, body: res.body };
  };

  describe('password rules', () => {
    it.each([
      ['short-pw1', 'at least 10 characters'],
      ['password123', 'commonly used'],
      ['1234567890', 'commonly used'],
      ['qwertyuiop', 'commonly used'],
    ])('refuses %s on POST /users, saying which rule', async (password, rule) => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(org.adminToken))
        .send({ email: `${unique('weak')}@example.com`, name: 'W', password, roles: ['recruiter'] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([
        { field: 'password', messages: expect.arrayContaining([expect.stringContaining(rule)]) },
      ]);
    });

    it('refuses a password containing the email or its local part, and names every broken rule', async () => {
      const email = `${unique('margarethe')}@example.com`;
      const local = email.split('@')[0];
      for (const password of [`${email}!`, `My-${local.toUpperCase()}-key`]) {
        const res = await t.http
          .post('/api/v1/users')
          .set(bearer(org.adminToken))
          .send({ email, name: 'M', password, roles: ['recruiter'] });
        expect(res.status).toBe(400);
        expect(res.body.details[0].messages).toContain(
          'password must not contain the email address or its part before the @',
        );
      }
      const many = await t.http
        .post('/api/v1/users')
        .set(bearer(org.adminToken))
        .send({ email, name: 'M', password: 'password', roles: ['recruiter'] });
      expect(many.body.details[0].messages).toHaveLength(2);
    });

    it('applies to the organization admin created by the platform admin', async () => {
      const platform = await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
      const res = await t.http
        .post('/api/v1/organizations')
        .set(bearer(platform))
        .send({
          name: 'Weak',
          slug: unique('weak'),
          admin: { email: `${unique('a')}@example.com`, name: 'A', password: 'iloveyou12' },
        });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('admin.password');
    });
  });

  it('refuses an email used in another organization with the same neutral 409 as one used in this one', async () => {
    const other = await createOrganization(t.http);
    const body = (email: string) => ({ email, name: 'Dup', password: PASSWORD, roles: ['recruiter'] });
    const elsewhere = await t.http
      .post('/api/v1/users')
      .set(bearer(org.adminToken))
      .send(body(other.adminEmail));
    const here = await t.http.post('/api/v1/users').set(bearer(org.adminToken)).send(body(org.adminEmail));
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toEqual({
      statusCode: 409,
      code: 'EMAIL_UNAVAILABLE',
      message: 'This email cannot be used.',
    });
    expect(here.body).toEqual(elsewhere.body);
    const invited = await t.http
      .post('/api/v1/users')
      .set(bearer(org.adminToken))
      .send({ email: other.adminEmail, name: 'Dup', roles: ['recruiter'] });
    expect(invited.body).toEqual(elsewhere.body);
  });

  describe('invitations', () => {
    it('invites by mail; the invitee sets a password once through the link and is signed in', async () => {
      const user = await invite(org);
      expect(user.body).toMatchObject({ status: 'invited', email: user.email });
      expect(user.body.passwordHash).toBeUndefined();
      const listed = await t.http
        .get('/api/v1/users')
        .query({ limit: 200 })
        .set(bearer(org.adminToken))
        .expect(200);
      expect(listed.body.items.find((u: { id: string }) => u.id === user.id).status).toBe('invited');

      // No password yet: no sign-in, whatever is tried.
      const early = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
      expect(early.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });

      const mail = await mailTo(user.email, 'account.invite');
      expect(mail.locale).toBe('en');
      expect(mail.links[0].url).toMatch(/^http:\/\/localhost:3000\/console\/accept-invite#token=[\w-]{20,}$/);
      expect(mail.text).toContain(mail.links[0].url);
      expect(mail.html).toContain('Set my password');
      const token = tokenOf(mail);
      // Only the token's hash is stored.
      const [row] = await db.query(`SELECT token_hash, expires_at FROM account_tokens WHERE user_id = $1`, [
        user.id,
      ]);
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
      await waitFor(async () => (await mailbox.mailbox(50, user.email))[0].status === 'sent', {
        what: 'the invitation to be delivered',
      });

      const weak = await t.http.post('/api/v1/auth/accept-invite').send({ token, password: 'password1' });
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('password');

      const accepted = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token, password: NEW_PASSWORD })
        .expect(200);
      expect(accepted.body).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
      const me = await t.http.get('/api/v1/auth/me').set(bearer(accepted.body.accessToken)).expect(200);
      expect(me.body.user).toMatchObject({ email: user.email, status: 'active' });
      await t.http
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: accepted.body.refreshToken })
        .expect(200);
      await login(t.http, user.email, NEW_PASSWORD);

      const again = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token, password: 'another-fine-passphrase' });
      expect(again.body).toMatchObject({ statusCode: 400, code: 'INVALID_INVITE_TOKEN' });
      const garbage = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token: 'made-up-token-made-up', password: NEW_PASSWORD });
      expect(garbage.body.code).toBe('INVALID_INVITE_TOKEN');
      await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token, password: NEW_PASSWORD, admin: true })
        .expect(400);
    });

    it('lets exactly one of simultaneous acceptances of one link through', async () => {
      const user = await invite(org);
      const token = tokenOf(await mailTo(user.email, 'account.invite'));
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.http.post('/api/v1/auth/accept-invite').send({ token, password: `${NEW_PASSWORD}-${i}` }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
      const winner = answers.findIndex((a) => a.status === 200);
      await login(t.http, user.email, `${NEW_PASSWORD}-${winner}`);
    });

    it('mails the invitation in Chinese when asked, and refuses an expired link', async () => {
      const user = await invite(org, { locale: 'zh', name: '李雷' });
      const mail = await mailTo(user.email, 'account.invite');
      expect(mail.locale).toBe('zh');
      expect(mail.subject).toBe('邀请您加入 hirefair');
      expect(mail.text).toContain('李雷，您好');
      expect(mail.text).toContain(mail.links[0].url);
      await db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      const expired = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token: tokenOf(mail), password: NEW_PASSWORD });
      expect(expired.body).toMatchObject({ statusCode: 400, code: 'INVALID_INVITE_TOKEN' });
    });

    it('sends an invitee who asks for a password reset a new invitation instead', async () => {
      const user = await invite(org, { password: null });
      const first = await mailTo(user.email, 'account.invite');
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const second = await waitFor(async () =>
        (await mailbox.mailbox(50, user.email)).find(
          (m) => m.template === 'account.invite' && m.id !== first.id,
        ),
      );
      expect((await mailbox.mailbox(50, user.email)).map((m) => m.template)).not.toContain(
        'account.password-reset',
      );
      const stale = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token: tokenOf(first), password: NEW_PASSWORD });
      expect(stale.body.code).toBe('INVALID_INVITE_TOKEN');
      await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token: tokenOf(second), password: NEW_PASSWORD })
        .expect(200);
    });

    it('refuses the invitation of a deactivated invitee', async () => {
      const user = await invite(org);
      const mail = await mailTo(user.email, 'account.invite');
      const patched = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(org.adminToken))
        .send({ active: false })
        .expect(200);
      expect(patched.body.status).toBe('inactive');
      const res = await t.http
        .post('/api/v1/auth/accept-invite')
        .send({ token: tokenOf(mail), password: NEW_PASSWORD });
      expect(res.body.code).toBe('INVALID_INVITE_TOKEN');
      // Turned back on without a password, the account is invited again.
      const back = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(org.adminToken))
        .send({ active: true })
        .expect(200);
      expect(back.body.status).toBe('invited');
    });
  });

  describe('password reset', () => {
    it('answers 202 with the same body whether or not the account exists, and mails only an existing one', async () => {
      const user = await org.user(['recruiter']);
      const ghost = `${unique('ghost')}@example.com`;
      const known = await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const unknown = await t.http.post('/api/v1/auth/password-reset').send({ email: ghost }).expect(202);
      expect(unknown.body).toEqual(known.body);
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
      await mailTo(user.email, 'account.password-reset');
      await resetsHandled();
      expect(await mailbox.mailbox(50, ghost)).toEqual([]);
    });

    it('keeps a request in PostgreSQL, not in the memory of the process that answered, and mails once', async () => {
      const user = await org.user(['recruiter']);
      const notifications = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
      await notifications.pause();
      let requestId: string;
      try {
        // An API without workers answers, then goes away before any worker ran.
        const api = await createTestApp({ PUBLIC_RATE_LIMIT: '100000', WORKERS: 'off' });
        try {
          await api.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
        } finally {
          await api.close();
        }
        const requests = await db.query(`SELECT id FROM password_reset_requests WHERE email = $1`, [
          user.email,
        ]);
        expect(requests).toHaveLength(1);
        requestId = requests[0].id;
        const owed = await db.query(`SELECT payload FROM outbox WHERE job_id = $1`, [
          passwordResetJobId(requestId),
        ]);
        expect(owed).toEqual([{ payload: { requestId } }]);
        expect(await resetMails(user.email)).toEqual([]);
      } finally {
        await notifications.resume();
      }
      await mailTo(user.email, 'account.password-reset');
      await resetsHandled();
      // A second run of the job (a retry, a re-enqueue) finds the request gone.
      expect(await t.app.get(PasswordResetService).handle(requestId)).toBe('handled-before');
      expect(await resetMails(user.email)).toHaveLength(1);
    });

    it('re-owes a request whose job was lost, and drops one older than a link lives', async () => {
      const lost = await org.user(['recruiter']);
      const stale = await org.user(['recruiter']);
      // Rows without a job anywhere, as after Redis restarted empty.
      await db.query(
        `INSERT INTO password_reset_requests (email, created_at)
         VALUES ($1, now() - interval '2 minutes'), ($2, now() - interval '2 hours')`,
        [lost.email, stale.email],
      );
      await t.app.get(PasswordResetService).reconcile();
      const left = await db.query(`SELECT email FROM password_reset_requests WHERE email = ANY($1)`, [
        [lost.email, stale.email],
      ]);
      expect(left.map((r: { email: string }) => r.email)).not.toContain(stale.email);
      await mailTo(lost.email, 'account.password-reset');
      await resetsHandled();
      expect(await resetMails(stale.email)).toEqual([]);
    });

    it('sets a new password once with the mailed link and signs the user out everywhere', async () => {
      const user = await org.user(['recruiter']);
      const session = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email.toUpperCase() }).expect(202);
      const mail = await mailTo(user.email, 'account.password-reset');
      expect(mail.links[0].url).toMatch(/^http:\/\/localhost:3000\/console\/reset-password#token=/);
      expect(mail.subject).toBe('Reset your hirefair password');
      const token = tokenOf(mail);

      const weak = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, password: 'letmein2024' });
      expect(weak.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });

      const done = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, password: NEW_PASSWORD })
        .expect(200);
      expect(done.body).toEqual({ email: user.email });
      const old = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken });
      expect(old.status).toBe(401);
      await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
      await login(t.http, user.email, NEW_PASSWORD);

      const reused = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token, password: 'another-fine-passphrase' });
      expect(reused.body).toMatchObject({ statusCode: 400, code: 'INVALID_RESET_TOKEN' });
    });

    it('lets exactly one of simultaneous confirmations of one link through', async () => {
      const user = await org.user(['recruiter']);
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const token = tokenOf(await mailTo(user.email, 'account.password-reset'));
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.http
            .post('/api/v1/auth/password-reset/confirm')
            .send({ token, password: `${NEW_PASSWORD}-${i}` }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
      expect(
        answers.filter((a) => a.status === 400).every((a) => a.body.code === 'INVALID_RESET_TOKEN'),
      ).toBe(true);
    });

    it('refuses an expired link, and keeps only the newest link alive', async () => {
      const user = await org.user(['recruiter']);
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const first = await mailTo(user.email, 'account.password-reset');
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const second = await waitFor(async () =>
        (await mailbox.mailbox(50, user.email)).find(
          (m) => m.template === 'account.password-reset' && m.id !== first.id,
        ),
      );
      const superseded = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: tokenOf(first), password: NEW_PASSWORD });
      expect(superseded.body.code).toBe('INVALID_RESET_TOKEN');
      const [{ expires_at }] = await db.query(
        `SELECT expires_at FROM account_tokens WHERE user_id = $1 AND used_at IS NULL`,
        [user.id],
      );
      expect(new Date(expires_at).getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
      await db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.id],
      );
      const expired = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: tokenOf(second), password: NEW_PASSWORD });
      expect(expired.body).toMatchObject({ statusCode: 400, code: 'INVALID_RESET_TOKEN' });
    });
  });

  describe('change password', () => {
    it('refuses a wrong current password with 400 INVALID_CURRENT_PASSWORD and a weak new one with VALIDATION_FAILED', async () => {
      const user = await org.user(['interviewer']);
      const wrong = await t.http
        .post('/api/v1/auth/change-password')
        .set(bearer(user.token))
        .send({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
      expect(wrong.body).toMatchObject({ statusCode: 400, code: 'INVALID_CURRENT_PASSWORD' });
      const weak = await t.http
        .post('/api/v1/auth/change-password')
        .set(bearer(user.token))
        .send({ currentPassword: PASSWORD, newPassword: 'sunshine123' });
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('newPassword');
      await t.http
        .post('/api/v1/auth/change-password')
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(401);
    });

    it('changes it, revokes the other sessions and hands this one a new pair', async () => {
      const user = await org.user(['interviewer']);
      const other = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      const changed = await t.http
        .post('/api/v1/auth/change-password')
        .set(bearer(user.token))
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: changed.body.refreshToken }).expect(200);
      await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(401);
      await login(t.http, user.email, NEW_PASSWORD);
    });
  });

  describe('deactivation', () => {
    it('keeps an inactive user from logging in, refreshing or resetting, until turned back on', async () => {
      const user = await org.user(['recruiter']);
      const session = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      const pending = await mailTo(user.email, 'account.password-reset');

      const patched = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(org.adminToken))
        .send({ active: false, name: 'Renamed' })
        .expect(200);
      expect(patched.body).toMatchObject({ status: 'inactive', name: 'Renamed' });
      const listed = await t.http
        .get('/api/v1/users')
        .query({ limit: 200 })
        .set(bearer(org.adminToken))
        .expect(200);
      expect(listed.body.items.find((u: { id: string }) => u.id === user.id).status).toBe('inactive');

      const denied = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD });
      expect(denied.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
      const reset = await t.http
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: tokenOf(pending), password: NEW_PASSWORD });
      expect(reset.body.code).toBe('INVALID_RESET_TOKEN');
      await t.http.post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
      await resetsHandled();
      expect(await resetMails(user.email)).toHaveLength(1);

      await t.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(org.adminToken))
        .send({ active: true })
        .expect(200);
      await login(t.http, user.email);
    });

    it('answers 404 for another organization’s user, refuses deactivating oneself and unknown fields', async () => {
      const other = await createOrganization(t.http);
      const stranger = await other.user(['recruiter']);
      const res = await t.http
        .patch(`/api/v1/users/${stranger.id}`)
        .set(bearer(org.adminToken))
        .send({ active: false });
      expect(res.status).toBe(404);
      await t.http
        .patch('/api/v1/users/not-a-uuid')
        .set(bearer(org.adminToken))
        .send({ active: false })
        .expect(404);
      await login(t.http, stranger.email);
      const me = await t.http.get('/api/v1/auth/me').set(bearer(org.adminToken)).expect(200);
      const self = await t.http
        .patch(`/api/v1/users/${me.body.user.id}`)
        .set(bearer(org.adminToken))
        .send({ active: false });
      expect(self.body).toMatchObject({ statusCode: 409, code: 'CANNOT_DEACTIVATE_SELF' });
      await t.http
        .patch(`/api/v1/users/${stranger.id}`)
        .set(bearer(other.adminToken))
        .send({ email: 'new@example.com' })
        .expect(400);
      const unchanged = await t.http
        .patch(`/api/v1/users/${stranger.id}`)
        .set(bearer(other.adminToken))
        .send({ name: null, roles: null })
        .expect(200);
      expect(unchanged.body).toMatchObject({ name: `User ${stranger.email}`, roles: ['recruiter'] });
    });
  });

  it('documents every account route with a summary and its response type in /docs-json', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const cases: [string, string, string, string][] = [
      ['/api/v1/auth/login', 'post', '200', 'TokenPairDto'],
      ['/api/v1/auth/password-reset', 'post', '202', 'PasswordResetAcceptedDto'],
      ['/api/v1/auth/password-reset/confirm', 'post', '200', 'PasswordResetDoneDto'],
      ['/api/v1/auth/change-password', 'post', '200', 'TokenPairDto'],
      ['/api/v1/auth/accept-invite', 'post', '200', 'TokenPairDto'],
      ['/api/v1/auth/me', 'get', '200', 'MeDto'],
      ['/api/v1/users', 'post', '201', 'UserDto'],
      ['/api/v1/users', 'get', '200', 'UserPageDto'],
      ['/api/v1/users/{id}', 'patch', '200', 'UserDto'],
    ];
    for (const [path, method, status, schema] of cases) {
      const operation = doc.paths[path][method];
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.responses[status].content['application/json'].schema.$ref).toBe(
        `#/components/schemas/${schema}`,
      );
    }
    expect(doc.components.schemas.UserDto.properties.status.enum).toEqual(['invited', 'active', 'inactive']);
  });
});
