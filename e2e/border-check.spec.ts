import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messages, signIn } from './support/auth';
import { closeBrowser, launchBrowser, openPage, type PageSession } from './support/browser';
import { demoAccount } from './support/demo';
import { type KarpearServer, startServer } from './support/server';

// The border desk (issue 6): an immigration officer, whose navigation offers only the desk, checks a
// traveller on the demo register (invented "Testy Placeholder McDemo", passport GB ZZ0000101) and
// gets a red hit with instructions and no register details; then a traveller with no match. In Khmer.

const { km } = messages;
const OFFICER = 'immigration@demo.karpear.test';

let server: KarpearServer | undefined;
let browser: Browser | undefined;
const sessions: PageSession[] = [];

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

async function open(path: string): Promise<Page> {
  if (!browser || !server) throw new Error('server or browser did not start');
  const session = await openPage(browser, server.url);
  sessions.push(session);
  await session.page.goto(path);
  return session.page;
}

describe('border desk', () => {
  it('answers a hit with instructions only, then a no-hit', { timeout: 150_000 }, async () => {
    const page = await open('/login');
    await signIn(page, 'km', demoAccount(server!, OFFICER));
    const desk = page.getByRole('link', { name: km.offenders.nav.borderCheck });
    await desk.click();
    await page.getByRole('heading', { level: 1, name: km.offenders.check.title }).waitFor();
    // Nothing of the register to browse for a desk-only officer.
    expect(await page.getByRole('link', { name: km.capabilities.offenders }).count()).toBe(0);

    await page.getByLabel(km.offenders.check.passportNumber).fill('ZZ 0000101');
    await page.getByLabel(km.offenders.check.passportCountry).fill('GBR');
    await page.getByLabel(km.offenders.check.names, { exact: true }).fill('Testy Placeholder McDemo');
    await page.getByRole('button', { name: km.offenders.check.submit, exact: true }).click();
    const hit = page.locator('[data-result="hit"]');
    await hit.waitFor();
    const text = (await hit.textContent()) ?? '';
    expect(text).toContain('TCSE');
    expect(text).toMatch(/HIT-[0-9A-F]{8}/);
    for (const secret of ['Testy', 'Placeholder', 'REG-2025', 'Synthetic demo offence'])
      expect(text).not.toContain(secret);

    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByRole('button', { name: km.offenders.check.next }).click();
    await page.getByLabel(km.offenders.check.names, { exact: true }).fill('Nobody Inparticular Journeyman');
    await page.getByRole('button', { name: km.offenders.check.submit, exact: true }).click();
    await page.locator('[data-result="no_hit"]').waitFor();
  });
});
