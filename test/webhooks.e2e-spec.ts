import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import {
  TestApp,
  TestOrganization,
  bearer,
  createEvent,
  createOrganization,
  createTestApp,
  setPipeline,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

/** The README's verification recipe, exactly as documented there. */
function verifyHirefairSignature(
  secret: string,
  header: string,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const items = header.split(',').map((part) => part.trim().split('='));
  const t = Number(items.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return items.some(([key, value]) => {
    if (key !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    type: string;
    createdAt: string;
    organizationId: string;
    data: Record<string, unknown>;
  };
}

type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  lastError: string | null;
  attempts: {
    attempt: number;
    ok: boolean;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    manual: boolean;
    at: string;
  }[];
};

const ALL_EVENTS = [
  'registration.created',
  'registration.fast_tracked',
  'registration.routed',
  'registration.decided',
  'interview.scheduled',
  'interview.rescheduled',
  'interview.cancelled',
];
const PHD_NLP = {
  rules: [
    {
      name: 'phd-nlp',
      when: {
        all: [
          { field: 'degree', op: 'eq', value: 'phd' },
          { field: 'specialties', op: 'contains', value: 'nlp' },
        ],
      },
      waive: true,
    },
  ],
};

describe('webhooks', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  const received: Received[] = [];

  beforeAll(async () => {
    // Retries 1 ms, 3 ms, 9 ms ... instead of minutes: the whole schedule runs in about a second.
    t = await createTestApp({ PUBLIC_RATE_LIMIT: '100000', WEBHOOK_RETRY_BASE_MS: '1' });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
        if (req.url?.startsWith('/fail')) res.writeHead(500).end('down');
        else if (req.url?.startsWith('/redirect'))
          res.writeHead(302, { Location: `${base}/ok/redirected` }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const allowPrivate = (org: TestOrganization, allow = true) =>
    t.http
      .put('/api/v1/webhooks/settings')
      .set(bearer(org.adminToken))
      .send({ allowPrivateTargets: allow })
      .expect(200);
  const subscribe = async (org: TestOrganization, path: string, events = ALL_EVENTS) => {
    const res = await t.http
      .post('/api/v1/webhooks')
      .set(bearer(org.adminToken))
      .send({ url: `${base}${path}`, events, description: `receiver ${path}` });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; url: string; active: boolean };
  };
  const deliveries = async (org: TestOrganization, id: string): Promise<Delivery[]> =>
    (await t.http.get(`/api/v1/webhooks/${id}/deliveries?limit=200`).set(bearer(org.adminToken)).expect(200))
      .body.items;
  const receivedAt = (path: string) => received.filter((r) => r.path === path);
  const register = async (slug: string, overrides: Record<string, unknown> = {}) =>
    (await t.http.post(registrationsPath(slug)).send(registrationBody(overrides)).expect(201)).body as {
      registrationId: string;
      candidateToken: string;
    };

  describe('subscribing', () => {
    let org: TestOrganization;
    beforeAll(async () => {
      org = await createOrganization(t.http);
    });

    it.each([
      ['http://127.0.0.1:9/hook'],
      ['http://10.1.2.3/hook'],
      ['http://169.254.169.254/latest/meta-data'],
      ['http://[::1]:8080/hook'],
      ['http://localhost:9/hook'],
      ['http://100.64.0.1/hook'],
      ['http://[fd00::1]/hook'],
    ])('refuses the private target %s for an organization that has not allowed them', async (url) => {
      const res = await t.http
        .post('/api/v1/webhooks')
        .set(bearer(org.adminToken))
        .send({ url, events: ['registration.created'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'WEBHOOK_TARGET_FORBIDDEN' });
      expect(res.body.details[0].field).toBe('url');
    });

    it.each([['ftp://example.com/hook'], ['file:///etc/passwd'], ['javascript:alert(1)'], ['not a url']])(
      'refuses %s (only http and https)',
      async (url) => {
        const res = await t.http
          .post('/api/v1/webhooks')
          .set(bearer(org.adminToken))
          .send({ url, events: ['registration.created'] });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('refuses unknown events, no events and unknown fields', async () => {
      for (const body of [
        { url: 'https://example.com/h', events: ['registration.deleted'] },
        { url: 'https://example.com/h', events: [] },
        { url: 'https://example.com/h', events: ['registration.created'], secret: 'mine' },
      ]) {
        const res = await t.http.post('/api/v1/webhooks').set(bearer(org.adminToken)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const list = await t.http.get('/api/v1/webhooks').set(bearer(org.adminToken)).expect(200);
      expect(list.body).toEqual({ items: [], nextCursor: null });
    });

    it('is for org admins only', async () => {
      const recruiter = await org.user(['recruiter']);
      const res = await t.http
        .post('/api/v1/webhooks')
        .set(bearer(recruiter.token))
        .send({ url: 'https://example.com/h', events: ['registration.created'] });
      expect(res.status).toBe(403);
      await t.http
        .put('/api/v1/webhooks/settings')
        .set(bearer(recruiter.token))
        .send({ allowPrivateTargets: true })
        .expect(403);
    });

    it('allows private targets once the organization says so (audited); the secret is shown once', async () => {
      expect(
        (await t.http.get('/api/v1/webhooks/settings').set(bearer(org.adminToken)).expect(200)).body,
      ).toMatchObject({
        allowPrivateTargets: false,
      });
      await allowPrivate(org);
      const audit = await t.http
        .get('/api/v1/audit-log?action=webhook.settings_updated')
        .set(bearer(org.adminToken))
        .expect(200);
      expect(audit.body.items[0].details).toEqual({ allowPrivateTargets: true });
      const created = await subscribe(org, '/ok/subscribing', ['registration.created']);
      expect(created.secret).toMatch(/^whsec_/);
      expect(created.active).toBe(true);
      const got = await t.http.get(`/api/v1/webhooks/${created.id}`).set(bearer(org.adminToken)).expect(200);
      expect(got.body).not.toHaveProperty('secret');
      expect(got.body).toMatchObject({ id: created.id, url: created.url, events: ['registration.created'] });
      const list = await t.http.get('/api/v1/webhooks?limit=1').set(bearer(org.adminToken)).expect(200);
      expect(list.body.items.map((w: { id: string }) => w.id)).toEqual([created.id]);
      expect(JSON.stringify(list.body)).not.toContain(created.secret);
    });

    it('another organization sees none of it (404), and delete removes the subscription', async () => {
      const other = await createOrganization(t.http);
      const mine = await subscribe(org, '/ok/mine', ['registration.created']);
      for (const [method, path] of [
        ['get', `/api/v1/webhooks/${mine.id}`],
        ['patch', `/api/v1/webhooks/${mine.id}`],
        ['delete', `/api/v1/webhooks/${mine.id}`],
        ['get', `/api/v1/webhooks/${mine.id}/deliveries`],
        ['post', `/api/v1/webhooks/${mine.id}/deliveries/${mine.id}/redeliver`],
      ] as const) {
        const res = await t.http[method](path).set(bearer(other.adminToken)).send({});
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('WEBHOOK_NOT_FOUND');
      }
      expect(
        (await t.http.get('/api/v1/webhooks').set(bearer(other.adminToken)).expect(200)).body.items,
      ).toEqual([]);
      await t.http.delete(`/api/v1/webhooks/${mine.id}`).set(bearer(org.adminToken)).expect(200);
      await t.http.get(`/api/v1/webhooks/${mine.id}`).set(bearer(org.adminToken)).expect(404);
    });
  });

  describe('delivering', () => {
    let org: TestOrganization;
    let hook: { id: string; secret: string };
    let event: { id: string; slug: string };
    let unit: { id: string };
    let reviewer: { token: string };

    beforeAll(async () => {
      org = await createOrganization(t.http);
      unit = await org.unit({ specialties: ['nlp'], dailyInterviewCapacity: 8 });
      reviewer = await org.user(['bu_reviewer'], { businessUnitIds: [unit.id] });
      const interviewer = await org.user(['interviewer'], {
        businessUnitIds: [unit.id],
        specialties: ['nlp'],
      });
      event = await createEvent(t.http, org, { businessUnitIds: [unit.id], timezone: 'Asia/Shanghai' });
      await setPipeline(t.http, org.adminToken, event.id, PHD_NLP, {
        strategy: 'least_loaded',
        rules: [{ specialty: 'nlp', businessUnitId: unit.id, weight: 1 }],
      });
      const day = DateTime.now()
        .setZone('Asia/Shanghai')
        .plus({ days: 3 })
        .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
      await t.http
        .put(`/api/v1/events/${event.id}/availability`)
        .set(bearer(interviewer.token))
        .send({ slots: [{ startsAt: day.toISO(), endsAt: day.plus({ hours: 4 }).toISO() }] })
        .expect(200);
      await allowPrivate(org);
      hook = await subscribe(org, '/ok/all');
    });

    const eventsFor = (registrationId: string) =>
      receivedAt('/ok/all').filter((r) => r.body.data.registrationId === registrationId);
    const waitForEvent = (registrationId: string, type: string) =>
      waitFor(() => eventsFor(registrationId).find((r) => r.body.type === type), {
        what: `${type} of ${registrationId}`,
      });

    it('signs and delivers registration.created, fast_tracked, routed and decided, and the interview events', async () => {
      const candidate = await register(event.slug, {
        degree: 'phd',
        specialties: ['nlp'],
        name: 'Secret Name',
      });
      const id = candidate.registrationId;
      const created = await waitForEvent(id, 'registration.created');
      const fastTracked = await waitForEvent(id, 'registration.fast_tracked');
      const routed = await waitForEvent(id, 'registration.routed');
      expect(created.body).toMatchObject({
        type: 'registration.created',
        organizationId: org.id,
        data: { registrationId: id, eventId: event.id, status: 'registered' },
      });
      expect(fastTracked.body.data).toMatchObject({ from: null, to: 'fast_track' });
      expect(routed.body.data).toMatchObject({ to: 'routed', businessUnitId: unit.id });

      await t.http
        .post(`/api/v1/registrations/${id}/decision`)
        .set(bearer(reviewer.token))
        .send({ decision: 'advance' })
        .expect(200);
      const decided = await waitForEvent(id, 'registration.decided');
      expect(decided.body.data).toMatchObject({
        decision: 'advanced',
        from: 'routed',
        businessUnitId: unit.id,
      });
      const scheduled = await waitForEvent(id, 'interview.scheduled');
      expect(scheduled.body.data).toMatchObject({
        registrationId: id,
        eventId: event.id,
        businessUnitId: unit.id,
      });
      await t.http
        .post('/api/v1/candidate/interview/decline')
        .set(bearer(candidate.candidateToken))
        .send({})
        .expect(200);
      const cancelled = await waitForEvent(id, 'interview.cancelled');
      expect(cancelled.body.data).toMatchObject({
        interviewId: scheduled.body.data.interviewId,
        status: 'declined',
      });

      for (const r of eventsFor(id)) {
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['hirefair-event']).toBe(r.body.type);
        expect(r.headers['hirefair-delivery']).toEqual(expect.any(String));
        expect(r.headers['hirefair-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(verifyHirefairSignature(hook.secret, String(r.headers['hirefair-signature']), r.raw)).toBe(
          true,
        );
        expect(verifyHirefairSignature('whsec_wrong', String(r.headers['hirefair-signature']), r.raw)).toBe(
          false,
        );
        // Ids and state changes only: no personal data of the candidate.
        expect(r.raw).not.toContain('Secret Name');
        expect(r.raw).not.toContain('@example.com');
      }
      // No event is delivered twice to one subscription.
      const ids = eventsFor(id).map((r) => r.body.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('records every attempt, and redelivers by hand with the same event id', async () => {
      const { registrationId } = await register(event.slug);
      const created = await waitForEvent(registrationId, 'registration.created');
      const deliveryId = String(created.headers['hirefair-delivery']);
      const delivered = await waitFor(async () =>
        (await deliveries(org, hook.id)).find((d) => d.id === deliveryId && d.status === 'delivered'),
      );
      expect(delivered).toMatchObject({
        eventId: created.body.id,
        eventType: 'registration.created',
        attemptCount: 1,
      });
      expect(delivered.attempts).toEqual([
        {
          attempt: 1,
          ok: true,
          statusCode: 204,
          error: null,
          durationMs: expect.any(Number),
          manual: false,
          at: expect.any(String),
        },
      ]);
      const res = await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/${deliveryId}/redeliver`)
        .set(bearer(org.adminToken))
        .expect(200);
      expect(res.body).toMatchObject({ id: deliveryId, status: 'pending' });
      const again = await waitFor(() => {
        const copies = receivedAt('/ok/all').filter((r) => r.headers['hirefair-delivery'] === deliveryId);
        return copies.length === 2 ? copies[1] : undefined;
      });
      expect(again.body.id).toBe(created.body.id);
      expect(again.headers['hirefair-attempt']).toBe('2');
      expect(
        verifyHirefairSignature(hook.secret, String(again.headers['hirefair-signature']), again.raw),
      ).toBe(true);
      const after = await waitFor(async () =>
        (await deliveries(org, hook.id)).find(
          (d) => d.id === deliveryId && d.status === 'delivered' && d.attemptCount === 2,
        ),
      );
      expect(after.attempts.map((a) => [a.attempt, a.manual])).toEqual([
        [1, false],
        [2, true],
      ]);
      const missing = await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`)
        .set(bearer(org.adminToken));
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    });
  });

  describe('failing receivers', () => {
    it('retries a receiver that answers 500 on the backoff schedule, then disables the subscription; PATCH re-enables it', async () => {
      const org = await createOrganization(t.http);
      const event = await createEvent(t.http, org);
      await allowPrivate(org);
      const hook = await subscribe(org, '/fail/always', ['registration.created']);
      await register(event.slug);
      const disabled = await waitFor(
        async () => {
          const w = (await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(org.adminToken)).expect(200))
            .body;
          return w.active === false ? w : undefined;
        },
        { what: 'the failing subscription to be disabled', timeoutMs: 60_000 },
      );
      expect(disabled.disabledAt).toEqual(expect.any(String));
      expect(disabled.disabledReason).toContain('8 attempts');
      const [delivery] = await deliveries(org, hook.id);
      expect(delivery).toMatchObject({ status: 'failed', attemptCount: 8, lastError: 'HTTP 500' });
      expect(delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual(
        [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 500, 'HTTP 500']),
      );
      // Each retry waited at least its backoff: 1, 3, 9, ... ms after the previous attempt.
      const times = delivery.attempts.map((a) => new Date(a.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(receivedAt('/fail/always')).toHaveLength(8);

      // Disabled: nothing more is attempted, and a manual redeliver is refused until re-enabled.
      const { registrationId: later } = await register(event.slug);
      await waitFor(
        async () =>
          (await t.http.get(`/api/v1/registrations/${later}`).set(bearer(org.adminToken)).expect(200)).body
            .lane,
        { what: `intake of ${later}` },
      );
      expect(await deliveries(org, hook.id)).toHaveLength(1);
      const refused = await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`)
        .set(bearer(org.adminToken));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('WEBHOOK_DISABLED');
      const nulls = await t.http
        .patch(`/api/v1/webhooks/${hook.id}`)
        .set(bearer(org.adminToken))
        .send({ events: null, url: null });
      expect(nulls.status).toBe(400);
      expect(nulls.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(nulls.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['events', 'url']);
      const enabled = await t.http
        .patch(`/api/v1/webhooks/${hook.id}`)
        .set(bearer(org.adminToken))
        .send({ active: true })
        .expect(200);
      expect(enabled.body).toMatchObject({ active: true, disabledAt: null, disabledReason: null });
      await t.http
        .post(`/api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`)
        .set(bearer(org.adminToken))
        .expect(200);
      await waitFor(async () =>
        (await deliveries(org, hook.id)).find(
          (d) => d.id === delivery.id && d.attemptCount === 9 && d.status === 'failed',
        ),
      );
      // A failed manual redeliver is one attempt: no retries, and the subscription stays enabled.
      expect((await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(org.adminToken))).body.active).toBe(
        true,
      );
      expect(receivedAt('/fail/always')).toHaveLength(9);
    });

    it('does not follow redirects', async () => {
      const org = await createOrganization(t.http);
      const event = await createEvent(t.http, org);
      await allowPrivate(org);
      const hook = await subscribe(org, '/redirect/me', ['registration.created']);
      await register(event.slug);
      const [delivery] = await waitFor(async () => {
        const list = await deliveries(org, hook.id);
        return list[0]?.attempts.length ? list : undefined;
      });
      expect(delivery.attempts[0]).toMatchObject({
        ok: false,
        statusCode: 302,
        error: 'HTTP 302: redirects are not followed',
      });
      expect(receivedAt('/ok/redirected')).toHaveLength(0);
    });

    it('checks the target again at delivery time: private addresses refused once the organization stops allowing them', async () => {
      const org = await createOrganization(t.http);
      const event = await createEvent(t.http, org);
      await allowPrivate(org);
      const hook = await subscribe(org, '/ok/revoked', ['registration.created']);
      await allowPrivate(org, false);
      await register(event.slug);
      const [delivery] = await waitFor(async () => {
        const list = await deliveries(org, hook.id);
        return list[0]?.attempts.length ? list : undefined;
      });
      expect(delivery.attempts[0]).toMatchObject({ ok: false, statusCode: null });
      expect(delivery.attempts[0].error).toMatch(
        /^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/,
      );
      expect(receivedAt('/ok/revoked')).toHaveLength(0);
    });
  });
});
