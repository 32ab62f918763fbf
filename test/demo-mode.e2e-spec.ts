import { Client } from 'pg';
import { loadConfig } from '@hirefair/config';
import { DemoSeedService } from '@hirefair/core';
import { prepareDatabase } from '../libs/database/src/prepare-database';
import { TEST_DATABASE_URL, TEST_POSTGRES_URL, TestApp, createTestApp } from '@hirefair/testing';

/** The API on a database of its own, so the demo's "only when the database is empty" rule applies. */
describe('demo data by environment', () => {
  const databaseUrl = `${TEST_DATABASE_URL}_demo`;
  let t: TestApp | undefined;

  beforeAll(() => prepareDatabase(databaseUrl), 120_000);
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    const client = new Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
    await client.end();
  });

  /** Starts the API as main.ts does: initialized, then the start-up demo step. */
  async function startApi(env: Record<string, string>): Promise<TestApp> {
    t = await createTestApp({
      DATABASE_URL: databaseUrl,
      WORKERS: 'off',
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://127.0.0.1:2',
      DEMO_DATA: '',
      ...env,
    });
    await t.app.get(DemoSeedService).seedOnStart();
    return t;
  }

  const demo = async (api: TestApp) => (await api.http.get('/api/v1/public/demo').expect(200)).body;
  const demoLogin = async (api: TestApp) =>
    (
      await api.http
        .post('/api/v1/auth/login')
        .send({ email: 'admin@xiaomi.demo', password: 'hirefair-demo' })
    ).status;

  it('resolves DEMO_DATA: on by default outside production, off by default in production, false skips it anywhere', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail:25' };
    expect(loadConfig(production).demoData).toBe(false);
    expect(loadConfig({ ...production, DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(loadConfig({ ...production, DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('in production loads no demo unless DEMO_DATA=true, and the sign-in route shows logins only when it is loaded', async () => {
    let api = await startApi({});
    expect(await demo(api)).toEqual({ loaded: false, logins: [] });
    expect(await demoLogin(api)).toBe(401);
    await api.close();

    api = await startApi({ DEMO_DATA: 'true' });
    const loaded = await demo(api);
    expect(loaded.loaded).toBe(true);
    expect(loaded.logins).toContainEqual({
      email: 'admin@xiaomi.demo',
      password: 'hirefair-demo',
      role: 'org_admin',
    });
    expect(loaded.logins).toContainEqual({
      email: 'recruiter@xiaomi.demo',
      password: 'hirefair-demo',
      role: 'recruiter',
    });
    expect(await demoLogin(api)).toBe(200);
    await api.close();

    // The organization is still in the database, but this install does not load the demo: no logins shown.
    api = await startApi({ DEMO_DATA: 'false', NODE_ENV: 'development' });
    expect(await demo(api)).toEqual({ loaded: false, logins: [] });
  });

  it('documents the route with its response shape', async () => {
    const api = await startApi({ NODE_ENV: 'development', DEMO_DATA: 'false' });
    const doc = (await api.http.get('/docs-json').expect(200)).body;
    const operation = doc.paths['/api/v1/public/demo'].get;
    expect(operation.summary).toMatch(/demo/i);
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/DemoStatusDto',
    );
    expect(Object.keys(doc.components.schemas.DemoLoginDto.properties).sort()).toEqual([
      'email',
      'password',
      'role',
    ]);
  });
});
