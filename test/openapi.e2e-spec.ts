import { TestApp, createTestApp } from '@hirefair/testing';

/** The controllers whose every operation must be fully described (by tag, or by path for operations). */
const COMPLETE_TAGS = [
  'events',
  'business-units',
  'reviews',
  'fast track',
  'webhooks',
  'audit',
  'organizations',
  'retention',
];
const COMPLETE_PATHS = ['/health', '/health/ready', '/metrics'];

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

  it('describes every operation of the finished controllers: a summary and a typed success answer', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const { operations, problems } = findings(doc);
    const complete = (operation: string) => {
      const [method, path] = operation.split(' ');
      const op = doc.paths[path][method.toLowerCase()] as Operation;
      return (
        COMPLETE_PATHS.includes(path) || (op.tags ?? []).some((tag: string) => COMPLETE_TAGS.includes(tag))
      );
    };
    const mine = operations.filter(complete);
    const others = problems.filter((p) => !complete(p.operation));
    const summaryless = others.filter((p) => p.problem === 'no summary').length;
    const schemaless = others.filter((p) => p.problem !== 'no summary').length;
    console.log(
      `OpenAPI: ${operations.length} operations, ${mine.length} held to 100 %; elsewhere ` +
        `${summaryless} without a summary and ${schemaless} 2xx answers without a schema:\n` +
        others.map((p) => `  ${p.operation}: ${p.problem}`).join('\n'),
    );
    expect(mine.length).toBeGreaterThanOrEqual(35);
    expect(problems.filter((p) => complete(p.operation))).toEqual([]);
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
