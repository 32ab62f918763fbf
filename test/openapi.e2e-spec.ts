import { TestApp, createTestApp } from '@hirefair/testing';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  tags?: string[];
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Finding {
  operation: string;
  problem: string;
}

/** Every 2xx answer without a schema, every operation without a summary. */
function findings(doc: { paths: Record<string, Partial<Record<string, Operation>>> }): {
  operations: string[];
  problems: Finding[];
} {
  const operations: string[] = [];
  const problems: Finding[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const operation = `${method.toUpperCase()} ${path}`;
      operations.push(operation);
      if (!op.summary) problems.push({ operation, problem: 'no summary' });
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push({ operation, problem: 'no 2xx response' });
      for (const [status, response] of success) {
        if (status === '204') continue;
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        if (schemas.length === 0 || schemas.some((s) => !s)) {
          problems.push({ operation, problem: `${status} without a schema` });
        }
      }
    }
  }
  return { operations, problems };
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('describes every operation: a summary and a typed success answer', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const { operations, problems } = findings(doc);
    console.log(
      `OpenAPI: ${operations.length} operations, ${problems.length} problems` +
        problems.map((p) => `\n  ${p.operation}: ${p.problem}`).join(''),
    );
    expect(operations.length).toBeGreaterThanOrEqual(79);
    expect(problems).toEqual([]);
  });

  it('documents the errors of every operation with the shared error schema', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const { operations } = findings(doc);
    const undocumented = operations.filter((operation) => {
      const [method, path] = operation.split(' ');
      const responses = (doc.paths[path][method.toLowerCase()] as Operation).responses;
      const errors = Object.entries(responses).filter(([status]) => /^[45]\d\d$/.test(status));
      return (
        errors.length === 0 ||
        errors.some(
          ([, r]) =>
            (r.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref !==
            '#/components/schemas/ErrorResponseDto',
        )
      );
    });
    expect(undocumented).toEqual([]);
  });

  it('types the success answers with named schemas that carry examples', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const event = doc.components.schemas.EventResponseDto;
    expect(event.properties.status.example).toBe('published');
    const created = doc.paths['/api/v1/events'].post.responses['201'].content['application/json'].schema;
    expect(created.$ref).toBe('#/components/schemas/EventResponseDto');
    const page = doc.paths['/api/v1/events'].get.responses['200'].content['application/json'].schema;
    expect(page.$ref).toBe('#/components/schemas/EventResponsePageDto');
    expect(
      doc.paths['/api/v1/events/{id}'].get.responses['404'].content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/ErrorResponseDto');
  });
});
