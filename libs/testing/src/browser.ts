import { BrowserContext, Page, chromium } from 'playwright-core';

/** Debian's Chromium; browser downloads do not work here. */
export const CHROMIUM = '/usr/bin/chromium';

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
export function launchChromium(
  profileDir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
  executablePath = CHROMIUM,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: 'Asia/Shanghai',
    locale: 'en-GB',
    ...options,
  });
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
