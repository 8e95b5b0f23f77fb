import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { closeBrowser, launchBrowser, type OpenPageOptions, openPage, type PageSession } from './browser';
import { type KarpearServer, type StartServerOptions, startServer } from './server';

export interface E2eSuite {
  /** The demo server of this file (throws when it did not start). */
  server(): KarpearServer;
  /**
   * A fresh browser context (own cookies and storage) at `path`. After the test it is closed and
   * checked: nothing fetched from another host, no uncaught error, nothing refused by the
   * Content-Security-Policy.
   */
  open(path: string, options?: OpenPageOptions): Promise<Page>;
}

/** Start-up (PGlite initdb, migrations, a demo seed that hashes many passwords) is slow on a busy machine. */
const START_TIMEOUT_MS = 170_000;

export interface E2eSuiteOptions extends Pick<StartServerOptions, 'env'> {
  /** A file's own check of every page session after each test, beside the common ones. */
  checkSession?: (session: PageSession) => void;
}

/**
 * One e2e file's demo server and headless browser, started together before its tests and stopped
 * after them, and the checks every page of every test must pass. Call once at the top of a spec file.
 */
export function useE2eSuite(options: E2eSuiteOptions = {}): E2eSuite {
  let server: KarpearServer | undefined;
  let browser: Browser | undefined;
  const open: PageSession[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([
      startServer({ env: options.env, timeoutMs: START_TIMEOUT_MS }),
      launchBrowser(),
    ]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await closeBrowser(browser);
    await server?.stop();
  });

  afterEach(async () => {
    const finished = open.splice(0);
    for (const session of finished) await session.close();
    for (const session of finished) {
      expect(session.foreignRequests, 'requests to hosts other than the Karpear server').toEqual([]);
      expect(session.pageErrors, 'uncaught errors in the page').toEqual([]);
      const refused = session.consoleErrors.filter((message) => /Content Security Policy/i.test(message));
      expect(refused, 'resources or scripts refused by the Content-Security-Policy').toEqual([]);
      options.checkSession?.(session);
    }
  });

  const running = (): KarpearServer => {
    if (!server) throw new Error('the server did not start');
    return server;
  };
  return {
    server: running,
    async open(path, pageOptions) {
      if (!browser) throw new Error('the browser did not start');
      const session = await openPage(browser, running().url, pageOptions);
      open.push(session);
      await session.page.goto(path);
      return session.page;
    },
  };
}

/** Fails with every serious or critical axe violation on the page as it is now. */
export async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page), `accessibility of ${what}`).toEqual([]);
}

/** axe's serious and critical violations, one line each (where, which rule). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ` +
        violation.nodes.map((node) => node.target.join(' ')).join(', '),
    );
}
