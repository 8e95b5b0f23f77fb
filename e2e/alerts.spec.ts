import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messages, signIn, signOut } from './support/auth';
import { closeBrowser, launchBrowser, openPage, type PageSession } from './support/browser';
import { demoAccount } from './support/demo';
import { type KarpearServer, startServer } from './support/server';

// Alerts (issue 5): an operator assigns a tip to the specialist unit; its supervisor sees the count on
// the header's bell, opens the alerts page (linked to the tip) and acknowledges the alert. Synthetic data.

const { km } = messages;
const OPERATOR = 'operator@demo.karpear.test';
const SUPERVISOR = 'supervisor@demo.karpear.test';

let server: KarpearServer | undefined;
let browser: Browser | undefined;
const sessions: PageSession[] = [];

// Start-up (PGlite initdb, migrations, demo seed) is slow on a busy shared machine: wait longer.
beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([
    startServer({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' }, timeoutMs: 170_000 }),
    launchBrowser(),
  ]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
}, 180_000);

afterAll(async () => {
  await closeBrowser(browser);
  await server?.stop();
});

afterEach(async () => {
  const finished = sessions.splice(0);
  for (const session of finished) await session.close();
  for (const session of finished) {
    expect(session.pageErrors, 'uncaught errors in the page').toEqual([]);
    const blocked = session.consoleErrors.filter((message) => /Content Security Policy/i.test(message));
    expect(blocked, 'refused by the Content-Security-Policy').toEqual([]);
  }
});

function running(): KarpearServer {
  if (!server) throw new Error('server did not start');
  return server;
}

async function open(path: string): Promise<Page> {
  if (!browser) throw new Error('browser did not start');
  const session = await openPage(browser, running().url);
  sessions.push(session);
  await session.page.goto(path);
  return session.page;
}

/** A JSON call with the signed-in page's cookies and the header the API requires. */
async function call<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = await page.request.fetch(path, { method, data, headers: { 'x-requested-with': 'karpear' } });
  expect(res.status(), `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

describe('alerts', () => {
  it('a supervisor sees a unit alert on the bell and acknowledges it', { timeout: 150_000 }, async () => {
    const operatorPage = await open('/login');
    await signIn(operatorPage, 'km', demoAccount(running(), OPERATOR));
    const me = await call<{ agency: { id: string } }>(operatorPage, 'GET', '/api/v1/me');
    const units = await call<{ items: Array<{ id: string; code: string }> }>(
      operatorPage,
      'GET',
      `/api/v1/agencies/${me.agency.id}/units`,
    );
    const tcse = units.items.find((u) => u.code === 'TCSE')!;
    const tip = await call<{ id: string; reference: string }>(operatorPage, 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'Synthetic alert journey tip.',
    });
    await call(operatorPage, 'POST', `/api/v1/tips/${tip.id}/assign`, { unitId: tcse.id });
    await signOut(operatorPage, 'km');

    const page = await open('/login');
    await signIn(page, 'km', demoAccount(running(), SUPERVISOR));
    const bell = page.getByTestId('alerts-bell');
    const counted = new RegExp(`^${km.alerts.bellCount.replace('{{count}}', '\\d+')}$`);
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(counted);
    await bell.click();
    await page.getByRole('heading', { level: 1, name: km.alerts.title, exact: true }).waitFor();
    const text = km.alerts.kind.tip_assigned.replace('{{reference}}', tip.reference);
    await page.getByText(text, { exact: true }).waitFor();
    const link = page.getByRole('link', { name: km.alerts.open.replace('{{reference}}', tip.reference) });
    expect(await link.getAttribute('href')).toBe(`/tips/${tip.id}`);

    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    const before = Number((await bell.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
    await page.getByRole('button', { name: `${km.alerts.acknowledge}: ${text}` }).click();
    await page.getByText(text, { exact: true }).waitFor({ state: 'detached' });
    await expect
      .poll(() => bell.getAttribute('aria-label'))
      .toBe(before - 1 > 0 ? km.alerts.bellCount.replace('{{count}}', String(before - 1)) : km.alerts.bell);
  });
});
