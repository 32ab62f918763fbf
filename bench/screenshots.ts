/**
 * npm run screenshots — pictures of the main pages for the README, taken in Chromium from the built
 * app (`npm start`'s process) with the demo fair on a fresh database: the fair list, a fair, the
 * registration form (and its messages), the candidate's status page reached from the mailed link
 * (read in the built-in mailbox), the review queue, a candidate under review, the recruiter's
 * dashboard, and the form and status page at 360 px in Chinese; then (pagesAtTwoWidths) the door
 * check-in, dashboard, form, status page, review queue and mailbox at 1280 and 390 px. Writes docs/screenshots/*.png.
 *
 * Environment: SHOTS_DATABASE_URL (…/hirefair_screenshots, dropped and recreated), SHOTS_REDIS_URL,
 * SHOTS_PORT (3997), CHROMIUM (default: /usr/bin/chromium when present, else the one @sparticuz/chromium ships).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { fillRegistrationForm, launchChromium } from '@hirefair/testing/browser';
import { captureConsole } from './screenshots-console';
import { freshDatabase, startBuilt, stopAll, waitUntilUp } from './support';

const DATABASE_URL =
  process.env.SHOTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_screenshots';
const REDIS_URL = process.env.SHOTS_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env.SHOTS_PORT ?? 3997);
const BASE = `http://localhost:${PORT}`;
const OUT = join(__dirname, '..', 'docs', 'screenshots');
const DEMO_SLUG = 'xiaomi-ai-fair-beijing';
const DEMO_PASSWORD = 'hirefair-demo';

const startApp = () =>
  startBuilt('api', {
    DATABASE_URL,
    REDIS_URL,
    PORT: String(PORT),
    HOST: '0.0.0.0',
    PUBLIC_BASE_URL: BASE,
    QUEUE_PREFIX: `hirefair-screenshots-${Date.now()}`,
    DEMO_DATA: 'true',
  });

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
}

async function setLanguage(page: Page, lang: 'English' | '中文'): Promise<void> {
  await page.getByRole('button', { name: lang }).click();
}

/** The candidate's personal link, as the built-in mailbox shows it. */
async function accessLink(email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${BASE}/dev/mailbox?to=${encodeURIComponent(email)}`, {
      headers: { accept: 'application/json' },
    });
    const { items } = (await res.json()) as { items: { links: { url: string }[] }[] };
    const url = items[0]?.links[0]?.url;
    if (url) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${email}`);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${BASE}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await freshDatabase(DATABASE_URL, { migrate: false });
  const app = startApp();
  const profile = mkdtempSync(join(tmpdir(), 'hirefair-shots-'));
  let browser: BrowserContext | undefined;
  try {
    await waitUntilUp(`${BASE}/api/v1/public/events/${DEMO_SLUG}`, app);
    browser = await launchChromium(profile, { viewport: { width: 1200, height: 860 } });
    const page = await browser.newPage();
    await page.goto(`${BASE}/`);
    await setLanguage(page, 'English');
    await page
      .getByRole('link', { name: /Xiaomi|小米/ })
      .first()
      .waitFor();
    await shot(page, '01-fairs');

    await page.goto(`${BASE}/fairs/${DEMO_SLUG}`);
    await page.getByRole('heading', { name: 'Business units hiring' }).waitFor();
    await shot(page, '02-fair');

    await page.goto(`${BASE}/fairs/${DEMO_SLUG}/register`);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('Please correct the fields marked below.').waitFor();
    await shot(page, '03-register-messages');
    const email = `li.wei.${Date.now()}@example.com`;
    await fillRegistrationForm(page, {
      name: '李伟 Li Wei',
      email,
      phone: '+86 138 0000 0000',
      yearsOfExperience: 5,
      publication: 'Efficient long-context retrieval for dialogue',
      award: 'NLPCC shared task',
      githubUrl: 'https://github.com/liwei',
    });
    await shot(page, '04-register-filled');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: /You are (registered|on the waitlist)/ }).waitFor();
    await shot(page, '05-registered', false);

    const link = await accessLink(email);
    const status = await browser.newPage();
    await status.goto(link);
    await status.getByRole('heading', { name: 'My registration' }).waitFor();
    // Give the intake worker a moment to put the lane and unit on the page.
    for (let i = 0; i < 50; i++) {
      if ((await status.getByTestId('stage').textContent()) !== 'intake') break;
      await new Promise((r) => setTimeout(r, 200));
      await status.reload();
      await status.getByRole('heading', { name: 'My registration' }).waitFor();
    }
    await status.getByRole('button', { name: '+ Add a window' }).click();
    await shot(status, '06-status');

    const reviewer = await browser.newPage();
    await signIn(reviewer, 'reviewer.nlp@xiaomi.demo');
    await reviewer.getByRole('heading', { name: 'Review queue' }).waitFor();
    await reviewer.locator('ol.queue li').first().waitFor();
    await shot(reviewer, '07-review-queue');
    await reviewer.locator('ol.queue li a').first().click();
    await reviewer.getByRole('heading', { name: 'Decision' }).waitFor();
    await reviewer.getByRole('radio', { name: 'Advance to interview' }).check();
    await reviewer.locator('fieldset.score').first().getByRole('radio').nth(3).check();
    await shot(reviewer, '08-review-candidate');
    // The demo walk-through ends with a decision: it must go through on the built app.
    await reviewer.getByRole('button', { name: 'Send decision' }).click();
    await reviewer.getByText(/^Decision recorded/).waitFor();

    const recruiter = await browser.newPage();
    await signIn(recruiter, 'recruiter@xiaomi.demo');
    await recruiter.getByRole('heading', { name: 'Fair dashboard' }).waitFor();
    await recruiter
      .getByRole('heading', { name: 'Totals' })
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await recruiter.waitForTimeout(500); // the SVG charts arrive after the report
    await shot(recruiter, '09-dashboard');

    const mobile = await browser.newPage();
    await mobile.setViewportSize({ width: 360, height: 740 });
    await mobile.goto(`${BASE}/fairs/${DEMO_SLUG}/register`);
    await setLanguage(mobile, '中文');
    await mobile.getByRole('heading', { name: /^报名：/ }).waitFor();
    await mobile.getByRole('button', { name: '提交报名' }).click();
    await shot(mobile, '10-mobile-register-zh');
    const mobileStatus = await browser.newPage();
    await mobileStatus.setViewportSize({ width: 360, height: 740 });
    await mobileStatus.goto(link);
    await mobileStatus.getByRole('heading', { name: '我的报名' }).waitFor();
    await shot(mobileStatus, '11-mobile-status-zh');
    await pagesAtTwoWidths(browser, { link, email });

    await captureConsole(browser, BASE, OUT);
  } finally {
    await browser?.close();
    await stopAll(app);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The check-in code of a candidate, read from their confirmation mail in the built-in mailbox. */
async function checkInCode(email: string): Promise<string> {
  const res = await fetch(`${BASE}/dev/mailbox?to=${encodeURIComponent(email)}`, {
    headers: { accept: 'application/json' },
  });
  const { items } = (await res.json()) as { items: { text: string }[] };
  const code = items
    .map((m) => /(?:check-in code is |签到码是 )([A-Z0-9]{6,})/.exec(m.text)?.[1])
    .find(Boolean);
  if (!code) throw new Error(`no check-in code mailed to ${email}`);
  return code;
}

/**
 * The door check-in, dashboard, registration form, status page, review queue and dev mailbox at
 * 1280 and 390 px: docs/screenshots/pages-<page>-<width>.png.
 */
async function pagesAtTwoWidths(browser: BrowserContext, candidate: { link: string; email: string }) {
  const code = await checkInCode(candidate.email);
  for (const width of [1280, 390]) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const name = (page: string) => `pages-${page}-${width}`;
    await page.goto(`${BASE}/`);
    await setLanguage(page, 'English');

    await page.goto(`${BASE}/fairs/${DEMO_SLUG}/register`);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('Please correct the fields marked below.').waitFor();
    await shot(page, name('register'));

    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${BASE}/candidate?fair=${DEMO_SLUG}`);
    await page.getByRole('heading', { name: 'Get your personal link again' }).waitFor();
    await shot(page, name('status-no-link'));
    await page.goto(candidate.link);
    await page.getByRole('heading', { name: 'My registration' }).waitFor();
    await shot(page, name('status'));

    await page.goto(`${BASE}/fairs/no-such-fair`);
    await page.getByRole('heading', { name: 'Fair not found' }).waitFor();
    await shot(page, name('fair-not-found'), false);

    // The candidate's own mails: the confirmation with its QR code among them.
    await page.goto(`${BASE}/dev/mailbox?to=${encodeURIComponent(candidate.email)}`);
    await page.locator('article img').first().waitFor();
    await shot(page, name('mailbox'));

    await signIn(page, 'reviewer.nlp@xiaomi.demo');
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.getByTestId('queue-count').waitFor();
    await shot(page, name('review-queue'));
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, 'recruiter@xiaomi.demo');
    await page.getByRole('heading', { name: 'Fair dashboard' }).waitFor();
    await page.locator('[data-chart="salary"] svg').waitFor({ timeout: 15_000 });
    await page.locator('[data-chart="cities"] svg').waitFor({ timeout: 15_000 });
    await shot(page, name('dashboard'));

    await page.goto(`${BASE}/console/door`);
    await page.getByRole('heading', { name: 'Door check-in' }).waitFor();
    await page.getByLabel('Fair').selectOption({ label: 'Xiaomi AI Experts Hiring Fair' });
    await page.getByLabel('Check-in code').fill(code);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByTestId('door-result').locator('.door-when').waitFor();
    await shot(page, name('door'), false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
