import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../web/src/i18n/en.json';
import km from '../web/src/i18n/km.json';
import { signIn } from './support/auth';
import { demoAccount, readDemoCredentials } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';

// The app shell as a signed-in person meets it: Khmer by default, English one click away, a 404 page,
// the API docs, accessible in both languages, and nothing fetched from anywhere but Karpear's own server.
// Every page but log-in needs a session: each test signs in a different demo account (an authenticator
// code is accepted once, so one account per test keeps them independent and fast).

const e2e = useE2eSuite();

const accounts = (() => {
  let next = 0;
  return () => {
    const server = e2e.server();
    const all = readDemoCredentials(server).filter((account) => !account.roles.includes('system_admin'));
    const account = all[next++ % all.length];
    if (!account) throw new Error('no demo accounts');
    return demoAccount(server, account.email);
  };
})();

/** A fresh browser context (empty localStorage), signed in (in Khmer) as a demo account, at `path`. */
async function open(path = '/'): Promise<Page> {
  const page = await e2e.open('/login');
  await signIn(page, 'km', accounts());
  if (new URL(page.url()).pathname !== path) await page.goto(path);
  return page;
}

function htmlLang(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

async function waitForLang(page: Page, lang: string): Promise<void> {
  await page.waitForFunction((expected) => document.documentElement.lang === expected, lang);
}

function homeHeading(page: Page, language: 'km' | 'en') {
  const title = language === 'km' ? km.home.title : en.home.title;
  return page.getByRole('heading', { level: 1, name: title, exact: true });
}

/** Uses the header's language switcher, as a person would. */
async function switchLanguage(page: Page, to: 'km' | 'en'): Promise<void> {
  const button = page.getByRole('button', {
    name: to === 'km' ? km.language.km : en.language.en,
    exact: true,
  });
  await button.click();
  await waitForLang(page, to);
  expect(await button.getAttribute('aria-pressed')).toBe('true');
}

describe('app shell', () => {
  it('shows the home page in Khmer by default, set in Noto Sans Khmer', async () => {
    const page = await open('/');
    await homeHeading(page, 'km').waitFor();
    expect(await htmlLang(page)).toBe('km');
    await page.getByText('ការពារ', { exact: true }).first().waitFor();

    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const family = 'Noto Sans Khmer';
      return {
        // check() alone is also true when no such @font-face exists, so count loaded faces too.
        check: document.fonts.check(`16px "${family}"`, 'ការពារ'),
        loadedFaces: [...document.fonts].filter(
          (face) => face.family.replace(/["']/g, '') === family && face.status === 'loaded',
        ).length,
      };
    });
    expect(font.check).toBe(true);
    expect(font.loadedFaces).toBeGreaterThan(0);
  });

  it('switches to English with the header switcher and remembers the choice after a reload', async () => {
    const page = await open('/');
    await homeHeading(page, 'km').waitFor();

    await switchLanguage(page, 'en');
    await homeHeading(page, 'en').waitFor();

    await page.reload();
    await homeHeading(page, 'en').waitFor();
    expect(await htmlLang(page)).toBe('en');

    await switchLanguage(page, 'km');
    await homeHeading(page, 'km').waitFor();
  });

  it('shows the not-found page at an unknown address, with a way home', async () => {
    const page = await open('/no-such-page/e2e');
    await page.getByRole('heading', { level: 1, name: km.notFound.title, exact: true }).waitFor();
    await page.getByRole('link', { name: km.notFound.home, exact: true }).click();
    await homeHeading(page, 'km').waitFor();
  });

  it('links to the API documentation (Swagger UI)', async () => {
    const page = await open('/');
    await homeHeading(page, 'km').waitFor();
    await switchLanguage(page, 'en');

    const link = page.getByRole('link', { name: en.app.apiDocs, exact: true });
    const href = await link.getAttribute('href');
    expect(new URL(href ?? '', page.url()).pathname).toMatch(/^\/api\/docs\/?$/);
    await Promise.all([page.waitForURL(/\/api\/docs/), link.click()]);

    const title = page.locator('.swagger-ui .info .title');
    await title.waitFor();
    expect(await title.textContent()).toMatch(/Karpear/i);
  });

  for (const language of ['km', 'en'] as const) {
    it(`has no serious or critical accessibility violations on the home page (${language})`, async () => {
      const page = await open('/');
      await homeHeading(page, 'km').waitFor();
      if (language === 'en') await switchLanguage(page, 'en');
      await homeHeading(page, language).waitFor();
      await expectNoSeriousViolations(page, `the home page (${language})`);
    });
  }
});
