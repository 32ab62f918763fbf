/**
 * The console's pages for `npm run screenshots`: each at 1280 and 390 px, signed in as the demo org
 * admin on the demo fair, with a second draft fair for the empty states, a waiver policy showing a
 * pointer error, a scheduling run and an import with a rejected line. Writes docs/screenshots/console-*.png.
 */
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';

const WIDTHS = [1280, 390] as const;
const ADMIN = { email: 'admin@xiaomi.demo', password: 'hirefair-demo' };

interface Shot {
  name: string;
  path: string;
  /** Waits for the page's content (and sets up what the picture shows). */
  ready: (page: Page) => Promise<unknown>;
  signedOut?: boolean;
}

async function api<T>(base: string, token: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}/api/v1/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function captureConsole(browser: BrowserContext, base: string, out: string): Promise<void> {
  const { accessToken: token } = await api<{ accessToken: string }>(base, '', 'auth/login', {
    method: 'POST',
    body: JSON.stringify(ADMIN),
  });
  const events = await api<{ items: { id: string; slug: string; status: string }[] }>(base, token, 'events');
  const fair = events.items.find((e) => e.status === 'published') ?? events.items[0];
  const registrations = await api<{ items: { id: string }[] }>(
    base,
    token,
    `events/${fair.id}/registrations`,
  );
  const units = await api<{ items: { id: string }[] }>(base, token, 'business-units');
  const now = Date.now();
  const draft = await api<{ id: string }>(base, token, 'events', {
    method: 'POST',
    body: JSON.stringify({
      title: 'Shenzhen Robotics Fair (draft)',
      slug: `shenzhen-robotics-${now}`,
      city: 'Shenzhen',
      timezone: 'Asia/Shanghai',
      startsAt: new Date(now + 20 * 86_400_000).toISOString(),
      endsAt: new Date(now + 20 * 86_400_000 + 8 * 3_600_000).toISOString(),
      registrationOpensAt: new Date(now + 86_400_000).toISOString(),
      registrationClosesAt: new Date(now + 19 * 86_400_000).toISOString(),
      capacity: 200,
      specialties: ['robotics'],
      businessUnitIds: [],
    }),
  });
  const csv =
    'name,email,city,specialties,degree,yearsOfExperience,consentPrivacyPolicyVersion,consentShareWithBusinessUnits\n' +
    `Zhao Lei,zhao.lei.${now}@example.com,Beijing,nlp,phd,6,2025-01,true\n` +
    `Bad Row,not-an-email,Beijing,nlp,doctor,-1,2025-01,true\n`;
  const f = `/console/fairs/${fair.id}`;

  const shots: Shot[] = [
    {
      name: 'signin',
      path: '/console/signin',
      signedOut: true,
      ready: (p) => p.getByLabel('Password').waitFor(),
    },
    {
      name: 'forgot-password',
      path: '/console/forgot-password',
      signedOut: true,
      ready: (p) => p.getByRole('button', { name: 'Send the link' }).waitFor(),
    },
    {
      name: 'reset-password-no-token',
      path: '/console/reset-password',
      signedOut: true,
      ready: (p) => p.getByRole('alert').waitFor(),
    },
    {
      name: 'accept-invite',
      path: '/console/accept-invite#token=preview',
      signedOut: true,
      ready: (p) => p.getByLabel('New password, again').waitFor(),
    },
    {
      name: 'fairs',
      path: '/console/fairs',
      ready: (p) => p.locator('table.list tbody tr').first().waitFor(),
    },
    { name: 'fair-new', path: '/console/fairs/new', ready: (p) => p.getByLabel('Title').waitFor() },
    { name: 'fair-overview', path: f, ready: (p) => p.getByRole('heading', { name: 'Dates' }).waitFor() },
    {
      name: 'fair-close-confirm',
      path: f,
      ready: async (p) => {
        await p.getByRole('button', { name: 'Close registration' }).click();
        await p.getByRole('dialog').waitFor();
      },
    },
    { name: 'fair-edit', path: `${f}/edit`, ready: (p) => p.getByLabel('Registration closes').waitFor() },
    {
      name: 'waivers',
      path: `${f}/waivers`,
      ready: async (p) => {
        await p.getByRole('button', { name: 'Simulate' }).click();
        await p.getByTestId('simulation').waitFor();
      },
    },
    {
      name: 'waivers-pointer-error',
      path: `${f}/waivers`,
      ready: async (p) => {
        await p.getByRole('button', { name: '+ Condition' }).first().click();
        const leaf = p.locator('.leaf').last();
        await leaf.getByLabel('Field').selectOption('yearsOfExperience');
        await leaf.getByLabel('Operator').selectOption('gte');
        await leaf.getByLabel('Value').fill('five');
        await p.locator('.leaf.invalid').waitFor();
      },
    },
    {
      name: 'waivers-json',
      path: `${f}/waivers`,
      ready: async (p) => {
        await p.getByRole('button', { name: 'JSON' }).click();
        await p.locator('textarea.json').waitFor();
      },
    },
    {
      name: 'routing',
      path: `${f}/routing`,
      ready: (p) => p.getByText('When several units hire a specialty').waitFor(),
    },
    {
      name: 'routing-empty',
      path: `/console/fairs/${draft.id}/routing`,
      ready: (p) => p.locator('.empty').waitFor(),
    },
    { name: 'availability', path: `${f}/availability`, ready: (p) => p.locator('table.week').waitFor() },
    {
      name: 'scheduling',
      path: `${f}/scheduling`,
      ready: async (p) => {
        if (!(await p.getByTestId('run').count())) {
          await p.getByRole('button', { name: 'Start a scheduling run' }).click();
          await p.getByRole('dialog').getByRole('button', { name: 'Start a scheduling run' }).click();
        }
        await p
          .getByTestId('run')
          .getByText(/Completed|Failed/)
          .waitFor({ timeout: 60_000 });
      },
    },
    {
      name: 'scheduling-empty',
      path: `/console/fairs/${draft.id}/scheduling`,
      ready: (p) => p.getByText('No run yet for this fair.').waitFor(),
    },
    {
      name: 'registrations',
      path: `${f}/registrations`,
      ready: (p) => p.locator('table.list tbody tr').first().waitFor(),
    },
    {
      name: 'registrations-empty',
      path: `/console/fairs/${draft.id}/registrations`,
      ready: (p) => p.locator('.empty').waitFor(),
    },
    {
      name: 'registration',
      path: `/console/registrations/${registrations.items[0]?.id}`,
      ready: (p) => p.getByRole('heading', { name: 'Timeline' }).waitFor(),
    },
    {
      name: 'import',
      path: `${f}/import`,
      ready: async (p) => {
        if (!(await p.getByTestId('import').count())) {
          const file = { name: 'candidates.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
          await p.getByLabel('CSV file').setInputFiles(file);
          await p.getByRole('button', { name: 'Upload and import' }).click();
        }
        await p
          .getByTestId('import')
          .getByText(/Completed|Failed/)
          .waitFor({ timeout: 60_000 });
      },
    },
    { name: 'units', path: '/console/units', ready: (p) => p.locator('.card').first().waitFor() },
    {
      name: 'unit',
      path: `/console/units/${units.items[0].id}`,
      ready: (p) => p.getByLabel('Criterion 1', { exact: true }).waitFor(),
    },
    {
      name: 'staff',
      path: '/console/staff',
      ready: (p) => p.locator('table.list tbody tr').first().waitFor(),
    },
    { name: 'account', path: '/console/account', ready: (p) => p.getByLabel('Current password').waitFor() },
    {
      name: 'not-found',
      path: '/console/fairs/00000000-0000-4000-8000-000000000000',
      ready: (p) => p.getByRole('alert').waitFor(),
    },
  ];

  for (const width of WIDTHS) {
    const signedIn = await browser.newPage();
    await signedIn.setViewportSize({ width, height: 900 });
    await signedIn.goto(`${base}/console/signin`);
    await signedIn.getByRole('button', { name: 'English' }).click();
    await signedIn.getByLabel('Email').fill(ADMIN.email);
    await signedIn.getByLabel('Password').fill(ADMIN.password);
    await signedIn.getByRole('button', { name: 'Sign in' }).click();
    await signedIn.getByRole('heading', { name: 'Fairs' }).waitFor();
    for (const shot of shots) {
      if (shot.signedOut) continue;
      await signedIn.goto(`${base}${shot.path}`);
      await shot.ready(signedIn);
      await save(signedIn, out, `console-${shot.name}-${width}`);
    }
    // The emailed-link pages, in a fresh tab without a session (sessionStorage is per tab).
    for (const shot of shots.filter((s) => s.signedOut)) {
      const page = await browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}${shot.path}`);
      await shot.ready(page);
      await save(page, out, `console-${shot.name}-${width}`);
      await page.close();
    }
    await signedIn.close();
  }
}

async function save(page: Page, out: string, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}
