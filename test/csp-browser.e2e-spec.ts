import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@hirefair/testing/browser';
import { PLATFORM_ADMIN, TestApp, createTestApp } from '@hirefair/testing';
import { findWebRoot } from '../apps/api/src/web/web-pages';

/** Swagger UI, the queue dashboard and the pages render under the CSP, with nothing it blocks. */
describe('content security policy in Chromium', () => {
  const port = 3127;
  const base = `http://127.0.0.1:${port}`;
  const shots = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'hirefair-csp-shots');
  const profile = mkdtempSync(join(tmpdir(), 'hirefair-chromium-'));
  let t: TestApp;
  let browser: BrowserContext;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    t = await createTestApp({ PUBLIC_BASE_URL: base });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium(profile, {
      httpCredentials: { username: PLATFORM_ADMIN.email, password: PLATFORM_ADMIN.password },
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** Opens `path` at both widths; returns what the console said about the CSP and any request leaving the server. */
  async function visit(path: string, name: string, ready: (page: Page) => Promise<unknown>) {
    const violations: string[] = [];
    const external: string[] = [];
    for (const width of [1280, 390]) {
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      page.on('console', (m) => {
        if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url());
      });
      await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          (window as unknown as { reportViolation: (v: string) => void }).reportViolation(
            `${e.violatedDirective} ${e.blockedURI}`,
          ),
        ),
      );
      await page.goto(`${base}${path}`);
      await ready(page);
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: false });
      await page.close();
    }
    return { violations, external };
  }

  it('sends a CSP whose script-src has no unsafe-inline', async () => {
    for (const path of ['/docs', '/admin/queues', '/signin']) {
      const res = await fetch(`${base}${path}`, {
        headers: {
          accept: 'text/html',
          authorization: `Basic ${Buffer.from(`${PLATFORM_ADMIN.email}:${PLATFORM_ADMIN.password}`).toString('base64')}`,
        },
      });
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc).toBe("'self'");
    }
  });

  it('renders Swagger UI with no CSP violation', async () => {
    const { violations, external } = await visit('/docs', 'docs', (page) =>
      page.locator('.swagger-ui .opblock').first().waitFor(),
    );
    expect(violations).toEqual([]);
    expect(external).toEqual([]);
  }, 120_000);

  it('renders the queue dashboard with no CSP violation and no external font', async () => {
    const { violations, external } = await visit('/admin/queues', 'admin-queues', (page) =>
      page
        .getByText(/\d+ Jobs/)
        .first()
        .waitFor(),
    );
    expect(violations).toEqual([]);
    expect(external).toEqual([]);
  }, 120_000);

  (findWebRoot() ? it : it.skip)(
    'renders the sign-in page without demo logins when the demo is not loaded',
    async () => {
      const { violations } = await visit('/signin', 'signin', async (page) => {
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
        await page.waitForResponse((r) => r.url().endsWith('/api/v1/public/demo')).catch(() => undefined);
        expect(await page.getByTestId('demo-logins').count()).toBe(0);
      });
      expect(violations).toEqual([]);
    },
    120_000,
  );
});
