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
});
