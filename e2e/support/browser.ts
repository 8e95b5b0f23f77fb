import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`, done by scripts/ensure-system-deps.sh). We never download a
 * browser build: `npx playwright install` is not part of this project.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, offline-friendly headless Chromium: no background calls home, no component updates, no QUIC. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary user-data-dir of its own
 * and deletes it on close, so no profile state leaks between runs; each `openPage` also gets a fresh
 * incognito-like context (own cookies and localStorage).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run 'bash scripts/ensure-system-deps.sh chromium' (Debian package chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/** Closes the browser; never throws, never waits more than 10 s (teardown must not hang). */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.race([
    browser.close().catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
  ]);
}

/** A page in its own browser context, watching what it fetches and what goes wrong in it. */
export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Every request to anywhere but the app's origin (blocked, and a test failure). */
  foreignRequests: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: string[];
  /** console.error messages (not a failure by themselves; useful in assertion messages). */
  consoleErrors: string[];
  /** Every script the pages requested (the public portal must ship none). */
  scripts: string[];
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** Browser locale (navigator.language); the app must not depend on it. Default en-US. */
  locale?: string;
  viewport?: { width: number; height: number };
  /** A phone: touch and a mobile viewport meta tag honoured (pass a phone-sized `viewport` too). */
  phone?: boolean;
  /** Default true; false is a browser with JavaScript switched off. */
  javaScript?: boolean;
}

/** Schemes that never leave the machine. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-error:']);

function isForeign(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    return !LOCAL_SCHEMES.has(parsed.protocol) && parsed.origin !== origin;
  } catch {
    return true;
  }
}

/**
 * Opens a fresh context and page whose relative URLs resolve against `baseURL` (the server under test).
 * Requests to any other origin are recorded in `foreignRequests` and aborted, so a test can assert the
 * app needs nothing but its own server (no CDN, no fonts or analytics from elsewhere).
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: OpenPageOptions = {},
): Promise<PageSession> {
  const origin = new URL(baseURL).origin;
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? 'en-US',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
    javaScriptEnabled: options.javaScript ?? true,
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const scripts: string[] = [];
  context.on('request', (request: Request) => {
    if (isForeign(request.url(), origin)) foreignRequests.push(`${request.method()} ${request.url()}`);
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await context.route(
    (url) => isForeign(url.toString(), origin),
    (route) => route.abort('blockedbyclient'),
  );
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  return {
    context,
    page,
    foreignRequests,
    pageErrors,
    consoleErrors,
    scripts,
    close: async () => {
      await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
