import { TestApp, TestOrganization, bearer, createOrganization, createTestApp } from '@hirefair/testing';

const expectContractError = (body: Record<string, unknown>, status: number) => {
  expect(body.statusCode).toBe(status);
  expect(body.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof body.message).toBe('string');
};

describe('bad input', () => {
  let t: TestApp;
  let org: TestOrganization;
  const validUnit = {
    name: 'Vision',
    code: 'VIS',
    specialties: ['computer_vision'],
    reviewSlaHours: 24,
    dailyInterviewCapacity: 4,
  };

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '16384' });
    org = await createOrganization(t.http);
  });
  afterAll(() => t.close());

  const post = (body: unknown) =>
    t.http
      .post('/api/v1/business-units')
      .set(bearer(org.adminToken))
      .send(body as object);

  it.each([
    ['an unknown field', { ...validUnit, color: 'red' }, 'color'],
    ['a wrong type', { ...validUnit, reviewSlaHours: '24' }, 'reviewSlaHours'],
    ['a missing field', { ...validUnit, name: undefined }, 'name'],
    [
      'a nested unknown field',
      { ...validUnit, scorecard: [{ criterion: 'a', description: 'b', weight: 2 }] },
      'scorecard.0.weight',
    ],
    ['a negative number', { ...validUnit, dailyInterviewCapacity: -1 }, 'dailyInterviewCapacity'],
    ['a string array holding a number', { ...validUnit, specialties: ['nlp', 7] }, 'specialties'],
  ])('refuses %s with VALIDATION_FAILED naming the field, storing nothing', async (_, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expectContractError(res.body, 400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const list = await t.http.get('/api/v1/business-units').set(bearer(org.adminToken)).expect(200);
    expect(list.body.items).toHaveLength(0);
  });

  it('refuses malformed JSON, prototype keys, non-object bodies and oversized bodies with a 4xx in the contract shape', async () => {
    const malformed = await t.http
      .post('/api/v1/business-units')
      .set(bearer(org.adminToken))
      .set('Content-Type', 'application/json')
      .send('{"name": "x",');
    expect(malformed.status).toBe(400);
    expectContractError(malformed.body, 400);

    const proto = await t.http
      .post('/api/v1/business-units')
      .set(bearer(org.adminToken))
      .set('Content-Type', 'application/json')
      .send(`{"__proto__": {"admin": true}, "name": "x"}`);
    expect(proto.status).toBe(400);
    expectContractError(proto.body, 400);

    const array = await post([validUnit]);
    expect(array.status).toBe(400);
    expectContractError(array.body, 400);

    const huge = await post({ ...validUnit, name: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expectContractError(huge.body, 413);

    const list = await t.http.get('/api/v1/business-units').set(bearer(org.adminToken)).expect(200);
    expect(list.body.items).toHaveLength(0);
  });

  it('answers an unknown route or a non-uuid id with 404 and bad query parameters with 400', async () => {
    const route = await t.http.get('/api/v1/no-such-thing').set(bearer(org.adminToken));
    expect(route.status).toBe(404);
    expectContractError(route.body, 404);
    const id = await t.http.get('/api/v1/business-units/not-a-uuid').set(bearer(org.adminToken));
    expect(id.status).toBe(404);
    const limit = await t.http.get('/api/v1/business-units?limit=1000').set(bearer(org.adminToken));
    expect(limit.status).toBe(400);
    expect(limit.body.details[0].field).toBe('limit');
    const cursor = await t.http.get('/api/v1/business-units?cursor=garbage').set(bearer(org.adminToken));
    expect(cursor.status).toBe(400);
    expect(cursor.body.details[0].field).toBe('cursor');
  });

  describe('requests refused before validation', () => {
    const nested = (levels: number) => `{"name":${'['.repeat(levels)}1${']'.repeat(levels)}}`;
    const noEcho = (res: { text: string }, fragment: string) => expect(res.text).not.toContain(fragment);

    it.each([5_000, 40])(
      'refuses JSON nested %i levels with 400 BODY_TOO_DEEP, public route or not',
      async (levels) => {
        const authed = await t.http
          .post('/api/v1/business-units')
          .set(bearer(org.adminToken))
          .set('Content-Type', 'application/json')
          .send(nested(levels));
        expect(authed.status).toBe(400);
        expectContractError(authed.body, 400);
        expect(authed.body.code).toBe('BODY_TOO_DEEP');
        const anonymous = await t.http
          .post('/api/v1/public/events/some-fair/registrations')
          .set('Content-Type', 'application/json')
          .send(nested(levels));
        expect(anonymous.status).toBe(400);
        expect(anonymous.body.code).toBe('BODY_TOO_DEEP');
      },
    );

    it('refuses NUL bytes and unpaired surrogates: 400 INVALID_TEXT in path and query, VALIDATION_FAILED on the body field', async () => {
      const path = await t.http.get('/api/v1/public/events/%00');
      expect(path.status).toBe(400);
      expectContractError(path.body, 400);
      expect(path.body.code).toBe('INVALID_TEXT');
      const query = await t.http.get('/api/v1/business-units?cursor=a%00b').set(bearer(org.adminToken));
      expect(query.status).toBe(400);
      expect(query.body.code).toBe('INVALID_TEXT');
      const body = await post({ ...validUnit, name: 'Vi\u0000sion' });
      expect(body.status).toBe(400);
      expect(body.body.code).toBe('VALIDATION_FAILED');
      expect(body.body.details).toEqual([{ field: 'name', messages: [expect.any(String)] }]);
      const surrogate = await t.http
        .post('/api/v1/business-units')
        .set(bearer(org.adminToken))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(validUnit).replace('Vision', 'Vi\\ud800sion'));
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.code).toBe('VALIDATION_FAILED');
      expect(surrogate.body.details[0].field).toBe('name');
      const badEncoding = await t.http.get('/api/v1/public/events/%E0%A4%A');
      expect(badEncoding.status).toBe(400);
      expectContractError(badEncoding.body, 400);
      const list = await t.http.get('/api/v1/business-units').set(bearer(org.adminToken)).expect(200);
      expect(list.body.items).toHaveLength(0);
    });

    it('answers over-long parameters and URLs with 414 in the contract shape, echoing nothing', async () => {
      const param = await t.http.get(`/api/v1/public/events/${'p'.repeat(3_000)}`);
      expect(param.status).toBe(414);
      expectContractError(param.body, 414);
      expect(param.body.code).toBe('URI_TOO_LONG');
      noEcho(param, 'pppppppp');
      const url = await t.http
        .get(`/api/v1/business-units?cursor=${'q'.repeat(10_000)}`)
        .set(bearer(org.adminToken));
      expect(url.status).toBe(414);
      expectContractError(url.body, 414);
      noEcho(url, 'qqqqqqqq');
      const head = await t.http.get(`/api/v1/public/events/x?q=${'r'.repeat(20_000)}`);
      expect(head.status).toBe(414);
      expectContractError(head.body, 414);
      noEcho(head, 'rrrrrrrr');
    });
  });
});
