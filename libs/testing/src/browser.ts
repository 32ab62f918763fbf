import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { TestApp, createTestApp, freePort } from './test-app';

const ROOT = join(__dirname, '..', '..', '..');

/** A system Chromium, used when present (Debian's package puts it here). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium to drive: $CHROMIUM, else the system one, else the binary that the
 * `@sparticuz/chromium` npm package ships (unpacked to /tmp on first use), so that the
 * browser tests need nothing beyond `npm install`.
 */
export function chromiumPath(): string {
  const chosen = process.env.CHROMIUM ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  if (chosen) return chosen;
  // The package is ESM only and Jest's module sandbox refuses import(): ask a plain Node process.
  const script =
    "import('@sparticuz/chromium').then((m) => m.default.executablePath()).then((p) => console.log(p))";
  process.env.CHROMIUM = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
  return process.env.CHROMIUM;
}

/** Headless, and quiet on a machine without internet (no background fetches). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium with a profile of its own (a fresh temporary folder), in the fair's zone. */
export async function launchChromium(
  profileDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: 'Asia/Shanghai',
    locale: 'en-GB',
    ...options,
  });
}

/** The pages as `npm run build` makes them, built into a temporary folder of this run only. */
export function buildWebPages(): string {
  const webRoot = mkdtempSync(join(tmpdir(), 'hirefair-web-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/vite'),
    [
      'build',
      '--config',
      'apps/web/vite.config.ts',
      '--outDir',
      webRoot,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  return webRoot;
}

export interface BrowserTestApp {
  t: TestApp;
  /** Where the app listens (its PUBLIC_BASE_URL): http://127.0.0.1:<port>. */
  base: string;
  browser: BrowserContext;
  /** The built pages' temporary folder (removed by close). */
  webRoot: string;
  /** Closes the browser and the app, removes the pages and the profile. */
  close(): Promise<void>;
}

/**
 * The API serving freshly built pages on a free port of 127.0.0.1 (`env` over the test
 * environment), and a Chromium with a profile of its own (`browserOptions` over launchChromium's).
 */
export async function startBrowserApp(
  env: Record<string, string> = {},
  browserOptions: Parameters<typeof launchChromium>[1] = {},
): Promise<BrowserTestApp> {
  const webRoot = buildWebPages();
  const profile = mkdtempSync(join(tmpdir(), 'hirefair-chromium-'));
  let t: TestApp | undefined;
  let browser: BrowserContext | undefined;
  const close = async () => {
    await browser?.close();
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_BASE_URL: base, ...env }, { webRoot });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium(profile, browserOptions);
    return { t, base, browser, webRoot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface FormCandidate {
  name: string;
  email: string;
  phone?: string;
  yearsOfExperience: number;
  publication: string;
  award: string;
  githubUrl: string;
}

/** Fills the registration form (English or Chinese labels): an NLP PhD with a paper and an award, consenting. */
export async function fillRegistrationForm(page: Page, c: FormCandidate): Promise<void> {
  await page.getByLabel(/^(Full name|姓名)/).fill(c.name);
  await page.getByLabel(/^(Email|邮箱)/).fill(c.email);
  if (c.phone) await page.getByLabel(/^(Phone|电话)/).fill(c.phone);
  await page.getByLabel(/^(City|城市)/).fill('Beijing');
  await page.getByLabel(/^(Highest degree|最高学历)/).selectOption('phd');
  await page.getByLabel(/^(Years of experience|工作年限)/).fill(String(c.yearsOfExperience));
  await page.getByRole('checkbox', { name: /^(NLP|自然语言处理)$/ }).check();
  await page.getByRole('button', { name: /^(\+ Add a publication|\+ 添加论文)$/ }).click();
  await page.getByLabel(/^(Title|题目)$/).fill(c.publication);
  await page.getByLabel(/^(Venue|会议或期刊)/).fill('ACL 2024');
  await page
    .getByLabel(/^(Year|年份)$/)
    .first()
    .fill('2024');
  await page.getByRole('button', { name: /^(\+ Add an award|\+ 添加奖项)$/ }).click();
  await page.getByLabel(/^(Award|奖项名称)$/).fill(c.award);
  await page.getByLabel(/^(Rank|名次)/).fill('2');
  await page
    .getByLabel(/^(Year|年份)$/)
    .nth(1)
    .fill('2023');
  await page.getByLabel(/^(GitHub URL|GitHub 地址)$/).fill(c.githubUrl);
  await page.getByRole('checkbox', { name: /privacy policy|隐私政策/ }).check();
}
