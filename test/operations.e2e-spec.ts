import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

import { PLATFORM_ADMIN, TestApp, bearer, createOrganization, createTestApp, login } from '@hirefair/testing';

const ROOT_PATHS = ['health', 'metrics', 'dev/mailbox'];

/** Every route Nest serves, as "METHOD /path/{param}", read from the controllers' metadata. */
function servedRoutes(t: TestApp): string[] {
  const routes: string[] = [];
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & object;
      if (Reflect.getMetadata('swagger/apiExcludeController', controller)?.[0]) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (path === undefined || method === undefined) continue;
        const full = [base, path].filter((p) => p && p !== '/').join('/');
        const prefixed = ROOT_PATHS.some((r) => full === r || full.startsWith(`${r}/`))
          ? `/${full}`
          : `/api/v1/${full}`;
        routes.push(`${RequestMethod[method]} ${prefixed.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return routes;
}

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health and /health/ready with database and Redis up', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers /health/ready 503 NOT_READY in the error shape when Redis does not answer', async () => {
    // A port where nothing listens: the app starts (its Redis clients keep retrying) but is not ready.
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6411', WORKERS: 'off' });
    try {
      await down.http.get('/health').expect(200, { status: 'ok' });
      const ready = await down.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
      expect(ready.body).toEqual({
        statusCode: 503,
        code: 'NOT_READY',
        message: 'Not ready: redis did not answer.',
        details: [{ field: 'redis', messages: [expect.stringMatching(/^down: /)] }],
      });
    } finally {
      await down.close();
    }
  });

  it('exposes Prometheus metrics with the HTTP histogram and queue depths', async () => {
    await t.http.get('/health');
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/queue_jobs\{queue="notifications",state="waiting"\} \d+/);
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2', WORKERS: 'off' };
    const apps: TestApp[] = [];
    afterAll(async () => {
      for (const app of apps) await app.close();
    });

    it('/metrics needs the metrics token', async () => {
      const p = await createTestApp({ ...production, METRICS_TOKEN: 'metrics-token-0123456789' });
      apps.push(p);
      const missing = await p.http.get('/metrics');
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });
      const wrong = await p.http.get('/metrics').set(bearer('metrics-token-9876543210'));
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('TOKEN_INVALID');
      const right = await p.http.get('/metrics').set(bearer('metrics-token-0123456789')).expect(200);
      expect(right.text).toContain('http_request_duration_seconds_bucket');
    });

    it('/metrics is off without a token configured', async () => {
      const p = await createTestApp(production);
      apps.push(p);
      const off = await p.http.get('/metrics').set(bearer('anything-at-all-here'));
      expect(off.status).toBe(404);
      expect(off.body).toMatchObject({ statusCode: 404, code: 'METRICS_OFF' });
    });
  });

  it('documents every served route, with the error shape, in /docs-json', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const served = servedRoutes(t);
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    expect(doc.components.schemas.ErrorResponseDto.properties).toHaveProperty('code');
    expect(doc.paths['/api/v1/auth/login'].post.responses['401']).toBeDefined();
    await t.http.get('/docs').expect(200);
  });

  it('opens the queue dashboard to the platform admin only', async () => {
    const anonymous = await t.http.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Basic');
    const org = await createOrganization(t.http);
    const forbidden = await t.http.get('/admin/queues/api/queues').set(bearer(org.adminToken));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const platform = await login(t.http, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const queues = await t.http.get('/admin/queues/api/queues').set(bearer(platform)).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toContain('notifications');
    await t.http.get('/admin/queues').auth(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password).expect(200);
  });

  it('carries a request id and security headers', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
